-- Knowledge base: documents split into passages, FAQ entries, glossary groups.
-- Bilingual and list fields are JSON text; the editable source of truth is the YAML format
-- (knowledge/data/), these tables hold what the bot answers from.

CREATE TABLE kb_documents (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    number      TEXT,
    date        TEXT,                              -- ISO date (YYYY-MM-DD)
    status      TEXT NOT NULL DEFAULT 'unknown',
    issuer      TEXT,                              -- JSON {"ky": ..., "ru": ...}
    title       TEXT NOT NULL,                     -- JSON {"ky": ..., "ru": ...}
    summary     TEXT,                              -- JSON {"ky": ..., "ru": ...}
    source_url  TEXT,
    source      TEXT,
    keywords    TEXT NOT NULL DEFAULT '[]',        -- JSON list
    related     TEXT NOT NULL DEFAULT '[]',        -- JSON list of document ids
    origin      TEXT NOT NULL DEFAULT 'import' CHECK (origin IN ('bundled', 'import')),
    position    INTEGER NOT NULL,                  -- stable listing order
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX kb_documents_position ON kb_documents(position);

CREATE TABLE kb_passages (
    doc_id      TEXT NOT NULL REFERENCES kb_documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,                  -- order inside the document
    id          TEXT NOT NULL,
    lang        TEXT NOT NULL CHECK (lang IN ('ky', 'ru')),
    article     TEXT,
    heading     TEXT,
    text        TEXT NOT NULL,
    source      TEXT,
    PRIMARY KEY (doc_id, id)
);
CREATE INDEX kb_passages_seq ON kb_passages(doc_id, seq);

CREATE TABLE kb_faq (
    id          TEXT PRIMARY KEY,
    category    TEXT NOT NULL DEFAULT 'other',
    status      TEXT NOT NULL DEFAULT 'approved' CHECK (status IN ('approved', 'draft')),
    questions   TEXT NOT NULL,                     -- JSON {"ky": [...], "ru": [...]}
    answer      TEXT NOT NULL,                     -- JSON {"ky": ..., "ru": ...}
    refs        TEXT NOT NULL DEFAULT '[]',        -- JSON list of {"doc", "article", "passage"}
    origin      TEXT NOT NULL DEFAULT 'import' CHECK (origin IN ('bundled', 'import')),
    position    INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX kb_faq_position ON kb_faq(position);

CREATE TABLE kb_glossary (
    seq         INTEGER PRIMARY KEY,
    ky          TEXT NOT NULL DEFAULT '[]',        -- JSON lists of terms
    ru          TEXT NOT NULL DEFAULT '[]',
    abbr        TEXT NOT NULL DEFAULT '[]'
);

-- Bundled items an administrator removed: a later update of the bundled data does not bring
-- them back.
CREATE TABLE kb_tombstones (
    item        TEXT NOT NULL CHECK (item IN ('document', 'faq')),
    id          TEXT NOT NULL,
    removed_at  TEXT NOT NULL,
    PRIMARY KEY (item, id)
);

-- kb_version is bumped by every change so the bot knows when to rebuild its search index;
-- bundled_fingerprint is the hash of the bundled YAML last synchronised.
CREATE TABLE kb_meta (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL
);
INSERT INTO kb_meta(key, value) VALUES ('kb_version', '0');
