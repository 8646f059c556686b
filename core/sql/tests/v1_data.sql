-- Data written by a version 1 build, upgraded in the schema tests.
INSERT INTO medication (id, name, strength_amount, strength_unit, form, instructions,
    prescriber_notes, onset_min_days, onset_max_days, status, started_on, stopped_on,
    created_at, updated_at, deleted_at)
VALUES ('7d1f7a52-9a53-4b8e-9a5e-2f0a9c1e0b11', 'Sertraline', 50.0, 'mg', 'tablet',
    'With breakfast', '', 14, 42, 'active', '2026-10-01', NULL,
    1790000000000, 1790000000000, NULL),
    ('0b9a3c1e-5d55-4a0c-8f71-1c2b3d4e5f60', 'Quetiapine', 25.0, 'mg', 'tablet',
    '', 'For sleep', NULL, NULL, 'stopped', '2026-09-01', '2026-10-15',
    1790000000000, 1790000000000, 1791000000000);
INSERT INTO profile (id, display_name, home_zone, current_zone, created_at, updated_at)
VALUES (1, 'Sam', 'Europe/Berlin', 'Europe/Berlin', 1790000000000, 1790000000000);
INSERT INTO routine_time (event, day_kind, time, updated_at)
VALUES ('breakfast', 'weekday', '07:15', 1790000000000);
INSERT INTO routine_override (date, event, time, created_at)
VALUES ('2026-11-01', 'wake', '10:00', 1790000000000);
