-- One record per question (issue 13): what the bot offered (the answer shown, "I cannot
-- answer", suggestions) lives on the question's row, not in a parallel `bot_offers` row.
-- The "ask a consultant" button (EscalateCallback) carries the question's id; a ticket made
-- from it is linked both ways: tickets.offer_id = questions.id, questions.ticket_id = tickets.id.
-- Foreign keys are checked at COMMIT: the tickets table is rebuilt below (its offer_id now
-- references questions) and its children point at it again once its rows are back.
PRAGMA defer_foreign_keys = ON;
ALTER TABLE questions ADD COLUMN offer TEXT;            -- what the bot said (plain); NULL: nothing
ALTER TABLE questions ADD COLUMN offer_source TEXT      -- NULL: no offer (small talk, hints)
    CHECK (offer_source IN ('answer', 'escalate', 'none'));
ALTER TABLE questions ADD COLUMN offer_categories TEXT NOT NULL DEFAULT '[]';  -- JSON, best first
ALTER TABLE questions ADD COLUMN offer_refs TEXT NOT NULL DEFAULT '[]';        -- JSON: cited ids
ALTER TABLE questions ADD COLUMN offer_score REAL;      -- the search's confidence in the offer
ALTER TABLE questions ADD COLUMN offered_at TEXT;

-- Each old offer goes to its question: the linked one (migration 0007), else the same user's
-- latest question with the same text asked before it, else a question row made for it.
CREATE TEMP TABLE offer_map (offer_id INTEGER PRIMARY KEY, question_id INTEGER);
INSERT INTO offer_map(offer_id, question_id)
SELECT o.id, COALESCE(
    (SELECT q.id FROM questions q WHERE q.id = o.question_id),
    (SELECT q.id FROM questions q
      WHERE q.user_id = o.user_id AND q.text = o.question AND q.asked_at <= o.created_at
      ORDER BY q.asked_at DESC, q.id DESC LIMIT 1))
FROM bot_offers o;

INSERT INTO questions(asked_at, user_id, text, lang, status, category, results, top_score)
SELECT o.created_at, o.user_id, o.question, o.language,
       CASE o.source WHEN 'answer' THEN 'answered' WHEN 'none' THEN 'suggest' ELSE 'escalate' END,
       json_extract(COALESCE(o.categories, '[]'), '$[0]'), '[]', o.score
FROM bot_offers o JOIN offer_map m ON m.offer_id = o.id
WHERE m.question_id IS NULL
ORDER BY o.id;
UPDATE offer_map SET question_id = (
    SELECT q.id FROM questions q, bot_offers o
     WHERE o.id = offer_map.offer_id AND q.user_id = o.user_id AND q.text = o.question
       AND q.asked_at = o.created_at AND q.offer_source IS NULL
     ORDER BY q.id DESC LIMIT 1)
WHERE question_id IS NULL;

-- The latest offer of a question is what the user saw last; a ticket made from any of them
-- is the question's ticket.
UPDATE questions SET
    offer = o.offer, offer_source = o.source,
    offer_categories = COALESCE(o.categories, '[]'), offer_refs = COALESCE(o.refs, '[]'),
    offer_score = o.score, offered_at = o.created_at,
    ticket_id = COALESCE(questions.ticket_id, (
        SELECT max(o2.ticket_id) FROM bot_offers o2 JOIN offer_map m2 ON m2.offer_id = o2.id
         WHERE m2.question_id = questions.id))
FROM (SELECT o.*, m.question_id AS qid FROM bot_offers o JOIN offer_map m ON m.offer_id = o.id
       WHERE o.id = (SELECT max(m3.offer_id) FROM offer_map m3
                      WHERE m3.question_id = m.question_id)) AS o
WHERE questions.id = o.qid;

-- tickets.offer_id referenced bot_offers(id): the table is rebuilt as it was (0003 + 0007) with
-- offer_id referencing questions(id) and holding the question's id; ids and the AUTOINCREMENT
-- counter are kept.
UPDATE tickets SET offer_id = (SELECT m.question_id FROM offer_map m WHERE m.offer_id = tickets.offer_id)
WHERE offer_id IS NOT NULL;
CREATE TEMP TABLE tickets_copy AS SELECT * FROM tickets;
CREATE TEMP TABLE tickets_seq AS SELECT seq FROM sqlite_sequence WHERE name = 'tickets';
DROP TABLE tickets;
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
    offer_id                INTEGER REFERENCES questions(id),  -- the question escalated
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
    sla_waiting_fired_at    TEXT,                     -- closed: the asker did not answer
    replied_at              TEXT                      -- migration 0007
);
INSERT INTO tickets(id, asker_id, status, category, category_source, language, question, bot_offer, offer_id, source, parent_ticket_id, owner_id, chat_id, thread_id, card_message_id, created_at, updated_at, taken_at, first_response_at, last_asker_message_at, waiting_since, closed_at, closed_by, close_reason, resolution, rating, rating_comment, rated_at, reopened_count, reopened_at, out_of_hours_notified_at, sla_take_fired_at, sla_response_fired_at, sla_waiting_fired_at, replied_at)
SELECT id, asker_id, status, category, category_source, language, question, bot_offer, offer_id, source, parent_ticket_id, owner_id, chat_id, thread_id, card_message_id, created_at, updated_at, taken_at, first_response_at, last_asker_message_at, waiting_since, closed_at, closed_by, close_reason, resolution, rating, rating_comment, rated_at, reopened_count, reopened_at, out_of_hours_notified_at, sla_take_fired_at, sla_response_fired_at, sla_waiting_fired_at, replied_at FROM tickets_copy;
UPDATE sqlite_sequence SET seq = max(seq, (SELECT seq FROM tickets_seq))
WHERE name = 'tickets' AND EXISTS (SELECT 1 FROM tickets_seq);
CREATE INDEX tickets_asker ON tickets(asker_id, status);
CREATE INDEX tickets_status ON tickets(status, created_at);
CREATE INDEX tickets_owner ON tickets(owner_id, status);
CREATE INDEX tickets_thread ON tickets(chat_id, thread_id);
CREATE INDEX tickets_card ON tickets(chat_id, card_message_id);
DROP TABLE tickets_copy;
DROP TABLE tickets_seq;
DROP TABLE offer_map;
DROP TABLE bot_offers;
CREATE INDEX questions_offer_user ON questions(user_id, offered_at);
