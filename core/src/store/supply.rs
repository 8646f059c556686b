//! Supply on hand, as it follows from what was recorded: the person's last
//! count (`supply.on_hand` at `supply.updated_at`), plus every refill logged
//! after it, minus every dose taken after it. Nothing is kept as a running
//! total, so devices in sync agree: a dose or refill logged on another
//! device counts once it arrives, the same dose logged on two devices
//! counts once (one log per dose), and the latest count wins. An undo or an
//! edit of a dose taken after the count changes the figure with it; a dose
//! taken before the count was already out of the box when it was counted.
//! A dose or refill at the very instant of the count counts as after it
//! (the person counted, then acted).
//!
//! Each device keeps, per supply, a tally of the refills and doses since
//! the count (`supply_tally`, schema v5), so a read does not add up the
//! history: the schema's triggers move it with every write on this device;
//! applying another device's rows (triggers off) moves it by what the
//! applied rows changed ([`TallyWatch`], [`settle_tallies`]); the
//! integrity check adds every supply up again ([`tally_problems`]).
//!
//! Doses convert into the supply's unit through the medication's strength:
//! with a supply in `tablet` and a strength of 50 mg, a 100 mg dose uses two.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

use super::{check_id, from_ms, new_id, to_ms, Store};
use crate::error::{Error, Result};
use crate::limits;
use crate::model::DoseOccurrence;
use crate::model::Supply;

/// How a dose converts into the supply's unit.
#[derive(Debug, Clone)]
pub(crate) struct SupplyUnit {
    unit: String,
    strength: Option<(f64, String)>,
}

impl SupplyUnit {
    /// The dose in supply units, or `None` when the units do not convert.
    pub(crate) fn convert(&self, amount: f64, unit: &str) -> Option<f64> {
        if unit == self.unit {
            return Some(amount);
        }
        match &self.strength {
            Some((per_unit, strength_unit)) if strength_unit == unit && *per_unit > 0.0 => {
                Some(amount / per_unit)
            }
            _ => None,
        }
    }
}

impl SupplyUnit {
    /// How doses of a medication with `strength` (amount and unit, if
    /// known) convert into a supply counted in `unit`.
    pub(crate) fn new(unit: String, strength: Option<(f64, String)>) -> SupplyUnit {
        SupplyUnit { unit, strength }
    }
}

/// On hand now, in SQL over `supply s LEFT JOIN supply_tally t`: the count
/// plus the tally of refills and doses since it (added up from the records
/// should the tally be missing).
pub(crate) const ON_HAND_SQL: &str = "s.on_hand + coalesce(t.net,
    (SELECT a.net FROM supply_added_up a WHERE a.medication_id = s.medication_id))";

/// The supply on hand now and its unit.
fn supply_unit(tx: &Transaction<'_>, medication_id: &str) -> Result<Option<(f64, SupplyUnit)>> {
    Ok(tx
        .prepare_cached(&format!(
            "SELECT {ON_HAND_SQL}, s.unit, m.strength_amount, m.strength_unit
               FROM supply s JOIN medication m ON m.id = s.medication_id
               LEFT JOIN supply_tally t ON t.medication_id = s.medication_id
              WHERE s.medication_id = ?1"
        ))?
        .query_row([medication_id], |r| {
            let strength: Option<(f64, String)> = match (r.get(2)?, r.get(3)?) {
                (Some(a), Some(u)) => Some((a, u)),
                _ => None,
            };
            Ok((r.get::<_, f64>(0)?, SupplyUnit::new(r.get(1)?, strength)))
        })
        .optional()?)
}

/// The rows an applied change file touched that a supply tally counts:
/// applying runs with triggers off, so the store moves the tallies itself.
#[derive(Debug, Default)]
pub(crate) struct TallyWatch {
    /// Dose log ids.
    pub doses: Vec<String>,
    /// Scheduled doses (occurrence ids) whose logs may change.
    pub occurrences: Vec<String>,
    /// Refill ids.
    pub refills: Vec<String>,
    /// Medications whose count may change: added up again.
    pub recount: Vec<String>,
    /// Medications whose strength may change (and with it how doses
    /// convert): added up again if it did.
    pub medications: Vec<String>,
}

/// A medication's id and strength (amount, unit).
type Strength = (String, Option<f64>, Option<String>);

/// What the tally needs to know the watch held before the change.
#[derive(Debug, Default)]
pub(crate) struct TallyBefore {
    net: Vec<(String, f64)>,
    strengths: Vec<Strength>,
}

