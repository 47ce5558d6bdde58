"""Due work: one repeating tick fills the outbox from SQLite; one sender drains it."""
