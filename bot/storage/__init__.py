"""SQLite storage: one writer connection, numbered SQL migrations, small repositories."""
