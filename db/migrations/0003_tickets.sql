-- Call-center: tickets, their messages and events, what the bot offered before, canned replies,
-- FAQ drafts made from tickets, working-calendar changes made in the bot.
-- Times are UTC ISO-8601 text ('YYYY-MM-DDTHH:MM:SS.ffffffZ'), like everywhere.

-- What the bot offered a user (an answer, or "I cannot answer") before they asked a consultant.
-- The search side records a row; the "ask a consultant" button carries its id (EscalateCallback).
CREATE TABLE bot_offers (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    question    TEXT NOT NULL,
    offer       TEXT,                                 -- what the bot said (plain text); NULL: nothing
    source      TEXT NOT NULL DEFAULT 'answer'
                CHECK (source IN ('answer', 'escalate', 'none')),
    language    TEXT CHECK (language IN ('ky', 'ru')),
    categories  TEXT,                                 -- JSON list of category hints, best first
    refs        TEXT,                                 -- JSON list of what was cited (doc/FAQ ids)
    score       REAL,                                 -- the search's confidence, if any
    created_at  TEXT NOT NULL,
    ticket_id   INTEGER REFERENCES tickets(id)        -- the ticket made from it, once made
);
CREATE INDEX bot_offers_user ON bot_offers(user_id, created_at);

CREATE TABLE tickets (
    id                      INTEGER PRIMARY KEY AUTOINCREMENT,
    number                  INTEGER GENERATED ALWAYS AS (id) VIRTUAL,  -- shown as №N
    asker_id                INTEGER NOT NULL REFERENCES users(id),
    status                  TEXT NOT NULL DEFAULT 'new'
                            CHECK (status IN ('new', 'assigned', 'waiting_user', 'reopened', 'closed')),
    category                TEXT NOT NULL DEFAULT 'other'
                            CHECK (category IN ('budget', 'land', 'property', 'staff', 'kenesh',
                                                'legal_acts', 'other')),
    category_source         TEXT NOT NULL DEFAULT 'user'
                            CHECK (category_source IN ('user', 'guess')),
    language                TEXT NOT NULL CHECK (language IN ('ky', 'ru')),
    question                TEXT NOT NULL,
    bot_offer               TEXT,                     -- what the bot offered before (plain text)
    offer_id                INTEGER REFERENCES bot_offers(id),
    source                  TEXT NOT NULL DEFAULT 'command'
                            CHECK (source IN ('command', 'didnt_help', 'escalate', 'follow_up')),
    parent_ticket_id        INTEGER REFERENCES tickets(id),  -- a new ticket after a closed one
    owner_id                INTEGER REFERENCES users(id),    -- the consultant who took it
    chat_id                 INTEGER,                  -- consultants' chat the ticket lives in
    thread_id               INTEGER,                  -- its forum topic; NULL = card + replies
    card_message_id         INTEGER,                  -- the ticket card in that chat
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    taken_at                TEXT,
    first_response_at       TEXT,                     -- first reply relayed to the asker
    last_asker_message_at   TEXT,
    waiting_since           TEXT,                     -- status became waiting_user
    closed_at               TEXT,
    closed_by               INTEGER,                  -- NULL: closed by the bot (SLA)
    close_reason            TEXT CHECK (close_reason IN ('resolved', 'no_reply')),
    resolution              TEXT,
    rating                  INTEGER CHECK (rating BETWEEN 1 AND 5),
    rating_comment          TEXT,
    rated_at                TEXT,
    reopened_count          INTEGER NOT NULL DEFAULT 0,
    reopened_at             TEXT,
    out_of_hours_notified_at TEXT,                    -- the asker was told when to expect a reply
    sla_take_fired_at       TEXT,                     -- re-announced: not taken in time
    sla_response_fired_at   TEXT,                     -- escalated: no first reply in time
    sla_waiting_fired_at    TEXT                      -- closed: the asker did not answer
);
CREATE INDEX tickets_asker ON tickets(asker_id, status);
CREATE INDEX tickets_status ON tickets(status, created_at);
CREATE INDEX tickets_owner ON tickets(owner_id, status);
CREATE INDEX tickets_thread ON tickets(chat_id, thread_id);
CREATE INDEX tickets_card ON tickets(chat_id, card_message_id);

