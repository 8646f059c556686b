-- Version 2: reminders. Settings per medication and per person, check-in
-- prompts, caregiver alert recipients (until the consent issue: see
-- core/src/reminders/alert.rs), snoozes, and what the app scheduled and the
-- OS delivered. Run for new files and in the v1 -> v2 upgrade.

-- Reminder settings of a medication (absent: the defaults).
CREATE TABLE reminder_medication_settings (
    medication_id TEXT PRIMARY KEY NOT NULL REFERENCES medication(id) ON DELETE CASCADE,
    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    critical INTEGER NOT NULL DEFAULT 0 CHECK (critical IN (0, 1)),
    follow_up_delay_minutes INTEGER NOT NULL CHECK (follow_up_delay_minutes BETWEEN 5 AND 240),
    follow_up_count INTEGER NOT NULL CHECK (follow_up_count BETWEEN 0 AND 5),
    updated_at INTEGER NOT NULL
) STRICT;

-- The person's reminder preferences (one row; absent: the defaults).
CREATE TABLE reminder_preferences (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    quiet_hours INTEGER NOT NULL CHECK (quiet_hours IN (0, 1)),
    refill_threshold_days INTEGER NOT NULL CHECK (refill_threshold_days BETWEEN 1 AND 60),
    updated_at INTEGER NOT NULL
) STRICT;

-- Check-in prompts; `days` holds FHIR day codes separated by commas
-- (empty: every day).
CREATE TABLE reminder_check_in (
    id TEXT PRIMARY KEY NOT NULL,
    label TEXT NOT NULL,
    instrument TEXT,
    days TEXT NOT NULL DEFAULT '',
    time TEXT NOT NULL,
    last_done_on TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

-- People alerted when a dose stays unlogged (the hand-over point to the
-- consent issue's alert-only grants).
CREATE TABLE reminder_alert_recipient (
    id TEXT PRIMARY KEY NOT NULL,
    member_id TEXT NOT NULL REFERENCES care_member(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    delay_minutes INTEGER NOT NULL CHECK (delay_minutes BETWEEN 30 AND 1440),
    created_at INTEGER NOT NULL
) STRICT;

-- The medications a recipient watches (none: every medication).
CREATE TABLE reminder_alert_medication (
    recipient_id TEXT NOT NULL REFERENCES reminder_alert_recipient(id) ON DELETE CASCADE,
    medication_id TEXT NOT NULL REFERENCES medication(id) ON DELETE CASCADE,
    PRIMARY KEY (recipient_id, medication_id)
) STRICT;

-- Alerts the app sent (so the plan stops carrying them); pruned after a week.
CREATE TABLE reminder_alert_sent (
    alert_id TEXT PRIMARY KEY NOT NULL,
    sent_at INTEGER NOT NULL
) STRICT;
CREATE INDEX reminder_alert_sent_at ON reminder_alert_sent (sent_at);

-- Snoozed doses: the reminder comes back at `until` (never past the
-- latest take time). Pruned a few days after `until`.
CREATE TABLE reminder_snooze (
    occurrence_id TEXT PRIMARY KEY NOT NULL,
    medication_id TEXT NOT NULL REFERENCES medication(id) ON DELETE CASCADE,
    until INTEGER NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX reminder_snooze_until ON reminder_snooze (until);

-- Notifications the app reported scheduled, and when the OS delivered
-- them (the delivery check). Pruned a week after `fire_at`.
CREATE TABLE reminder_issued (
    notification_id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('dose', 'follow_up', 'snoozed', 'missed', 'refill', 'check_in')),
    fire_at INTEGER NOT NULL,
    occurrence_ids TEXT NOT NULL DEFAULT '[]',
    scheduled_at INTEGER NOT NULL,
    delivered_at INTEGER
) STRICT;
CREATE INDEX reminder_issued_fire ON reminder_issued (fire_at);
