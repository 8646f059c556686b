//! Supply on hand: set by the person, raised by refills, lowered by every
//! taken dose (and given back by an undo or edit) in the same transaction.
//!
//! Doses convert into the supply's unit through the medication's strength:
//! with a supply in `tablet` and a strength of 50 mg, a 100 mg dose uses two.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

use super::{check_id, from_ms, new_id, to_ms, Store};
use crate::error::{Error, Result};
use crate::limits;
use crate::model::DoseOccurrence;
use crate::model::{DoseLogEntry, LogStatus, Supply};

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

fn supply_unit(tx: &Transaction<'_>, medication_id: &str) -> Result<Option<(f64, SupplyUnit)>> {
    Ok(tx
        .prepare_cached(
            "SELECT s.on_hand, s.unit, m.strength_amount, m.strength_unit
             FROM supply s JOIN medication m ON m.id = s.medication_id WHERE s.medication_id = ?1",
        )?
        .query_row([medication_id], |r| {
            let strength: Option<(f64, String)> = match (r.get(2)?, r.get(3)?) {
                (Some(a), Some(u)) => Some((a, u)),
                _ => None,
            };
            Ok((
                r.get::<_, f64>(0)?,
                SupplyUnit {
                    unit: r.get(1)?,
                    strength,
                },
            ))
        })
        .optional()?)
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
    /// Moves the supply by a taken entry's amount: `sign` -1 takes it out,
    /// +1 gives it back. Entries that are not taken, or whose unit does not
    /// convert, leave the supply alone.
    pub(crate) fn adjust_supply(
        &self,
        tx: &Transaction<'_>,
        entry: &DoseLogEntry,
        sign: f64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let (LogStatus::Taken, Some(amount), Some(unit)) =
            (entry.status, entry.amount, &entry.unit)
        else {
            return Ok(());
        };
        let Some((_, su)) = supply_unit(tx, &entry.medication_id)? else {
            return Ok(());
        };
        if let Some(n) = su.convert(amount, unit) {
            tx.prepare_cached(
                "UPDATE supply SET on_hand = on_hand + ?2, updated_at = ?3 WHERE medication_id = ?1",
            )?
            .execute(params![entry.medication_id, sign * n, to_ms(now)])?;
        }
        Ok(())
    }

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

    /// Records a refill: adds `amount` (in the supply's unit) to what is on
    /// hand and keeps the refill for days-covered measures.
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
                Error::invalid("medication_id", "set the supply (and its unit) before refilling")
            })?;
            tx.execute(
                "UPDATE supply SET on_hand = on_hand + ?2, updated_at = ?3 WHERE medication_id = ?1",
                params![medication_id, amount, to_ms(now)],
            )?;
            tx.execute(
                "INSERT INTO refill (id, medication_id, amount, unit, days_supply, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![new_id(), medication_id, amount, su.unit, days_supply, to_ms(now)],
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
