-- Version 4: the person's own devices in step (end-to-end encrypted sync).
--
-- Every write to a synced table is captured in the transaction that makes it:
-- triggers (created by the store from this list of tables, see
-- `store/sync/tables.rs`) mark the changed keys in `sync_dirty`, and before
-- the transaction commits the store records the row as it now is (or a
-- tombstone) in `sync_record`, stamped with this device's id and a hybrid
-- logical clock. `sync_record` keeps, per record and per device, the latest
-- version that device wrote; the table row is the version with the highest
-- (clock, device). Change files carry `sync_record` rows.

-- This device: its id (random, never synced), the clock, the change counter.
CREATE TABLE sync_local (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    device_id   TEXT NOT NULL,
    hlc         INTEGER NOT NULL CHECK (hlc >= 0),
    seq         INTEGER NOT NULL CHECK (seq >= 0)
) STRICT;

-- Keys changed in the open transaction (empty between transactions; a key
-- written twice is marked twice: one plain insert per row written).
CREATE TABLE sync_dirty (
    tbl         TEXT NOT NULL,
    key         TEXT NOT NULL
) STRICT;

-- The latest version of each record written by each device. `row` is the
-- record as a JSON object (NULL: deleted); `deleted` the clock of that
-- device's latest deletion of the record (0: never), kept when it writes
-- the record again, so every device erases the same older versions; `grp`
-- the key it must be unique
-- on besides its id (a scheduled dose's occurrence); `seq` the local change
-- counter when this device stored the version (not synced).
CREATE TABLE sync_record (
    tbl         TEXT NOT NULL,
    key         TEXT NOT NULL,
    device      TEXT NOT NULL,
    hlc         INTEGER NOT NULL,
    row         TEXT,
    deleted     INTEGER NOT NULL DEFAULT 0,
    grp         TEXT,
    seq         INTEGER NOT NULL,
    PRIMARY KEY (tbl, key, device)
) STRICT, WITHOUT ROWID;
CREATE INDEX sync_record_seq ON sync_record (device, seq);
CREATE INDEX sync_record_grp ON sync_record (grp, tbl);

-- The person's devices (synced: every device knows the group). Keyed by the
-- device's share key id; public keys in hex.
CREATE TABLE sync_device (
    key_id      TEXT PRIMARY KEY NOT NULL,
    sign_public TEXT NOT NULL,
    kem_public  TEXT NOT NULL,
    label       TEXT NOT NULL,
    paired_at   INTEGER NOT NULL,
    verified_at INTEGER,
    removed_at  INTEGER
) STRICT;

-- Per other device (not synced): what was sent to it and what it confirmed
-- (`confirmed_seq`: the change counter up to which it has everything; each
-- file carries all of this device's changes after it, so a file lost on
-- the way is made good by the next one; `resend`: a file it made after
-- this device's last one has not confirmed that one, which was lost: the
-- next export makes it again);
-- `want_snapshot`: this device asks it for everything again (after a restore).
CREATE TABLE sync_peer (
    key_id        TEXT PRIMARY KEY NOT NULL,
    exported_seq  INTEGER NOT NULL DEFAULT 0,
    file_seq      INTEGER NOT NULL DEFAULT 0,
    data_seq      INTEGER NOT NULL DEFAULT 0,
    acked_seq     INTEGER NOT NULL DEFAULT 0,
    ack_sent      INTEGER NOT NULL DEFAULT 0,
    want_snapshot INTEGER NOT NULL DEFAULT 0 CHECK (want_snapshot IN (0, 1)),
    confirmed_seq INTEGER NOT NULL DEFAULT 0,
    resend        INTEGER NOT NULL DEFAULT 0 CHECK (resend IN (0, 1)),
    last_sent_at  INTEGER,
    last_received_at INTEGER
) STRICT;

-- Files applied here, for replay detection and acknowledgement (a file
-- that carried no records, only a confirmation, is not confirmed back).
CREATE TABLE sync_applied (
    sender      TEXT NOT NULL,
    sequence    INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    records     INTEGER NOT NULL,
    applied_at  INTEGER NOT NULL,
    PRIMARY KEY (sender, sequence)
) STRICT, WITHOUT ROWID;

-- The files made for each device: the change counter each one covered, so
-- that a confirmation of file N tells how far the device has everything.
CREATE TABLE sync_sent (
    key_id      TEXT NOT NULL,
    sequence    INTEGER NOT NULL,
    covered_seq INTEGER NOT NULL,
    PRIMARY KEY (key_id, sequence)
) STRICT, WITHOUT ROWID;
