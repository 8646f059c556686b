-- Version 2: dosing plans (every version kept), zone and routine history,
-- missed-dose rules, the dose log with its edit history, and supply.

-- One row per plan version; a plan's versions cover disjoint date ranges
-- (the spec's start/end), so past doses keep the times they had.
CREATE TABLE dosing_plan (
    id TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    medication_id TEXT NOT NULL REFERENCES medication(id) ON DELETE CASCADE,
    spec TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    deleted_at INTEGER,
    PRIMARY KEY (id, version)
) STRICT;
CREATE INDEX dosing_plan_medication ON dosing_plan (medication_id);

-- Zones the phone has been in; the earliest row is the initial zone.
CREATE TABLE zone_change (
    at INTEGER PRIMARY KEY NOT NULL,
    zone TEXT NOT NULL
) STRICT;

-- Routine versions (JSON); the earliest row is the initial routine.
CREATE TABLE routine_change (
    at INTEGER PRIMARY KEY NOT NULL,
    routine TEXT NOT NULL
) STRICT;

-- The prescriber's missed-dose rule per medication (JSON).
CREATE TABLE missed_dose_rule (
    medication_id TEXT PRIMARY KEY NOT NULL REFERENCES medication(id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

-- The current state of each logged dose; its versions are in dose_log_version.
CREATE TABLE dose_log (
    id TEXT PRIMARY KEY NOT NULL,
    medication_id TEXT NOT NULL REFERENCES medication(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('scheduled', 'extra', 'as_needed')),
    occurrence_id TEXT,
    plan_id TEXT,
    plan_version INTEGER,
    scheduled_at INTEGER,
    local_date TEXT,
    slot TEXT,
    status TEXT NOT NULL CHECK (status IN ('taken', 'skipped', 'undone')),
    taken_at INTEGER,
    amount REAL,
    unit TEXT,
    skip_reason TEXT,
    note TEXT NOT NULL DEFAULT '',
    warnings TEXT NOT NULL DEFAULT '[]',
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK ((kind = 'scheduled') = (occurrence_id IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX dose_log_occurrence ON dose_log (occurrence_id) WHERE occurrence_id IS NOT NULL;
CREATE INDEX dose_log_medication_taken ON dose_log (medication_id, taken_at);
CREATE INDEX dose_log_scheduled ON dose_log (scheduled_at);

CREATE TABLE dose_log_version (
    entry_id TEXT NOT NULL REFERENCES dose_log(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    taken_at INTEGER,
    amount REAL,
    unit TEXT,
    skip_reason TEXT,
    note TEXT NOT NULL DEFAULT '',
    recorded_at INTEGER NOT NULL,
    PRIMARY KEY (entry_id, version)
) STRICT;

-- Supply on hand, kept in step with every taken dose, undo and refill.
CREATE TABLE supply (
    medication_id TEXT PRIMARY KEY NOT NULL REFERENCES medication(id) ON DELETE CASCADE,
    on_hand REAL NOT NULL,
    unit TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE refill (
    id TEXT PRIMARY KEY NOT NULL,
    medication_id TEXT NOT NULL REFERENCES medication(id) ON DELETE CASCADE,
    amount REAL NOT NULL,
    unit TEXT NOT NULL,
    days_supply INTEGER,
    at INTEGER NOT NULL
) STRICT;
CREATE INDEX refill_medication ON refill (medication_id, at);
