//! Supply on hand, as it follows from what was recorded: the person's last
//! count (`supply.on_hand` at `supply.updated_at`), plus every refill logged
//! after it, minus every dose taken after it. Nothing is kept as a running
//! total, so devices in sync agree: a dose or refill logged on another
//! device counts once it arrives, the same dose logged on two devices
//! counts once (one log per dose), and the latest count wins. An undo or an
//! edit of a dose taken after the count changes the figure with it; a dose
//! taken before the count was already out of the box when it was counted.
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

/// A medication's last count: the amount, when, and how doses convert.
fn supply_count(
    tx: &Transaction<'_>,
    medication_id: &str,
) -> Result<Option<(f64, i64, SupplyUnit)>> {
    Ok(tx
        .prepare_cached(
            "SELECT s.on_hand, s.updated_at, s.unit, m.strength_amount, m.strength_unit
             FROM supply s JOIN medication m ON m.id = s.medication_id WHERE s.medication_id = ?1",
        )?
        .query_row([medication_id], |r| {
            let strength: Option<(f64, String)> = match (r.get(3)?, r.get(4)?) {
                (Some(a), Some(u)) => Some((a, u)),
                _ => None,
            };
            Ok((
                r.get::<_, f64>(0)?,
                r.get::<_, i64>(1)?,
                SupplyUnit::new(r.get(2)?, strength),
            ))
        })
        .optional()?)
}

/// What is on hand now: `counted` at `counted_at` (ms), plus the refills
/// logged after it, minus the doses taken after it that convert into the
/// supply's unit.
pub(crate) fn on_hand_in(
    tx: &Transaction<'_>,
    medication_id: &str,
    counted: f64,
    counted_at: i64,
    su: &SupplyUnit,
) -> Result<f64> {
    let refilled: f64 = tx
        .prepare_cached(
            "SELECT coalesce(sum(amount), 0.0) FROM refill WHERE medication_id = ?1 AND at > ?2",
        )?
        .query_row(params![medication_id, counted_at], |r| r.get(0))?;
    let mut used = 0.0;
    let mut stmt = tx.prepare_cached(
        "SELECT amount, unit FROM dose_log
          WHERE medication_id = ?1 AND taken_at > ?2 AND status = 'taken'
            AND amount IS NOT NULL AND unit IS NOT NULL",
    )?;
    let mut rows = stmt.query(params![medication_id, counted_at])?;
    while let Some(r) = rows.next()? {
        let (amount, unit): (f64, String) = (r.get(0)?, r.get(1)?);
        used += su.convert(amount, &unit).unwrap_or(0.0);
    }
    Ok(counted + refilled - used)
}

/// The supply on hand now and its unit.
fn supply_unit(tx: &Transaction<'_>, medication_id: &str) -> Result<Option<(f64, SupplyUnit)>> {
    let Some((counted, at, su)) = supply_count(tx, medication_id)? else {
        return Ok(None);
    };
    Ok(Some((on_hand_in(tx, medication_id, counted, at, &su)?, su)))
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
