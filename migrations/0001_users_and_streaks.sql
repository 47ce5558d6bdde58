-- People who talk to the bot privately, their clean-time streaks, and handled updates.
CREATE TABLE users (
    user_id          INTEGER PRIMARY KEY,           -- Telegram user id
    first_name       TEXT    NOT NULL DEFAULT '',
    alias            TEXT,                          -- what peers see; NULL means first name
    timezone         TEXT,                          -- IANA name; NULL means DEFAULT_TIMEZONE
    is_active        INTEGER NOT NULL DEFAULT 1,    -- 0 after a 403 (blocked) until they write
    last_seen_at_utc INTEGER NOT NULL,              -- epoch seconds of their latest message
    created_at_utc   INTEGER NOT NULL
);

-- One row per run of clean time; ended_on is the relapse date, NULL for the current one.
CREATE TABLE streaks (
    streak_id      INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    clean_date     TEXT    NOT NULL,                -- local YYYY-MM-DD
    ended_on       TEXT,                            -- local YYYY-MM-DD
    created_at_utc INTEGER NOT NULL,
    CHECK (ended_on IS NULL OR ended_on >= clean_date)
);
CREATE INDEX streaks_by_user ON streaks(user_id, clean_date);
CREATE UNIQUE INDEX one_current_streak ON streaks(user_id) WHERE ended_on IS NULL;

-- Telegram may replay updates after a crash; each update id is applied at most once.
CREATE TABLE processed_updates (
    update_id      INTEGER PRIMARY KEY,
    handled_at_utc INTEGER NOT NULL
);
CREATE INDEX processed_updates_by_time ON processed_updates(handled_at_utc);
