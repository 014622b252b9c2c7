-- The question log: every question the bot was asked and what came of it (issue 6).
-- Personal content (text, normalized, user_id) is erased by /forget_me and by the retention
-- purge; the outcome columns stay so that aggregate counts still add up.
CREATE TABLE questions (
    id                INTEGER PRIMARY KEY,
    asked_at          TEXT NOT NULL,                    -- UTC, db.database.to_db_time
    user_id           INTEGER,                          -- Telegram id; NULL once forgotten/purged
    text              TEXT NOT NULL DEFAULT '',         -- as typed; '' once forgotten/purged
    normalized        TEXT NOT NULL DEFAULT '',         -- search's normalised form; '' likewise
    lang              TEXT,                             -- ky | ru (detected or chosen)
    oblast            TEXT,                             -- asker's oblast at the time (profile)
    position          TEXT,                             -- asker's position at the time (profile)
    status            TEXT NOT NULL CHECK (status IN ('answered', 'suggest', 'escalate')),
    category          TEXT,                             -- guessed from the top result
    results           TEXT NOT NULL DEFAULT '[]',       -- JSON: what the bot offered
    top_result_id     TEXT,
    top_score         REAL,
    chosen_result_id  TEXT,                             -- a suggestion the user opened
    chosen_at         TEXT,
    helped            INTEGER CHECK (helped IN (0, 1)), -- NULL: no feedback
    feedback_at       TEXT,
    ticket_id         INTEGER,                          -- ticket opened from this question
    erased_at         TEXT                              -- when the personal content was erased
);
CREATE INDEX questions_asked_at ON questions(asked_at);
CREATE INDEX questions_user ON questions(user_id);
CREATE INDEX questions_ticket ON questions(ticket_id);
