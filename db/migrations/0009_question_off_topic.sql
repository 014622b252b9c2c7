-- Off-topic questions ("what's the weather in Bishkek?") are logged with their own outcome,
-- 'off_topic', so that /stats counts them apart and /gaps does not list them as knowledge
-- gaps (issue 10).  SQLite cannot alter a CHECK constraint: the table is rebuilt as it was,
-- with the wider CHECK, keeping every row and id.
CREATE TABLE questions_new (
    id                INTEGER PRIMARY KEY,
    asked_at          TEXT NOT NULL,
    user_id           INTEGER,
    text              TEXT NOT NULL DEFAULT '',
    normalized        TEXT NOT NULL DEFAULT '',
    lang              TEXT,
    oblast            TEXT,
    position          TEXT,
    status            TEXT NOT NULL
                      CHECK (status IN ('answered', 'suggest', 'escalate', 'off_topic')),
    category          TEXT,
    results           TEXT NOT NULL DEFAULT '[]',
    top_result_id     TEXT,
    top_score         REAL,
    chosen_result_id  TEXT,
    chosen_at         TEXT,
    helped            INTEGER CHECK (helped IN (0, 1)),
    feedback_at       TEXT,
    ticket_id         INTEGER,
    erased_at         TEXT
);
INSERT INTO questions_new SELECT id, asked_at, user_id, text, normalized, lang, oblast, position,
    status, category, results, top_result_id, top_score, chosen_result_id, chosen_at, helped,
    feedback_at, ticket_id, erased_at FROM questions;
DROP TABLE questions;
ALTER TABLE questions_new RENAME TO questions;
CREATE INDEX questions_asked_at ON questions(asked_at);
CREATE INDEX questions_user ON questions(user_id);
CREATE INDEX questions_ticket ON questions(ticket_id);
