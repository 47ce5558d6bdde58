-- People talk: a journal of every note with its time, resets that can be undone, and
-- milestones a quiet person reached that their groups hear about once they are back.

-- Every note is kept with its time; none replaces another. `kept` = 0 while the bot has
-- only offered to keep it ("keep this in today's journal?"); such offers expire.
CREATE TABLE journal_notes (
    note_id           INTEGER PRIMARY KEY,
    user_id           INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    local_date        TEXT    NOT NULL,               -- YYYY-MM-DD in the person's zone
    text              TEXT    NOT NULL CHECK (length(text) <= 2000),
    kept              INTEGER NOT NULL DEFAULT 1,
    created_at_utc    INTEGER NOT NULL,
    created_by_update INTEGER UNIQUE
);
CREATE INDEX journal_by_user ON journal_notes(user_id, local_date);
INSERT INTO journal_notes (user_id, local_date, text, created_at_utc)
SELECT user_id, local_date, note, coalesce(answered_at_utc, created_at_utc)
FROM check_ins WHERE note IS NOT NULL;
UPDATE check_ins SET note = NULL;

-- A reset's new streak remembers the one it ended, so Undo (within 24 h) restores it.
ALTER TABLE streaks ADD COLUMN replaces_streak_id INTEGER REFERENCES streaks(streak_id);

-- Reached while the person was quiet: congratulated privately, announced once they return.
ALTER TABLE milestone_awards ADD COLUMN announce_pending INTEGER NOT NULL DEFAULT 0;

-- The daily "call your sponsor" reminder: it carries the sponsor's link, and its ✅
-- counts for a goal about calling them.
ALTER TABLE reminders ADD COLUMN purpose TEXT;
UPDATE reminders SET purpose = 'sponsor'
WHERE goal_id IS NULL AND text LIKE 'Call %'
  AND substr(text, 6) = (SELECT name FROM sponsors s WHERE s.user_id = reminders.user_id);
