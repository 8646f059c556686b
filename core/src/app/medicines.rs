//! The medicines list in one call: each medication with its current plan,
//! whether plans run side by side, its supply, the first day its schedule
//! may change, its missed-dose rule and the unit its supply is counted in
//! (the rules are [`crate::medicines`]'s).

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::App;
use crate::error::Result;
use crate::guidance::MissedDoseRule;
use crate::medicines::{current_plan, supply_unit};
use crate::model::{Medication, MedicationStatus, Supply};
use crate::schedule::context::{earliest_change, ScheduleContext};
use crate::schedule::{DoseOccurrence, DosingPlan};

use super::today::SUPPLY_HORIZON_DAYS;

/// One medication as the medicines list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MedicineOverview {
    /// The medication.
    pub medication: Medication,
    /// The current plan (the latest-starting one still running, else the
    /// last); `None` when none was added (nothing is scheduled).
    pub plan: Option<DosingPlan>,
    /// Plans running side by side today; more than one reads as a custom
    /// schedule (the set-up form edits one plan and would misstate the other).
    pub running_plans: u32,
    /// Amount on hand and when it runs out; `None` when never counted.
    pub supply: Option<Supply>,
    /// The unit to count the supply in: the form's ("tablet") when doses
    /// are given by strength, else the dose's own unit ("ml").
    pub supply_unit: String,
    /// The first day a schedule change may start (doses already due keep
    /// their times and logs); `None` without a plan or once stopped.
    pub changeable_from: Option<NaiveDate>,
    /// What to do about a missed dose: the prescriber's rule, or the general one.
    pub missed_dose_rule: MissedDoseRule,
}

/// What every row of the medicines list reads alike, loaded once: the
/// schedule (plans and histories), the explicit missed-dose rules, the
/// person's today and the doses still to come over the supply horizon.
struct Shared {
    ctx: ScheduleContext,
    rules: HashMap<String, MissedDoseRule>,
    today: NaiveDate,
    upcoming: Vec<DoseOccurrence>,
}

impl App {
    /// One medication's overview at `now` (`NotFound` for an unknown id).
    pub fn medicine_overview(
        &self,
        medication_id: &str,
        now: DateTime<Utc>,
    ) -> Result<MedicineOverview> {
        let medication = self.store.medication(medication_id)?;
        let shared = self.shared(now)?;
        self.overview(medication, &shared, now)
    }

    /// Every medication's overview at `now` (stopped ones too), in the
    /// store's order. One schedule read, one rules read and one supply
    /// forecast serve every row (the schedule is expanded once, not once a
    /// row); each row then reads its own plans and supply count.
    pub fn medicine_overviews(&self, now: DateTime<Utc>) -> Result<Vec<MedicineOverview>> {
        let medications = self.medications(true)?;
        let shared = self.shared(now)?;
        medications
            .into_iter()
            .map(|m| self.overview(m, &shared, now))
            .collect()
    }

    fn shared(&self, now: DateTime<Utc>) -> Result<Shared> {
        let ctx = self.store.schedule_context()?;
        let rules = self.store.missed_dose_rules()?;
        let today = now.with_timezone(&ctx.zone_at(now)).date_naive();
        let upcoming = ctx
            .occurrences(today, today + Duration::days(SUPPLY_HORIZON_DAYS))?
            .into_iter()
            .filter(|o| o.utc >= now)
            .collect();
        Ok(Shared {
            ctx,
            rules,
            today,
            upcoming,
        })
    }

    fn overview(
        &self,
        medication: Medication,
        shared: &Shared,
        now: DateTime<Utc>,
    ) -> Result<MedicineOverview> {
        let plans = self.plans_of(&medication.id)?;
        let (plan, running_plans) = current_plan(&plans, shared.today);
        let plan = plan.cloned();
        let changeable_from = match &plan {
            Some(p) if medication.status == MedicationStatus::Active => Some(earliest_change(
                p,
                &shared.ctx.routines,
                &shared.ctx.zones,
                now,
            )?),
            _ => None,
        };
        let mine: Vec<DoseOccurrence> = shared
            .upcoming
            .iter()
            .filter(|o| o.medication_id == medication.id)
            .cloned()
            .collect();
        Ok(MedicineOverview {
            supply: self.store.supply(&medication.id, shared.today, &mine)?,
            supply_unit: supply_unit(&medication, plan.as_ref()),
            missed_dose_rule: shared
                .rules
                .get(&medication.id)
                .cloned()
                .unwrap_or_default(),
            changeable_from,
            running_plans,
            plan,
            medication,
        })
    }
}
