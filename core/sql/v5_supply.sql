-- Version 5: supply on hand worked out from the records.
--
-- On hand = the person's latest count (`supply.on_hand` at
-- `supply.updated_at`) + refills logged after it - doses taken after it (in
-- the supply's unit; a dose whose unit does not convert uses nothing). The
-- records sync; the figure is never a running total that two devices could
-- overwrite. `supply_tally` keeps each medication's refills-minus-doses
-- since its count so a read does not add up the history: the triggers below
-- keep it in step with every write on this device, and applying another
-- device's changes (which runs with triggers off) moves it by what the
-- applied rows changed. Not synced: every device derives its own.

-- A count made before version 5 is the running total as it last moved:
-- everything up to that instant is in it. (From now on a dose or refill at
-- the very instant of a count counts as after it: the person counted, then
-- acted.)
UPDATE supply SET updated_at = updated_at + 1;

-- What each taken dose at or after its medication's latest count uses.
CREATE VIEW supply_dose_use AS
SELECT d.id, d.occurrence_id, d.medication_id,
       CASE WHEN d.unit = s.unit THEN d.amount
            WHEN m.strength_unit = d.unit AND m.strength_amount > 0
                 THEN d.amount / m.strength_amount
            ELSE 0.0 END AS used
  FROM dose_log d
  JOIN supply s ON s.medication_id = d.medication_id
  JOIN medication m ON m.id = d.medication_id
 WHERE d.status = 'taken' AND d.taken_at >= s.updated_at
   AND d.amount IS NOT NULL AND d.unit IS NOT NULL;

-- Each refill logged at or after its medication's latest count.
CREATE VIEW supply_refill_in AS
SELECT r.id, r.medication_id, r.amount
  FROM refill r JOIN supply s ON s.medication_id = r.medication_id
 WHERE r.at >= s.updated_at;

-- Per medication with a supply: refills minus doses since the count, added
-- up from the records (what the tally keeps).
CREATE VIEW supply_added_up AS
SELECT s.medication_id,
       (SELECT coalesce(sum(amount), 0.0) FROM supply_refill_in r
         WHERE r.medication_id = s.medication_id)
     - (SELECT coalesce(sum(used), 0.0) FROM supply_dose_use u
         WHERE u.medication_id = s.medication_id) AS net
  FROM supply s;

-- Per medication with a supply: refills minus doses since the count.
CREATE TABLE supply_tally (
    medication_id TEXT PRIMARY KEY NOT NULL,
    net REAL NOT NULL
) STRICT;

-- A dose's old use is given back before it changes or goes, its new use
-- taken after it is written.
CREATE TRIGGER supply_tally_dose_before_update BEFORE UPDATE ON dose_log BEGIN
    UPDATE supply_tally SET net = net + (SELECT coalesce(sum(used), 0.0)
                                           FROM supply_dose_use WHERE id = OLD.id)
     WHERE medication_id = OLD.medication_id;
END;
CREATE TRIGGER supply_tally_dose_before_delete BEFORE DELETE ON dose_log BEGIN
    UPDATE supply_tally SET net = net + (SELECT coalesce(sum(used), 0.0)
                                           FROM supply_dose_use WHERE id = OLD.id)
     WHERE medication_id = OLD.medication_id;
END;
CREATE TRIGGER supply_tally_dose_after_insert AFTER INSERT ON dose_log BEGIN
    UPDATE supply_tally SET net = net - (SELECT coalesce(sum(used), 0.0)
                                           FROM supply_dose_use WHERE id = NEW.id)
     WHERE medication_id = NEW.medication_id;
END;
CREATE TRIGGER supply_tally_dose_after_update AFTER UPDATE ON dose_log BEGIN
    UPDATE supply_tally SET net = net - (SELECT coalesce(sum(used), 0.0)
                                           FROM supply_dose_use WHERE id = NEW.id)
     WHERE medication_id = NEW.medication_id;
END;

CREATE TRIGGER supply_tally_refill_before_update BEFORE UPDATE ON refill BEGIN
    UPDATE supply_tally SET net = net - (SELECT coalesce(sum(amount), 0.0)
                                           FROM supply_refill_in WHERE id = OLD.id)
     WHERE medication_id = OLD.medication_id;
END;
CREATE TRIGGER supply_tally_refill_before_delete BEFORE DELETE ON refill BEGIN
    UPDATE supply_tally SET net = net - (SELECT coalesce(sum(amount), 0.0)
                                           FROM supply_refill_in WHERE id = OLD.id)
     WHERE medication_id = OLD.medication_id;
END;
CREATE TRIGGER supply_tally_refill_after_insert AFTER INSERT ON refill BEGIN
    UPDATE supply_tally SET net = net + (SELECT coalesce(sum(amount), 0.0)
                                           FROM supply_refill_in WHERE id = NEW.id)
     WHERE medication_id = NEW.medication_id;
END;
CREATE TRIGGER supply_tally_refill_after_update AFTER UPDATE ON refill BEGIN
    UPDATE supply_tally SET net = net + (SELECT coalesce(sum(amount), 0.0)
                                           FROM supply_refill_in WHERE id = NEW.id)
     WHERE medication_id = NEW.medication_id;
END;

-- A new count, unit or strength: the tally is added up again (from the
-- count on: after a new count, nothing yet).
CREATE TRIGGER supply_tally_count_insert AFTER INSERT ON supply BEGIN
    DELETE FROM supply_tally WHERE medication_id = NEW.medication_id;
    INSERT INTO supply_tally (medication_id, net)
    SELECT medication_id, net FROM supply_added_up WHERE medication_id = NEW.medication_id;
END;
CREATE TRIGGER supply_tally_count_update AFTER UPDATE ON supply BEGIN
    DELETE FROM supply_tally WHERE medication_id IN (OLD.medication_id, NEW.medication_id);
    INSERT INTO supply_tally (medication_id, net)
    SELECT medication_id, net FROM supply_added_up WHERE medication_id = NEW.medication_id;
END;
CREATE TRIGGER supply_tally_count_delete AFTER DELETE ON supply BEGIN
    DELETE FROM supply_tally WHERE medication_id = OLD.medication_id;
END;
CREATE TRIGGER supply_tally_strength AFTER UPDATE OF strength_amount, strength_unit ON medication
WHEN OLD.strength_amount IS NOT NEW.strength_amount OR OLD.strength_unit IS NOT NEW.strength_unit
BEGIN
    DELETE FROM supply_tally WHERE medication_id = NEW.id;
    INSERT INTO supply_tally (medication_id, net)
    SELECT medication_id, net FROM supply_added_up WHERE medication_id = NEW.id;
END;

-- Every supply's tally as of now.
INSERT INTO supply_tally (medication_id, net) SELECT medication_id, net FROM supply_added_up;
