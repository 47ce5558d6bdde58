-- Peer groups: opt-in milestone announcements, congratulations, weekly digest.

CREATE TABLE groups (
    group_id       INTEGER PRIMARY KEY,              -- stable; chat_id changes on migration
    chat_id        INTEGER NOT NULL UNIQUE,
    title          TEXT    NOT NULL DEFAULT '',
    is_active      INTEGER NOT NULL DEFAULT 1,       -- 0: the bot was removed or the chat is gone
    announcements  INTEGER NOT NULL DEFAULT 0,       -- turned on by an admin's /setup
    digest         INTEGER NOT NULL DEFAULT 0,
    digest_weekday INTEGER NOT NULL DEFAULT 6 CHECK (digest_weekday BETWEEN 0 AND 6),
    join_token     TEXT    NOT NULL UNIQUE,          -- opaque deep-link token, not the chat id
    created_at_utc INTEGER NOT NULL
);

-- Double opt-in: a member joins by /join in the group and Yes in private.
CREATE TABLE memberships (
    group_id       INTEGER NOT NULL REFERENCES groups(group_id) ON DELETE CASCADE,
    user_id        INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    joined         INTEGER NOT NULL,                 -- 1 joined, 0 left
    updated_at_utc INTEGER NOT NULL,
    PRIMARY KEY (group_id, user_id)
) WITHOUT ROWID;
CREATE INDEX memberships_by_user ON memberships(user_id, joined);

-- What a group was told: an alias reached a milestone. At most one per member per day.
CREATE TABLE announcements (
    announcement_id INTEGER PRIMARY KEY,
    group_id        INTEGER NOT NULL REFERENCES groups(group_id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    milestone_key   TEXT    NOT NULL,
    local_date      TEXT    NOT NULL,
    message_id      INTEGER,                         -- the group message, once sent
    claps           INTEGER NOT NULL DEFAULT 0,
    shown_claps     INTEGER NOT NULL DEFAULT 0,      -- the count the group message shows
    edits_sent      INTEGER NOT NULL DEFAULT 0,      -- one pending count edit per generation
    created_at_utc  INTEGER NOT NULL,
    UNIQUE (group_id, user_id, local_date)
);
CREATE INDEX announcements_by_group ON announcements(group_id, created_at_utc);

-- Each member's 👏 counts once.
CREATE TABLE claps (
    announcement_id INTEGER NOT NULL REFERENCES announcements(announcement_id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL,                -- any group member, user of the bot or not
    name            TEXT    NOT NULL,                -- their first name, for the thank-you note
    created_at_utc  INTEGER NOT NULL,
    PRIMARY KEY (announcement_id, user_id)
) WITHOUT ROWID;
