# Milestone Bot: slim Python, a non-root user, the database on a volume.
#   docker build -t milestone-bot .
#   docker run -d --env-file .env -v milestone-data:/data -p 127.0.0.1:9090:9090 milestone-bot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY migrations ./migrations
RUN pip install . \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin milestone \
    && mkdir -p /data /data/backups \
    && chown -R milestone:milestone /data

# Everything the bot keeps (database, backups) is on this volume; the image holds no data.
VOLUME ["/data"]
ENV DATABASE_PATH=/data/bot.sqlite3 \
    BACKUP_DIR=/data/backups \
    HTTP_LISTEN=0.0.0.0:9090 \
    LOG_FORMAT=json

USER milestone
# 9090: /healthz and /metrics. 8443: the webhook, when WEBHOOK_URL is set.
EXPOSE 9090 8443

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request, sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:9090/healthz', timeout=4).status == 200 else 1)"]

# SIGTERM (docker stop) finishes the updates in flight; give it the time to.
STOPSIGNAL SIGTERM
CMD ["python", "-m", "bot"]