-- Every message of a ticket, stored before it is relayed; delivery_status follows the relay.
CREATE TABLE ticket_messages (
    id                  INTEGER PRIMARY KEY,
    ticket_id           INTEGER NOT NULL REFERENCES tickets(id),
    direction           TEXT NOT NULL CHECK (direction IN ('in', 'out', 'note')),
                        -- in: asker → consultants; out: consultant → asker; note: internal
    author_id           INTEGER,
    content_type        TEXT NOT NULL
                        CHECK (content_type IN ('text', 'photo', 'document', 'voice', 'video',
                                                'audio')),
    text                TEXT,                         -- text or caption as written (plain)
    html                TEXT,                         -- the same with the author's formatting
    file_id             TEXT,
    file_name           TEXT,
    private_message_id  INTEGER,                      -- asker's chat: source (in) / copy (out)
    group_chat_id       INTEGER,
    group_message_id    INTEGER,                      -- consultants' chat: copy (in) / source
    extra_message_ids   TEXT,                         -- JSON ids of further parts of a split copy
    delivery_status     TEXT NOT NULL DEFAULT 'pending'
                        CHECK (delivery_status IN ('pending', 'sending', 'sent', 'failed',
                                                   'blocked', 'dead', 'none')),
                        -- none: notes and messages with nowhere to go
    attempts            INTEGER NOT NULL DEFAULT 0,
    next_attempt_at     TEXT,
    last_error          TEXT,
    delivered_at        TEXT,
    edit_status         TEXT CHECK (edit_status IN ('pending', 'sending', 'sent', 'failed')),
    created_at          TEXT NOT NULL,
    edited_at           TEXT
);
CREATE INDEX ticket_messages_ticket ON ticket_messages(ticket_id, id);
CREATE INDEX ticket_messages_delivery ON ticket_messages(delivery_status, next_attempt_at);
CREATE INDEX ticket_messages_edit ON ticket_messages(edit_status);
-- The same Telegram message is stored once even when an update is delivered twice.
CREATE UNIQUE INDEX ticket_messages_in_source
    ON ticket_messages(ticket_id, private_message_id) WHERE direction = 'in';
CREATE UNIQUE INDEX ticket_messages_group_source
    ON ticket_messages(group_chat_id, group_message_id) WHERE direction IN ('out', 'note');

-- What happened to a ticket (created, taken, transferred, closed, reopened, rated, SLA timers).
-- Events that must be announced are an outbox: notify_status pending → sent.
CREATE TABLE ticket_events (
    id                  INTEGER PRIMARY KEY,
    ticket_id           INTEGER NOT NULL REFERENCES tickets(id),
    kind                TEXT NOT NULL,
    actor_id            INTEGER,                      -- NULL: the bot
    at                  TEXT NOT NULL,
    details             TEXT,                         -- JSON
    notify_status       TEXT NOT NULL DEFAULT 'none'
                        CHECK (notify_status IN ('none', 'pending', 'sending', 'sent', 'failed')),
    attempts            INTEGER NOT NULL DEFAULT 0,
    notified_at         TEXT,
    group_message_id    INTEGER                       -- the announcement in the consultants' chat
);
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);
CREATE INDEX ticket_events_notify ON ticket_events(notify_status);
CREATE INDEX ticket_events_kind ON ticket_events(kind, at);

-- Saved answers consultants insert by short name; language '*' = any.
CREATE TABLE canned_replies (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    language    TEXT NOT NULL DEFAULT '*' CHECK (language IN ('*', 'ky', 'ru')),
    text        TEXT NOT NULL,
    created_by  INTEGER,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    uses        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (name, language)
);

-- "Save to KB": a draft FAQ entry from a ticket; a supervisor approves it into the knowledge base.
CREATE TABLE faq_drafts (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER REFERENCES tickets(id),
    question    TEXT NOT NULL,
    answer      TEXT NOT NULL,
    category    TEXT NOT NULL DEFAULT 'other',
    language    TEXT NOT NULL CHECK (language IN ('ky', 'ru')),
    status      TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'rejected')),
    created_by  INTEGER,
    created_at  TEXT NOT NULL,
    reviewed_by INTEGER,
    reviewed_at TEXT,
    faq_id      TEXT                                  -- knowledge FaqEntry id once approved
);
CREATE INDEX faq_drafts_status ON faq_drafts(status, created_at);
CREATE UNIQUE INDEX faq_drafts_open_ticket ON faq_drafts(ticket_id) WHERE status = 'draft';

-- Working calendar as changed in the bot (/admin): extra days off or working days, hours.
CREATE TABLE work_calendar_days (
    day         TEXT PRIMARY KEY,                     -- YYYY-MM-DD in Asia/Bishkek
    kind        TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    note        TEXT,
    created_by  INTEGER,
    created_at  TEXT NOT NULL
);
CREATE TABLE work_calendar_settings (
    key         TEXT PRIMARY KEY CHECK (key IN ('hours', 'days')),
    value       TEXT NOT NULL,
    updated_by  INTEGER,
    updated_at  TEXT NOT NULL
);