fn strengths_of(tx: &rusqlite::Connection, ids: &[String]) -> Result<Vec<Strength>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut stmt = tx.prepare_cached(
        "SELECT id, strength_amount, strength_unit FROM medication
          WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY id",
    )?;
    let rows = stmt.query_map([serde_json::to_string(ids)?], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The watched rows' part of the tallies, and the watched strengths, as
/// they stand.
pub(crate) fn tally_before(tx: &rusqlite::Connection, w: &TallyWatch) -> Result<TallyBefore> {
    Ok(TallyBefore {
        net: watched_net(tx, w)?,
        strengths: strengths_of(tx, &w.medications)?,
    })
}

impl TallyWatch {
    fn is_empty(&self) -> bool {
        self.doses.is_empty()
            && self.occurrences.is_empty()
            && self.refills.is_empty()
            && self.recount.is_empty()
            && self.medications.is_empty()
    }
}

/// Per medication, what the watched rows add to its tally as they stand.
fn watched_net(tx: &rusqlite::Connection, w: &TallyWatch) -> Result<Vec<(String, f64)>> {
    if w.is_empty() {
        return Ok(Vec::new());
    }
    let json = |v: &Vec<String>| serde_json::to_string(v);
    let mut stmt = tx.prepare_cached(
        "SELECT medication_id, sum(v) FROM (
            SELECT medication_id, -used AS v FROM (
                SELECT id, medication_id, used FROM supply_dose_use
                 WHERE id IN (SELECT value FROM json_each(?1))
                UNION
                SELECT id, medication_id, used FROM supply_dose_use
                 WHERE occurrence_id IN (SELECT value FROM json_each(?2)))
            UNION ALL
            SELECT medication_id, amount FROM supply_refill_in
             WHERE id IN (SELECT value FROM json_each(?3)))
          GROUP BY medication_id ORDER BY medication_id",
    )?;
    let rows = stmt.query_map(
        params![json(&w.doses)?, json(&w.occurrences)?, json(&w.refills)?],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Moves the tallies by what the watched rows changed (`before`: what
/// [`tally_before`] read before the change), then adds up again the
/// tallies of the medications whose count may have changed or whose
/// strength did.
pub(crate) fn settle_tallies(
    tx: &rusqlite::Connection,
    w: &TallyWatch,
    before: &TallyBefore,
) -> Result<()> {
    // Supplies that came or went with the records they refer to (held
    // back or set again): their tallies go or are added up.
    tx.prepare_cached(
        "DELETE FROM supply_tally
          WHERE NOT EXISTS (SELECT 1 FROM supply s WHERE s.medication_id = supply_tally.medication_id)",
    )?
    .execute([])?;
    tx.prepare_cached(
        "INSERT INTO supply_tally (medication_id, net)
         SELECT a.medication_id, a.net FROM supply_added_up a
          WHERE NOT EXISTS (SELECT 1 FROM supply_tally t WHERE t.medication_id = a.medication_id)",
    )?
    .execute([])?;
    if w.is_empty() {
        return Ok(());
    }
    let strengths = strengths_of(tx, &w.medications)?;
    let mut recount: Vec<&String> = w.recount.iter().collect();
    for s in &strengths {
        if !before.strengths.contains(s) {
            recount.push(&s.0);
        }
    }
    let mut delta: std::collections::BTreeMap<String, f64> = Default::default();
    for (m, v) in watched_net(tx, w)? {
        *delta.entry(m).or_default() += v;
    }
    for (m, v) in &before.net {
        *delta.entry(m.clone()).or_default() -= v;
    }
    let mut move_by =
        tx.prepare_cached("UPDATE supply_tally SET net = net + ?2 WHERE medication_id = ?1")?;
    for (m, d) in delta.iter().filter(|(_, d)| **d != 0.0) {
        move_by.execute(params![m, d])?;
    }
    for m in recount {
        tx.prepare_cached("DELETE FROM supply_tally WHERE medication_id = ?1")?
            .execute([m])?;
        tx.prepare_cached(
            "INSERT INTO supply_tally (medication_id, net)
             SELECT medication_id, net FROM supply_added_up WHERE medication_id = ?1",
        )?
        .execute([m])?;
    }
    Ok(())
}

/// The integrity check's finding on the tallies: medications whose tally
/// is missing or differs from their records added up (none when sound).
/// Names the table, never data.
pub(crate) fn tally_problems(conn: &rusqlite::Connection) -> Result<Vec<String>> {
    let off: i64 = conn.query_row(
        "SELECT count(*) FROM (
            SELECT t.net AS kept, a.net AS added
              FROM supply_added_up a LEFT JOIN supply_tally t ON t.medication_id = a.medication_id)
          WHERE kept IS NULL OR abs(kept - added) > 1e-6 * max(1.0, abs(added))",
        [],
        |r| r.get(0),
    )?;
    let orphans: i64 = conn.query_row(
        "SELECT count(*) FROM supply_tally t
          WHERE NOT EXISTS (SELECT 1 FROM supply s WHERE s.medication_id = t.medication_id)",
        [],
        |r| r.get(0),
    )?;
    let mut out = Vec::new();
    if off > 0 {
        out.push(format!(
            "supply_tally: {off} medication(s) whose supply on hand does not match their dose log and refills"
        ));
    }
    if orphans > 0 {
        out.push(format!(
            "supply_tally: {orphans} tally row(s) of a medication without a supply"
        ));
    }
    Ok(out)
}

fn check_quantity(field: &str, amount: f64, allow_zero: bool) -> Result<()> {
    let ok = amount.is_finite()
        && amount <= limits::MAX_DOSE_AMOUNT
        && (amount > 0.0 || (allow_zero && amount == 0.0));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            "must be a positive number up to 1000000",
        ))
    }
}

