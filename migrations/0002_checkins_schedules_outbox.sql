-- Daily check-ins, durable schedules, milestone awards and the outbox.

ALTER TABLE users ADD COLUMN checkin_time TEXT DEFAULT '20:00';  -- local HH:MM; NULL = off
ALTER TABLE users ADD COLUMN nudged_at_utc INTEGER;              -- "we're here" sent in this silence

-- Every piece of timed work is a row; one tick claims the due ones. No per-user jobs.
CREATE TABLE schedules (
    schedule_id     INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL,              -- 'daily' (check-in + milestones), ...
    user_id         INTEGER REFERENCES users(user_id) ON DELETE CASCADE,
    ref_id          INTEGER NOT NULL DEFAULT 0,    -- the reminder/goal/group it belongs to
    local_time      TEXT    NOT NULL,              -- HH:MM in the owner's zone
    next_due_at_utc INTEGER NOT NULL,              -- epoch seconds
    UNIQUE (kind, user_id, ref_id)
);
CREATE INDEX schedules_due ON schedules(next_due_at_utc);
CREATE INDEX schedules_by_user ON schedules(user_id);

-- One check-in per user per local date; answering again updates the row.
CREATE TABLE check_ins (
    user_id           INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    local_date        TEXT    NOT NULL,            -- YYYY-MM-DD in the user's zone
    question_id       INTEGER NOT NULL,            -- index into the journaling questions
    mood              INTEGER CHECK (mood BETWEEN 1 AND 5),
    craving           TEXT    CHECK (craving IN ('none', 'mild', 'strong')),
    note              TEXT    CHECK (length(note) <= 2000),
    prompt_message_id INTEGER,                     -- the latest prompt message for this date
    created_at_utc    INTEGER NOT NULL,
    answered_at_utc   INTEGER,
    PRIMARY KEY (user_id, local_date)
) WITHOUT ROWID;
CREATE INDEX check_ins_by_prompt ON check_ins(user_id, prompt_message_id);

-- A milestone is awarded at most once per streak; `celebrated` = 0 when recorded silently.
CREATE TABLE milestone_awards (
    streak_id      INTEGER NOT NULL REFERENCES streaks(streak_id) ON DELETE CASCADE,
    milestone_key  TEXT    NOT NULL,
    reached_on     TEXT    NOT NULL,
    celebrated     INTEGER NOT NULL,
    awarded_at_utc INTEGER NOT NULL,
    PRIMARY KEY (streak_id, milestone_key)
) WITHOUT ROWID;

-- Everything scheduled is sent from here, once per dedupe key.
CREATE TABLE outbox (
    outbox_id      INTEGER PRIMARY KEY,
    dedupe_key     TEXT    NOT NULL UNIQUE,        -- e.g. checkin:<user>:<local-date>
    chat_id        INTEGER NOT NULL,
    user_id        INTEGER,                        -- the person it concerns, if any
    kind           TEXT    NOT NULL,               -- how to render it: checkin, milestone, ...
    params         TEXT    NOT NULL DEFAULT '{}',  -- JSON ids and numbers, never free text
    state          TEXT    NOT NULL DEFAULT 'pending'
                   CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts       INTEGER NOT NULL DEFAULT 0,
    message_id     INTEGER,
    last_error     TEXT,                           -- error class only
    created_at_utc INTEGER NOT NULL,
    done_at_utc    INTEGER
);
CREATE INDEX outbox_pending ON outbox(outbox_id) WHERE state = 'pending';
CREATE INDEX outbox_sending ON outbox(outbox_id) WHERE state = 'sending';
CREATE INDEX outbox_done ON outbox(done_at_utc) WHERE done_at_utc IS NOT NULL;
CREATE INDEX outbox_by_message ON outbox(chat_id, message_id);

-- Every user has a daily schedule from the moment they exist. It starts due at once
-- (epoch 0): the next tick sees it is not a real occurrence, sends nothing, and moves it
-- to the right local time in the user's zone.
CREATE TRIGGER users_get_a_daily_schedule AFTER INSERT ON users BEGIN
    INSERT OR IGNORE INTO schedules (kind, user_id, local_time, next_due_at_utc)
    VALUES ('daily', NEW.user_id, coalesce(NEW.checkin_time, '09:00'), 0);
END;
INSERT INTO schedules (kind, user_id, local_time, next_due_at_utc)
SELECT 'daily', user_id, '20:00', 0 FROM users;
