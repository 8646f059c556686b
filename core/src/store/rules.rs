//! The prescriber's missed-dose rule per medication (the default general
//! rule when none is set).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

use super::{check_id, to_ms, Store};
use crate::error::{corrupt_value, Result};
use crate::model::MissedDoseRule;

pub(crate) fn rule_of(tx: &Transaction<'_>, medication_id: &str) -> Result<MissedDoseRule> {
    let json: Option<String> = tx
        .query_row(
            "SELECT rule FROM missed_dose_rule WHERE medication_id = ?1",
            [medication_id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match json {
        Some(j) => {
            serde_json::from_str(&j).map_err(|_| corrupt_value("missed_dose_rule", "rule"))?
        }
        None => MissedDoseRule::default(),
    })
}

impl Store {
    /// Sets the prescriber's missed-dose rule for a medication.
    pub fn set_missed_dose_rule(
        &self,
        medication_id: &str,
        rule: &MissedDoseRule,
        now: DateTime<Utc>,
    ) -> Result<()> {
        check_id("medication_id", medication_id)?;
        rule.validate()?;
        self.write(|tx| {
            super::medications::require(tx, medication_id)?;
            tx.execute(
                "INSERT INTO missed_dose_rule (medication_id, rule, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (medication_id) DO UPDATE SET rule = ?2, updated_at = ?3",
                params![medication_id, serde_json::to_string(rule)?, to_ms(now)],
            )?;
            Ok(())
        })
    }

    /// The missed-dose rule of a medication (the default rule if none is set).
    pub fn missed_dose_rule(&self, medication_id: &str) -> Result<MissedDoseRule> {
        check_id("medication_id", medication_id)?;
        self.read(|tx| rule_of(tx, medication_id))
    }

    /// Every medication's explicit rule.
    pub fn missed_dose_rules(&self) -> Result<HashMap<String, MissedDoseRule>> {
        self.read(|tx| {
            let mut stmt = tx.prepare_cached("SELECT medication_id, rule FROM missed_dose_rule")?;
            let rows: Vec<(String, String)> = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            rows.into_iter()
                .map(|(id, j)| {
                    let rule = serde_json::from_str(&j)
                        .map_err(|_| corrupt_value("missed_dose_rule", "rule"))?;
                    Ok((id, rule))
                })
                .collect()
        })
    }
}
