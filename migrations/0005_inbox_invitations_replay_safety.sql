-- Nothing a person sends is lost (the inbox), nothing a stranger does reaches a group
-- (bound invitations, frozen announcement names), and a replayed update changes nothing twice.

-- Every update is stored here before Telegram is told it arrived. The payload (which holds
-- message text) is deleted once the update is handled; the id stays a few days so a replay
-- is recognised.
CREATE TABLE inbox (
    update_id       INTEGER PRIMARY KEY,
    payload         TEXT,                          -- raw JSON; NULL once handled
    state           TEXT    NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'done', 'set_aside')),
    attempts        INTEGER NOT NULL DEFAULT 0,    -- starts that tried it (crash loops)
    reason          TEXT,                          -- why it was set aside (a class name)
    received_at_utc INTEGER NOT NULL,
    done_at_utc     INTEGER
);
CREATE INDEX inbox_pending ON inbox(update_id) WHERE state = 'pending';
CREATE INDEX inbox_done ON inbox(done_at_utc) WHERE done_at_utc IS NOT NULL;
INSERT INTO inbox (update_id, state, received_at_utc, done_at_utc)
SELECT update_id, 'done', handled_at_utc, handled_at_utc FROM processed_updates;
DROP TABLE processed_updates;

-- Rows a command creates carry the update that created them: a replay finds them.
ALTER TABLE goals ADD COLUMN created_by_update INTEGER;
CREATE UNIQUE INDEX goals_by_update ON goals(created_by_update);
ALTER TABLE reminders ADD COLUMN created_by_update INTEGER;
CREATE UNIQUE INDEX reminders_by_update ON reminders(created_by_update);
ALTER TABLE streaks ADD COLUMN created_by_update INTEGER;
CREATE UNIQUE INDEX streaks_by_update ON streaks(created_by_update);

-- A reminder deleted by its owner (a finished one-off is inactive but still delivered).
ALTER TABLE reminders ADD COLUMN deleted_at_utc INTEGER;

-- Announcements go out first; group command replies last.
ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 1;
DROP INDEX outbox_pending;
CREATE INDEX outbox_pending ON outbox(priority, outbox_id) WHERE state = 'pending';
UPDATE outbox SET priority = 0 WHERE kind IN ('announcement', 'clap_edit');
UPDATE outbox SET priority = 2 WHERE kind = 'group_reply';

-- The name a group was told is the name its post keeps (a later rename changes nothing there).
ALTER TABLE announcements ADD COLUMN alias TEXT;
UPDATE announcements SET alias = (
    SELECT coalesce(u.alias, u.first_name) FROM users u WHERE u.user_id = announcements.user_id
);

-- An invitation to share milestones with a group is for one person, for a day, until revoked.
CREATE TABLE invitations (
    invitation_id   INTEGER PRIMARY KEY,
    token           TEXT    NOT NULL UNIQUE,       -- opaque; the deep-link payload
    group_id        INTEGER NOT NULL REFERENCES groups(group_id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL,              -- the only person who may use it
    created_at_utc  INTEGER NOT NULL,
    expires_at_utc  INTEGER NOT NULL,
    used_at_utc     INTEGER,
    revoked         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX invitations_by_group ON invitations(group_id, revoked);
CREATE INDEX invitations_by_user ON invitations(user_id);
