-- Private at rest (issue 20): what a person wrote is sealed with their own data key.
-- The plain columns keep their constraints and hold '' (or NULL) once a row is sealed;
-- the text lives in the *_sealed BLOB columns. Existing rows are sealed after this
-- migration, in batches, by the program (it needs the master key): see
-- bot/storage/sealing_upgrade.py.

-- The data keys themselves are not in this database: they live in the key store beside
-- the master key (bot/storage/sealing.py), so no backup or replica of this file holds
-- them, and a key destroyed by /deleteme leaves nothing here that can be opened.

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
