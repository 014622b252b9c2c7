-- Call-center under load (issue 11): background relays retried in order per ticket, combined
-- relays, several consultants' groups, consultants working from their private chat, failures
-- that are shown instead of passing in silence, questions linked to their tickets.

-- A relay whose retries are used up ('dead') is shown to supervisors once as an alert.
ALTER TABLE ticket_messages ADD COLUMN dead_alerted_at TEXT;
-- Several waiting messages sent as one (combined) message: the row whose send carried this one.
ALTER TABLE ticket_messages ADD COLUMN combined_with INTEGER;
CREATE INDEX ticket_messages_undelivered ON ticket_messages(ticket_id, delivery_status, id);

-- Announcement steps run and are retried on their own; a failed one waits for this moment.
ALTER TABLE ticket_events ADD COLUMN next_attempt_at TEXT;

-- The question (questions.id) the bot offer answered, so the ticket made from it links back.
ALTER TABLE bot_offers ADD COLUMN question_id INTEGER;

-- A consultant's choice: relays of the tickets they own come to their private chat with the
-- bot (1 message a second per chat) instead of the group's topic (20 a minute per group).
CREATE TABLE consultant_prefs (
    user_id         INTEGER PRIMARY KEY REFERENCES users(id),
    work_in_private INTEGER NOT NULL DEFAULT 0 CHECK (work_in_private IN (0, 1)),
    updated_at      TEXT NOT NULL
);

-- The consultant's latest reply: after a reopen the first-reply timer runs again until the
-- next reply (tickets.first_response_at keeps the very first one for statistics).
ALTER TABLE tickets ADD COLUMN replied_at TEXT;
