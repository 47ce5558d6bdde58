-- Groups as they really meet (issue 18): forum topics, a group's own time zone, and
-- announcements that stay true when a clean date is corrected.

-- The forum topic announcements and the digest go to (NULL: General, addressed by leaving
-- message_thread_id out). Set by the topic /setup came from; an admin can change it.
ALTER TABLE groups ADD COLUMN topic_id INTEGER;
-- Who chose the topic: told privately when it is closed or deleted (NULL: an anonymous
-- admin, or nobody yet).
ALTER TABLE groups ADD COLUMN topic_admin_id INTEGER;
-- The group's own time zone (IANA name; NULL: DEFAULT_TIMEZONE), used for the digest's day.
ALTER TABLE groups ADD COLUMN timezone TEXT;

-- Which streak an announcement was about, so a corrected clean date can correct it.
ALTER TABLE announcements ADD COLUMN streak_id INTEGER;
-- 0: true as posted; 1: withdrawn (the corrected date never reached it); 2: rewritten to the
-- milestone the corrected date reached that day.
ALTER TABLE announcements ADD COLUMN corrected INTEGER NOT NULL DEFAULT 0
    CHECK (corrected IN (0, 1, 2));
-- 1: posted as a chip with a caption (edited with editMessageCaption).
ALTER TABLE announcements ADD COLUMN photo INTEGER NOT NULL DEFAULT 0;
CREATE INDEX announcements_by_user ON announcements(user_id, streak_id);

-- A group's digest schedule has no user (NULL), so its UNIQUE never matched and each /setup
-- toggle added a row: keep the newest of each.
DELETE FROM schedules WHERE user_id IS NULL AND schedule_id NOT IN (
    SELECT max(schedule_id) FROM schedules WHERE user_id IS NULL GROUP BY kind, ref_id
);
