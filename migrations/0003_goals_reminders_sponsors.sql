-- Small goals, their daily progress, reminders (goal-linked or not) and sponsors.

CREATE TABLE goals (
    goal_id        INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    title          TEXT    NOT NULL CHECK (length(title) <= 200),
    reason         TEXT,
    kind           TEXT    NOT NULL CHECK (kind IN ('once', 'daily', 'count')),
    target         INTEGER NOT NULL CHECK (target >= 1),   -- days of progress per period
    period_kind    TEXT    NOT NULL CHECK (period_kind IN ('none', 'week', 'days')),
    period_days    INTEGER NOT NULL DEFAULT 0,
    repeats        INTEGER NOT NULL DEFAULT 0,             -- rolls into the next period
    ends_on        TEXT,                                   -- last local date of a repeating goal
    period_start   TEXT    NOT NULL,                       -- local YYYY-MM-DD
    period_end     TEXT,                                   -- local YYYY-MM-DD; NULL: no deadline
    reminder_time  TEXT,                                   -- local HH:MM
    state          TEXT    NOT NULL DEFAULT 'active'
                   CHECK (state IN ('draft', 'active', 'missed', 'completed', 'dropped')),
    created_at_utc INTEGER NOT NULL,
    updated_at_utc INTEGER NOT NULL
);
CREATE INDEX goals_by_user ON goals(user_id, state);

-- One day counts once, however many buttons say so.
CREATE TABLE goal_progress (
    goal_id        INTEGER NOT NULL REFERENCES goals(goal_id) ON DELETE CASCADE,
    local_date     TEXT    NOT NULL,
    source         TEXT    NOT NULL CHECK (source IN ('done', 'checkin', 'reminder')),
    created_at_utc INTEGER NOT NULL,
    PRIMARY KEY (goal_id, local_date)
) WITHOUT ROWID;

CREATE TABLE reminders (
    reminder_id    INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    text           TEXT    NOT NULL CHECK (length(text) <= 200),
    at_time        TEXT    NOT NULL,                       -- local HH:MM
    repeat         TEXT    NOT NULL CHECK (repeat IN ('once', 'daily', 'weekdays', 'until')),
    ends_on        TEXT,                                   -- last local date for 'until'
    goal_id        INTEGER REFERENCES goals(goal_id) ON DELETE CASCADE,
    skip_on        TEXT,                                   -- a local date skipped
    settled_on     TEXT,                                   -- a local date marked done
    active         INTEGER NOT NULL DEFAULT 1,
    created_at_utc INTEGER NOT NULL
);
CREATE INDEX reminders_by_user ON reminders(user_id, active);
CREATE INDEX reminders_by_goal ON reminders(goal_id);

-- Who to call. A name and an optional Telegram username; never a phone number.
CREATE TABLE sponsors (
    user_id  INTEGER PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
    name     TEXT NOT NULL CHECK (length(name) <= 64),
    username TEXT CHECK (username IS NULL OR length(username) <= 32)
);
