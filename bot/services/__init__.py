"""Use cases: what the bot does, independent of how Telegram delivers it."""
