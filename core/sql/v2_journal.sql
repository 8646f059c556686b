-- Version 2: the journal (mood, side effects, substance use, questionnaires,
-- goal check-ins, notes), goals, and the care team's escalation settings.
-- Run for new files and in the v1 -> v2 upgrade.

-- Goals and values. Soft-deleted (deleted_at) until purge.
CREATE TABLE journal_goal (
    id TEXT PRIMARY KEY NOT NULL,
    area TEXT NOT NULL,
    title TEXT NOT NULL,
    why TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER
) STRICT;

-- One row per entry, current version. `detail` is the kind-specific record
-- (JSON, medication ids kept in journal_entry_medication instead); the plain
-- figure columns copy the numbers daily summaries need, so charts read no
-- JSON. `note` is private unless `shareable` = 1.
CREATE TABLE journal_entry (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('mood', 'side_effect', 'substance', 'questionnaire', 'goal_check_in', 'note')),
    occurred_at INTEGER NOT NULL,
    zone TEXT NOT NULL,
    local_date TEXT NOT NULL,
    detail TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    shareable INTEGER NOT NULL DEFAULT 0 CHECK (shareable IN (0, 1)),
    version INTEGER NOT NULL DEFAULT 1,
    valence INTEGER,
    energy INTEGER,
    anxiety INTEGER,
    sleep_hours REAL,
    sleep_quality INTEGER,
    severity INTEGER,
    substance TEXT,
    amount REAL,
    unit TEXT,
    instrument TEXT,
    total INTEGER,
    rating INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER
) STRICT;

CREATE INDEX journal_entry_by_date ON journal_entry (local_date, occurred_at) WHERE deleted_at IS NULL;
CREATE INDEX journal_entry_by_time ON journal_entry (occurred_at, id) WHERE deleted_at IS NULL;
CREATE INDEX journal_entry_deleted ON journal_entry (deleted_at) WHERE deleted_at IS NOT NULL;

-- Earlier versions of edited entries (the whole entry as it was, JSON).
-- Removed with their entry by purge.
CREATE TABLE journal_entry_version (
    entry_id TEXT NOT NULL REFERENCES journal_entry (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    snapshot TEXT NOT NULL,
    replaced_at INTEGER NOT NULL,
    PRIMARY KEY (entry_id, version)
) STRICT, WITHOUT ROWID;

-- Side effect -> medications the person links it to. Purging a medication
-- removes its links; purging an entry removes its links.
CREATE TABLE journal_entry_medication (
    entry_id TEXT NOT NULL REFERENCES journal_entry (id) ON DELETE CASCADE,
    medication_id TEXT NOT NULL REFERENCES medication (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (entry_id, medication_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX journal_entry_medication_by_medication ON journal_entry_medication (medication_id);

-- Entry -> goals it relates to.
CREATE TABLE journal_entry_goal (
    entry_id TEXT NOT NULL REFERENCES journal_entry (id) ON DELETE CASCADE,
    goal_id TEXT NOT NULL REFERENCES journal_goal (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (entry_id, goal_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX journal_entry_goal_by_goal ON journal_entry_goal (goal_id);

-- Escalation rules set by the care team (`trigger_doc` JSON). A rule about a
-- medication goes when the medication is purged.
CREATE TABLE escalation_rule (
    id TEXT PRIMARY KEY NOT NULL,
    trigger_doc TEXT NOT NULL,
    action TEXT NOT NULL,
    medication_id TEXT REFERENCES medication (id) ON DELETE CASCADE,
    instructions TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
) STRICT;

-- The care-team contacts and crisis resources the app configured, in order.
CREATE TABLE escalation_care_contact (
    position INTEGER PRIMARY KEY,
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    availability TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE escalation_crisis_resource (
    position INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    text_number TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    availability TEXT NOT NULL DEFAULT ''
) STRICT;
