-- Users of the bot: officials (LSG heads and staff), consultants, supervisors, admins.
CREATE TABLE users (
    id              INTEGER PRIMARY KEY,              -- Telegram user id
    first_name      TEXT NOT NULL DEFAULT '',
    last_name       TEXT,
    username        TEXT,
    telegram_lang   TEXT,                             -- language_code Telegram reported
    language        TEXT CHECK (language IN ('ky', 'ru')),  -- chosen; NULL until chosen
    role            TEXT NOT NULL DEFAULT 'official'
                    CHECK (role IN ('official', 'consultant', 'supervisor', 'admin')),
    full_name       TEXT,
    position        TEXT,                             -- head, deputy, specialist, deputy_kenesh, other
    oblast          TEXT,
    district        TEXT,
    municipality    TEXT,
    phone           TEXT,
    show_name       INTEGER NOT NULL DEFAULT 0,       -- consultant opted in to show own name
    is_active       INTEGER NOT NULL DEFAULT 1,       -- 0 once the user blocked the bot
    blocked_at      TEXT,
    registered_at   TEXT,                             -- profile complete
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    last_seen_at    TEXT
);
CREATE INDEX users_role ON users(role);

-- Audit log of privileged actions and refused attempts.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor_id    INTEGER,
    action      TEXT NOT NULL,
    target      TEXT,
    details     TEXT,
    allowed     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX audit_log_at ON audit_log(at);

-- aiogram FSM state and data, so forms survive restarts.
CREATE TABLE fsm_storage (
    key         TEXT PRIMARY KEY,
    state       TEXT,
    data        TEXT NOT NULL DEFAULT '{}',
    updated_at  TEXT NOT NULL
);
