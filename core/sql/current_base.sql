-- The version-1 tables as they are in the current schema. Columns that later
-- versions add with ALTER TABLE go at the end of their table, in the same order.
CREATE TABLE medication (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    strength_amount REAL,
    strength_unit TEXT,
    form TEXT NOT NULL,
    instructions TEXT NOT NULL DEFAULT '',
    prescriber_notes TEXT NOT NULL DEFAULT '',
    onset_min_days INTEGER,
    onset_max_days INTEGER,
    status TEXT NOT NULL CHECK (status IN ('active', 'stopped')),
    started_on TEXT,
    stopped_on TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER
) STRICT;

CREATE TABLE profile (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    display_name TEXT NOT NULL DEFAULT '',
    home_zone TEXT NOT NULL,
    current_zone TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE routine_time (
    event TEXT NOT NULL,
    day_kind TEXT NOT NULL CHECK (day_kind IN ('weekday', 'weekend')),
    time TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (event, day_kind)
) STRICT;

CREATE TABLE routine_override (
    date TEXT NOT NULL,
    event TEXT NOT NULL,
    time TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (date, event)
) STRICT;
