-- Version 2: care team, care plan, consent grants, disclosure audit log.
-- Run for new files and in the v1 -> v2 upgrade.

-- Members of the care team. Soft-deleted (deleted_at): grants and audit
-- entries keep pointing at them.
CREATE TABLE care_member (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('therapist', 'prescriber', 'pharmacist', 'caregiver', 'other')),
    channel TEXT NOT NULL,
    contact TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER
) STRICT;

-- The care plan: one row (id = 1), the plan as JSON.
CREATE TABLE care_plan (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    spec TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

-- Consent grants, never deleted: revocation sets revoked_at (the grant
-- history). `categories` is a comma-separated list of category codes.
CREATE TABLE consent_grant (
    id TEXT PRIMARY KEY NOT NULL,
    member_id TEXT NOT NULL REFERENCES care_member(id),
    kind TEXT NOT NULL CHECK (kind IN ('data', 'alert_only')),
    categories TEXT NOT NULL,
    data_from TEXT NOT NULL,
    data_to TEXT,
    expires_at INTEGER,
    purpose TEXT NOT NULL DEFAULT '',
    granted_at INTEGER NOT NULL,
    revoked_at INTEGER
) STRICT;
CREATE INDEX consent_grant_member ON consent_grant(member_id, granted_at);

-- One row per disclosure; append-only (an update is refused).
CREATE TABLE disclosure_audit (
    id TEXT PRIMARY KEY NOT NULL,
    member_id TEXT NOT NULL,
    member_name TEXT NOT NULL,
    member_role TEXT NOT NULL,
    kind TEXT NOT NULL,
    grant_ids TEXT NOT NULL,
    categories TEXT NOT NULL,
    data_from TEXT,
    data_to TEXT,
    record_counts TEXT NOT NULL,
    total_records INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    disclosed_at INTEGER NOT NULL
) STRICT;
CREATE INDEX disclosure_audit_time ON disclosure_audit(disclosed_at);
CREATE TRIGGER disclosure_audit_append_only BEFORE UPDATE ON disclosure_audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