impl Store {
    /// Sets the amount on hand (a count after checking the box), in `unit`
    /// (`tablet`, or the dose unit such as `mg` or `ml`).
    pub fn set_supply(
        &self,
        medication_id: &str,
        on_hand: f64,
        unit: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        check_id("medication_id", medication_id)?;
        check_quantity("on_hand", on_hand, true)?;
        limits::text("unit", unit, 1, limits::MAX_UNIT_CHARS)?;
        self.write(|tx| {
            super::medications::require(tx, medication_id)?;
            tx.execute(
                "INSERT INTO supply (medication_id, on_hand, unit, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (medication_id) DO UPDATE SET on_hand = ?2, unit = ?3, updated_at = ?4",
                params![medication_id, on_hand, unit.trim(), to_ms(now)],
            )?;
            Ok(())
        })
    }

    /// Records a refill of `amount` (in the supply's unit): on hand from
    /// now on, and kept for days-covered measures.
    pub fn refill(
        &self,
        medication_id: &str,
        amount: f64,
        days_supply: Option<u32>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        check_id("medication_id", medication_id)?;
        check_quantity("amount", amount, false)?;
        self.write(|tx| {
            let (_, su) = supply_unit(tx, medication_id)?.ok_or_else(|| {
                Error::invalid(
                    "medication_id",
                    "set the supply (and its unit) before refilling",
                )
            })?;
            tx.execute(
                "INSERT INTO refill (id, medication_id, amount, unit, days_supply, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    new_id(),
                    medication_id,
                    amount,
                    su.unit,
                    days_supply,
                    to_ms(now)
                ],
            )?;
            Ok(())
        })
    }

    /// The supply and when it runs out at the current schedule (`upcoming`:
    /// the medication's occurrences from `today` on, in time order).
    pub fn supply(
        &self,
        medication_id: &str,
        today: NaiveDate,
        upcoming: &[DoseOccurrence],
    ) -> Result<Option<Supply>> {
        check_id("medication_id", medication_id)?;
        let Some((on_hand, su)) = self.read(|tx| supply_unit(tx, medication_id))? else {
            return Ok(None);
        };
        let mut left = on_hand;
        let mut runs_out_on = None;
        let mut any = false;
        for o in upcoming.iter().filter(|o| o.medication_id == medication_id) {
            any = true;
            if let Some(n) = su.convert(o.dose.amount, &o.dose.unit) {
                left -= n;
                if left < -1e-9 {
                    runs_out_on = Some(o.local_date);
                    break;
                }
            }
        }
        let days_left = match (any, runs_out_on) {
            (false, _) => None,
            (true, Some(d)) => Some((d - today).num_days().max(0) as u32),
            (true, None) => upcoming
                .last()
                .map(|o| (o.local_date - today + Duration::days(1)).num_days().max(0) as u32),
        };
        Ok(Some(Supply {
            medication_id: medication_id.to_string(),
            on_hand,
            unit: su.unit,
            runs_out_on,
            days_left,
        }))
    }
}

/// A refill row: the medication, the days it lasts (if said) and when.
#[derive(Debug, Clone, PartialEq)]
pub struct RefillRow {
    /// The medication.
    pub medication_id: String,
    /// Days the refill lasts, if the person (or pharmacy) said.
    pub days_supply: Option<u32>,
    /// When it was logged.
    pub at: DateTime<Utc>,
}

/// Every refill logged before `before`, oldest first.
pub(crate) fn refills_before_in(
    tx: &Transaction<'_>,
    before: DateTime<Utc>,
) -> Result<Vec<RefillRow>> {
    let mut stmt = tx.prepare_cached(
        "SELECT medication_id, days_supply, at FROM refill WHERE at < ?1 ORDER BY at",
    )?;
    let rows = stmt.query_map([to_ms(before)], |r| {
        Ok(RefillRow {
            medication_id: r.get(0)?,
            days_supply: r.get(1)?,
            at: from_ms(r.get(2)?)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
