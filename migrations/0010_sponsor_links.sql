-- A sponsor and up to three trusted people linked with consent (issue 17), the SOS alerts
-- sent to them, and the sponsor calls a person logged. Ids are never reused
-- (AUTOINCREMENT): outbox dedupe keys carry them, and rows are deleted (unlink, /deleteme).

-- An invitation into the bot: a deep link (start=sp_<token>) bound to the inviter, open for
-- 7 days, used once. Nothing reaches the invited person before they accept.
CREATE TABLE link_invitations (
    invitation_id  INTEGER PRIMARY KEY AUTOINCREMENT,
    token          TEXT    NOT NULL UNIQUE,
    inviter_id     INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    role           TEXT    NOT NULL CHECK (role IN ('sponsor', 'trusted')),
    created_at_utc INTEGER NOT NULL,
    expires_at_utc INTEGER NOT NULL,
    state          TEXT    NOT NULL DEFAULT 'open'
                   CHECK (state IN ('open', 'accepted', 'declined', 'revoked')),
    answered_by    INTEGER REFERENCES users(user_id) ON DELETE SET NULL,
    answered_at_utc INTEGER
);
CREATE INDEX link_invitations_by_inviter ON link_invitations(inviter_id);

-- person_id asked helper_id to be their sponsor or one of their people. `position` orders
-- who an SOS reaches first (the sponsor, then the others in the order they accepted).
CREATE TABLE links (
    link_id          INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id        INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    helper_id        INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    role             TEXT    NOT NULL CHECK (role IN ('sponsor', 'trusted')),
    share_milestones INTEGER NOT NULL DEFAULT 0,   -- the helper hears of milestones (opt-in)
    share_calls      INTEGER NOT NULL DEFAULT 0,   -- the helper sees that a call was logged
    created_at_utc   INTEGER NOT NULL,
    UNIQUE (person_id, helper_id),
    CHECK (person_id <> helper_id)
);
CREATE INDEX links_by_helper ON links(helper_id);
CREATE UNIQUE INDEX one_sponsor ON links(person_id) WHERE role = 'sponsor';

-- "Ask Sam for help": one alert per confirm tap (the update id makes a replay harmless).
CREATE TABLE sos_alerts (
    alert_id         INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id        INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    update_id        INTEGER UNIQUE,
    created_at_utc   INTEGER NOT NULL,
    state            TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'stopped')),
    stopped_at_utc   INTEGER
);
CREATE INDEX sos_alerts_by_person ON sos_alerts(person_id, created_at_utc);

-- Who an alert reached, and what they answered (calling, writing, cannot, unreachable).
CREATE TABLE sos_asks (
    alert_id        INTEGER NOT NULL REFERENCES sos_alerts(alert_id) ON DELETE CASCADE,
    helper_id       INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    asked_at_utc    INTEGER NOT NULL,
    answer          TEXT CHECK (answer IN ('calling', 'writing', 'cannot', 'unreachable')),
    answered_at_utc INTEGER,
    PRIMARY KEY (alert_id, helper_id)
);
CREATE INDEX sos_asks_by_helper ON sos_asks(helper_id);

-- "Did you reach Sam?" answered: one row per person per local day; never what was said.
CREATE TABLE sponsor_calls (
    user_id    INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    local_date TEXT    NOT NULL,
    answer     TEXT    NOT NULL CHECK (answer IN ('yes', 'not_yet', 'couldnt')),
    answered_at_utc INTEGER NOT NULL,
    PRIMARY KEY (user_id, local_date)
);
