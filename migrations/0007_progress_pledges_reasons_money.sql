-- Progress you can see: reasons, the morning pledge, money kept, notes to a future self,
-- milestone chips; and what /deleteme needs to find every row about a person.

ALTER TABLE users ADD COLUMN pledge_time TEXT;            -- local HH:MM; NULL = off
ALTER TABLE users ADD COLUMN spend_amount TEXT;           -- decimal, what using cost
ALTER TABLE users ADD COLUMN spend_currency TEXT;         -- ISO 4217
ALTER TABLE users ADD COLUMN spend_period TEXT CHECK (spend_period IN ('day', 'week'));

-- The person's own reasons for recovery (up to 10), shown in hard moments and each morning.
CREATE TABLE reasons (
    reason_id         INTEGER PRIMARY KEY,
    user_id           INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    text              TEXT    NOT NULL CHECK (length(text) <= 200),
    created_at_utc    INTEGER NOT NULL,
    created_by_update INTEGER UNIQUE
);
CREATE INDEX reasons_by_user ON reasons(user_id);

-- "Just for today": one commitment per person per local date.
CREATE TABLE pledges (
    user_id          INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    local_date       TEXT    NOT NULL,
    committed_at_utc INTEGER NOT NULL,
    PRIMARY KEY (user_id, local_date)
) WITHOUT ROWID;

-- A note written at one milestone, shown back at the next.
CREATE TABLE future_notes (
    note_id           INTEGER PRIMARY KEY,
    user_id           INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    streak_id         INTEGER NOT NULL REFERENCES streaks(streak_id) ON DELETE CASCADE,
    written_at_key    TEXT    NOT NULL,                 -- the milestone it was written at
    text              TEXT    NOT NULL CHECK (length(text) <= 2000),
    created_at_utc    INTEGER NOT NULL,
    shown_at_utc      INTEGER,
    created_by_update INTEGER UNIQUE
);
CREATE INDEX future_notes_by_user ON future_notes(user_id, shown_at_utc);

-- Waiting for a reply: the next plain message is a reason, or a note to future me.
ALTER TABLE users ADD COLUMN awaiting TEXT;              -- 'future_note:<streak>:<key>'

-- Milestone chips sent once are re-sent by Telegram's file id (per person and milestone).
CREATE TABLE chips (
    user_id        INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    chip_key       TEXT    NOT NULL,                    -- milestone key + alias
    file_id        TEXT    NOT NULL,
    PRIMARY KEY (user_id, chip_key)
) WITHOUT ROWID;

-- Groups may show the chip with announcements (an admin's choice in /setup).
ALTER TABLE groups ADD COLUMN chips INTEGER NOT NULL DEFAULT 0;

-- Who an update came from, so /deleteme finds their unhandled updates too.
ALTER TABLE inbox ADD COLUMN user_id INTEGER;
CREATE INDEX inbox_by_user ON inbox(user_id) WHERE user_id IS NOT NULL;
