"""Running the bot for real: webhook, health and metrics endpoints, backups."""
