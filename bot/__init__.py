"""Milestone Bot: clean time, check-ins, small goals and peer milestones on Telegram."""
