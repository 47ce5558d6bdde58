-- Private at rest (issue 20): what a person wrote is sealed with their own data key.
-- The plain columns keep their constraints and hold '' (or NULL) once a row is sealed;
-- the text lives in the *_sealed BLOB columns. Existing rows are sealed after this
-- migration, in batches, by the program (it needs the master key): see
-- bot/storage/sealing_upgrade.py.

-- One data key per person, wrapped by the master key (KEY_PATH). No foreign key: a key is
-- made when someone's first update is stored, before they have a users row, and /deleteme
-- destroys it in a commit of its own, before the rows go.
CREATE TABLE person_keys (
    user_id INTEGER PRIMARY KEY,
    wrapped BLOB    NOT NULL,
    key_id  TEXT    NOT NULL           -- which master key wrapped it
);

ALTER TABLE journal_notes ADD COLUMN text_sealed BLOB;
ALTER TABLE check_ins ADD COLUMN note_sealed BLOB;
ALTER TABLE goals ADD COLUMN title_sealed BLOB;
ALTER TABLE goals ADD COLUMN reason_sealed BLOB;
ALTER TABLE reminders ADD COLUMN text_sealed BLOB;
ALTER TABLE sponsors ADD COLUMN name_sealed BLOB;
ALTER TABLE sponsors ADD COLUMN username_sealed BLOB;
ALTER TABLE reasons ADD COLUMN text_sealed BLOB;
ALTER TABLE future_notes ADD COLUMN text_sealed BLOB;
ALTER TABLE inbox ADD COLUMN payload_sealed BLOB;
