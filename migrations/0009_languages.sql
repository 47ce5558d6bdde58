-- The language each person reads (taken from Telegram's language_code at first contact,
-- changed with /language), and each group's (chosen at /setup). NULL: not chosen yet.
ALTER TABLE users ADD COLUMN language TEXT;
ALTER TABLE groups ADD COLUMN language TEXT;
