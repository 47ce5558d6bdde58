-- Operational facts that outlive a restart: the health probe's last write, the last backup.
CREATE TABLE operations (
    key            TEXT    PRIMARY KEY,
    value          TEXT    NOT NULL,
    updated_at_utc INTEGER NOT NULL
);
