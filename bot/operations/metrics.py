"""Prometheus metrics, in a registry of the bot's own (one per Application, so tests and
the playground never share counters).

Counters and histograms are updated where things happen (cheap, in memory); the two
backlogs are read from the database when `/metrics` is scraped.
"""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

# Handler latency: most commands take a few ms; pictures and first-time setups ~100 ms.
_HANDLER_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_TICK_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
UPDATE_TYPES = ("message", "edited_message", "callback_query", "my_chat_member", "channel_post")


def update_type(payload_or_update: object) -> str:
    """The kind of update: the Bot API field it carries."""
    for kind in UPDATE_TYPES:
        if isinstance(payload_or_update, dict):
            if kind in payload_or_update:
                return kind
        elif getattr(payload_or_update, kind, None) is not None:
            return kind
    return "other"


class Metrics:
    """Everything `/metrics` shows."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.updates = Counter(
            "milestone_updates", "Updates from Telegram, by type and what became of them",
            ["type", "result"], registry=self.registry,
        )  # fmt: skip
        self.handler_seconds = Histogram(
            "milestone_handler_seconds", "Time to handle one update, by type",
            ["type"], buckets=_HANDLER_BUCKETS, registry=self.registry,
        )  # fmt: skip
        self.sends = Counter(
            "milestone_sends", "Outbox messages, by what Telegram answered",
            ["result"], registry=self.registry,
        )  # fmt: skip
        self.tick_seconds = Histogram(
            "milestone_tick_seconds", "Duration of one scheduler tick",
            buckets=_TICK_BUCKETS, registry=self.registry,
        )  # fmt: skip
        self.last_tick = Gauge(
            "milestone_last_tick_timestamp_seconds", "When the last tick finished (Unix time)",
            registry=self.registry,
        )  # fmt: skip
        self.inbox_backlog = Gauge(
            "milestone_inbox_backlog", "Updates stored but not yet handled",
            registry=self.registry,
        )  # fmt: skip
        self.outbox_backlog = Gauge(
            "milestone_outbox_backlog", "Messages waiting to be sent (due now or earlier)",
            registry=self.registry,
        )  # fmt: skip

        self.webhook_refused = Counter(
            "milestone_webhook_refused", "Posts to the webhook that were refused, by why",
            ["reason"], registry=self.registry,
        )  # fmt: skip

        # Labelled children, looked up once (labels() costs more than inc() itself).
        self._children: dict[tuple[str, ...], Any] = {}

    def _child(self, metric: Any, *labels: str) -> Any:
        key = (str(id(metric)), *labels)
        child = self._children.get(key)
        if child is None:
            child = self._children[key] = metric.labels(*labels)
        return child

    def update_handled(self, kind: str, result: str, seconds: float) -> None:
        """One update went through the handlers (result: done, failed)."""
        self._child(self.updates, kind, result).inc()
        self._child(self.handler_seconds, kind).observe(seconds)

    def update_seen(self, kind: str, result: str) -> None:
        """An update that never reached a handler (duplicate, undecodable, crash loop)."""
        self._child(self.updates, kind, result).inc()

    def refused_post(self, reason: str) -> None:
        """A post to the webhook was refused (bad_secret, not_json)."""
        self._child(self.webhook_refused, reason).inc()

    def sent(self, result: str) -> None:
        """One outbox delivery attempt ended (sent, retry, rate_limited, failed, ...)."""
        self._child(self.sends, result).inc()

    def ticked(self, seconds: float, finished_at: float) -> None:
        """A scheduler tick finished."""
        self.tick_seconds.observe(seconds)
        self.last_tick.set(finished_at)

    def exposition(self) -> bytes:
        """The text format Prometheus scrapes."""
        return generate_latest(self.registry)
