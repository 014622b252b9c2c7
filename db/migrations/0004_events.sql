-- Events, registrations with a waiting list, reminders, subscriptions, broadcasts and their
-- persistent outbox (issue 5).  All times are UTC ISO-8601 text ('...Z'); shown in Asia/Bishkek.

CREATE TABLE events (
    id                      INTEGER PRIMARY KEY,
    title_ky                TEXT NOT NULL,
    title_ru                TEXT NOT NULL,
    description_ky          TEXT NOT NULL DEFAULT '',
    description_ru          TEXT NOT NULL DEFAULT '',
    starts_at               TEXT NOT NULL,
    ends_at                 TEXT NOT NULL,
    place                   TEXT,
    online_url              TEXT,
    -- JSON {"oblasts": [...], "districts": [...], "positions": [...]}; all empty = everyone
    audience                TEXT NOT NULL DEFAULT '{}',
    capacity                INTEGER CHECK (capacity IS NULL OR capacity > 0),  -- NULL = no limit
    registration_deadline   TEXT,                               -- NULL = until the start
    status                  TEXT NOT NULL DEFAULT 'scheduled'
                            CHECK (status IN ('scheduled', 'cancelled')),
    sequence                INTEGER NOT NULL DEFAULT 0,         -- bumped on every change (iCal)
    created_by              INTEGER,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    cancelled_at            TEXT
);
CREATE INDEX events_upcoming ON events(status, starts_at);

-- One row per (event, person); 'waitlist' rows are ordered by queued_at (then rowid).
CREATE TABLE event_registrations (
    event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status IN ('registered', 'waitlist', 'cancelled')),
    queued_at   TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (event_id, user_id)
);
CREATE INDEX event_registrations_user ON event_registrations(user_id, status);
CREATE INDEX event_registrations_queue ON event_registrations(event_id, status, queued_at);

-- One reminder per (event, person, offset).  A sender claims a row ('pending' -> 'sending' with
-- a claim token, in a transaction) before the Bot API call and records the result after it.
-- 'unknown' = the process died between the claim and the result: never sent again.
CREATE TABLE reminders (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    offset_minutes  INTEGER NOT NULL CHECK (offset_minutes > 0),
    due_at          TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sending', 'sent', 'skipped', 'failed',
                                      'unknown', 'cancelled')),
    late            INTEGER NOT NULL DEFAULT 0,                 -- sent after its moment
    claim_token     TEXT,
    claimed_at      TEXT,
    sent_at         TEXT,
    message_id      INTEGER,
    note            TEXT,                                       -- why skipped / failed
    UNIQUE (event_id, user_id, offset_minutes)
);
CREATE INDEX reminders_due ON reminders(status, due_at);

-- Subscriptions; a registered user without a row has the defaults (every topic, own oblast).
CREATE TABLE subscriptions (
    user_id     INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    topics      TEXT NOT NULL DEFAULT '',           -- comma-separated topic codes switched on
    regions     TEXT NOT NULL DEFAULT '',           -- oblasts followed besides the user's own
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- A broadcast: an admin's announcement, or a notice about an event to its participants.
CREATE TABLE broadcasts (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN ('announcement', 'event_new', 'event_changed',
                                                      'event_cancelled', 'waitlist_promoted')),
    priority            INTEGER NOT NULL DEFAULT 0,       -- higher first (notices before news)
    payload             TEXT NOT NULL DEFAULT '{}',       -- JSON (text, media / event id, changes)
    audience            TEXT NOT NULL DEFAULT '{}',       -- JSON (topics, regions, positions, langs)
    status              TEXT NOT NULL
                        CHECK (status IN ('scheduled', 'running', 'paused', 'done', 'cancelled')),
    scheduled_at        TEXT,
    created_by          INTEGER,
    progress_chat_id    INTEGER,
    progress_message_id INTEGER,
    total               INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL,
    started_at          TEXT,
    finished_at         TEXT,
    reported_at         TEXT,                             -- final report sent to the admin
    updated_at          TEXT NOT NULL
);
CREATE INDEX broadcasts_status ON broadcasts(status, priority, id);

-- The persistent outbox: one row per recipient, so nobody gets the same broadcast twice.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    broadcast_id    INTEGER NOT NULL REFERENCES broadcasts(id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'blocked',
                                      'unknown', 'cancelled')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    attempt_token   TEXT,
    next_attempt_at TEXT,
    message_id      INTEGER,
    error           TEXT,
    updated_at      TEXT,
    UNIQUE (broadcast_id, user_id)
);
CREATE INDEX outbox_work ON outbox(broadcast_id, status, id);
CREATE INDEX outbox_sending ON outbox(status) WHERE status = 'sending';
