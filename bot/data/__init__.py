"""Reference data shipped with the bot (crisis lines)."""
