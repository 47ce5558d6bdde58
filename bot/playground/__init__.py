"""The playground: the real bot against a local fake Telegram, in a browser page."""
