"""Pure recovery logic: dates, streaks, milestones, schedules, goals. No I/O, no Telegram."""
