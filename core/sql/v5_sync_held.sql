-- Version 5: records held back until the records they refer to arrive.
--
-- Another device's record can refer to one this device does not show: a
-- dose logged on a medication whose record comes from a third device not
-- yet heard from, a supply counted while another device erased the
-- medication, the edit history of a log that does not count (another log
-- of its dose does). Such a row is held back (its versions stay in
-- `sync_record`) and listed here under the record it waits for; when that
-- record's row is set, the rows waiting for it are set too. When a row is
-- removed by the merge rules, the rows referring to it are held back the
-- same way. So the tables never hold a reference to a missing row, on any
-- device, and every device shows the same rows. Not synced.
CREATE TABLE sync_held (
    parent_tbl  TEXT NOT NULL,
    parent_key  TEXT NOT NULL,
    tbl         TEXT NOT NULL,
    key         TEXT NOT NULL,
    PRIMARY KEY (parent_tbl, parent_key, tbl, key)
) STRICT, WITHOUT ROWID;
CREATE INDEX sync_held_record ON sync_held (tbl, key);
