//! Builds the guidance engine's input from the store: the occurrence, the
//! next dose of the same medication, the doses actually taken, the log
//! state, the run of missed doses before it, and the prescriber's rule.
//! Also the limit check applied to every taken dose and the latest time to
//! take each dose ("take by") used for statuses.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::App;
use crate::error::{Error, Result};
use crate::guidance::{
    can_take_now, check_taken_dose, guidance, latest_take_time, Guidance, GuidanceInput,
    GuidedOccurrence, LimitBreach, MissedDoseRule, OccurrenceLog, PrnGuidance,
};
use crate::model::{DoseWarning, LogStatus};
use crate::schedule::{DoseOccurrence, DosingPlan, PrnLimit, TakenDose};
use crate::store::ScheduleContext;

/// The limit check of one medication (see [`Store::limit_check`]).
pub type LimitCheck =
    Box<dyn Fn(&[TakenDose], f64, DateTime<Utc>) -> Vec<DoseWarning> + Send + Sync>;

/// How far back guidance looks for an occurrence, missed runs and taken doses.
pub const GUIDANCE_LOOKBACK_DAYS: i64 = 35;
/// How far ahead it looks for the next dose (weekly plans need a week).
const NEXT_DOSE_HORIZON_DAYS: i64 = 15;

/// The rule with the plan's own minimum interval where the rule sets none.
fn effective_rule(rule: MissedDoseRule, plans: &[&DosingPlan]) -> MissedDoseRule {
    let plan_min = plans.iter().filter_map(|p| p.min_interval_minutes).max();
    rule.with_plan_min_interval(plan_min)
}

fn warning_of(b: &LimitBreach, rule: &MissedDoseRule) -> DoseWarning {
    match b.limit {
        PrnLimit::MinInterval => DoseWarning::MinIntervalBroken {
            minutes_since_previous: b.observed.round() as i64,
            min_interval_minutes: b.allowed.round() as u32,
        },
        PrnLimit::MaxPerPeriod => DoseWarning::MaxPerPeriodExceeded {
            amount_in_period: b.observed,
            max_amount: b.allowed,
            period_minutes: rule.max_per_period.as_ref().map_or(0, |m| m.period_minutes),
        },
        PrnLimit::MaxPerAdministration => DoseWarning::MaxPerAdministrationExceeded {
            amount: b.observed,
            max_amount: b.allowed,
        },
    }
}

/// The occurrences of one medication over local dates `from..=to`.
fn medication_occurrences(
    ctx: &ScheduleContext,
    medication_id: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DoseOccurrence>> {
    let plans: Vec<DosingPlan> = ctx
        .plans
        .iter()
        .filter(|p| p.medication_id == medication_id)
        .cloned()
        .collect();
    crate::schedule::expand(&plans, &ctx.routines, &ctx.zones, from, to)
}

/// The latest time each occurrence may be taken under its medication's rule
/// (with the plans' own minimum interval folded in, as guidance applies it):
/// time order in, same order out. `occs` must run past the last one of
/// interest so each has its next dose.
pub(crate) fn take_by_times(
    occs: &[DoseOccurrence],
    plans: &[DosingPlan],
    rules: &HashMap<String, MissedDoseRule>,
) -> Vec<DateTime<Utc>> {
    // The rule with the plans' own minimum interval where it sets none (as
    // guidance applies it).
    let mut plan_min: HashMap<&str, Option<u32>> = HashMap::new();
    for p in plans {
        let m = plan_min.entry(p.medication_id.as_str()).or_default();
        *m = (*m).max(p.min_interval_minutes);
    }
    let effective: HashMap<&str, MissedDoseRule> = plan_min
        .into_iter()
        .map(|(med, min)| {
            (
                med,
                rules
                    .get(med)
                    .cloned()
                    .unwrap_or_default()
                    .with_plan_min_interval(min),
            )
        })
        .collect();
    let default = MissedDoseRule::default();
    let mut out = vec![DateTime::<Utc>::MIN_UTC; occs.len()];
    let mut next_of: HashMap<&str, DateTime<Utc>> = HashMap::new();
    for (i, o) in occs.iter().enumerate().rev() {
        let rule = effective.get(o.medication_id.as_str()).unwrap_or(&default);
        out[i] = latest_take_time(
            rule,
            o.utc,
            o.zone,
            next_of.get(o.medication_id.as_str()).copied(),
        );
        next_of.insert(o.medication_id.as_str(), o.utc);
    }
    out
}

impl App {
    /// The medication's rule as guidance applies it (the plan's minimum
    /// interval folded in).
    pub fn effective_rule(&self, medication_id: &str) -> Result<MissedDoseRule> {
        self.effective_rule_in(&self.store.schedule_context()?, medication_id)
    }

    /// [`Store::effective_rule`] with the plans of a schedule context
    /// already loaded.
    fn effective_rule_in(
        &self,
        ctx: &ScheduleContext,
        medication_id: &str,
    ) -> Result<MissedDoseRule> {
        let plans: Vec<&DosingPlan> = ctx
            .plans
            .iter()
            .filter(|p| p.medication_id == medication_id)
            .collect();
        Ok(effective_rule(
            self.store.missed_dose_rule(medication_id)?,
            &plans,
        ))
    }

    /// The check run on every taken dose of a medication: the breaches of
    /// its rule's maximum per period and minimum interval become warnings.
    pub fn limit_check(&self, medication_id: &str) -> Result<LimitCheck> {
        self.limit_check_in(&self.store.schedule_context()?, medication_id)
    }

    /// [`Store::limit_check`] with a schedule context already loaded (the
    /// one the dose was found in).
    pub fn limit_check_in(&self, ctx: &ScheduleContext, medication_id: &str) -> Result<LimitCheck> {
        let rule = self.effective_rule_in(ctx, medication_id)?;
        Ok(Box::new(
            move |taken: &[TakenDose], amount: f64, at: DateTime<Utc>| {
                check_taken_dose(&rule, taken, amount, at)
                    .unwrap_or_default()
                    .iter()
                    .map(|b| warning_of(b, &rule))
                    .collect()
            },
        ))
    }

    /// What to do about an occurrence at `now`: the prescriber's rule applied
    /// to the log, the doses taken and the next scheduled dose.
    pub fn guidance(&self, occurrence_id: &str, now: DateTime<Utc>) -> Result<Guidance> {
        let ctx = self.store.schedule_context()?;
        let occ = ctx.find_occurrence(occurrence_id, now, GUIDANCE_LOOKBACK_DAYS)?;
        let med = occ.medication_id.clone();
        let around = medication_occurrences(
            &ctx,
            &med,
            occ.local_date - Duration::days(GUIDANCE_LOOKBACK_DAYS),
            occ.local_date + Duration::days(NEXT_DOSE_HORIZON_DAYS),
        )?;
        let next_scheduled_at = around.iter().map(|o| o.utc).filter(|t| *t > occ.utc).min();
        let earlier: Vec<&DoseOccurrence> = around.iter().filter(|o| o.utc < occ.utc).collect();
        let mut wanted: Vec<DoseOccurrence> = earlier.iter().map(|o| (*o).clone()).collect();
        wanted.push(occ.clone());
        let logs: HashMap<String, LogStatus> = self
            .store
            .logs_for(&wanted)?
            .into_iter()
            .filter_map(|e| e.occurrence_id.clone().map(|id| (id, e.status)))
            .collect();
        let plans: Vec<&DosingPlan> = ctx
            .plans
            .iter()
            .filter(|p| p.medication_id == med)
            .collect();
        let rule = effective_rule(self.store.missed_dose_rule(&med)?, &plans);
        // The run of missed doses just before this one: not taken and past
        // their own skip point (one still takeable is not missed yet).
        let mut consecutive_missed_before = 0;
        let mut following = occ.utc;
        for o in earlier.iter().rev() {
            let missed = logs.get(&o.id) != Some(&LogStatus::Taken)
                && now > latest_take_time(&rule, o.utc, o.zone, Some(following));
            if !missed {
                break;
            }
            consecutive_missed_before += 1;
            following = o.utc;
        }
        let log = match logs.get(&occ.id) {
            Some(LogStatus::Taken) => OccurrenceLog::Taken,
            Some(LogStatus::Skipped) => OccurrenceLog::Skipped,
            _ => OccurrenceLog::NotLogged,
        };
        let taken =
            self.store
                .taken_doses(&med, now - Duration::days(GUIDANCE_LOOKBACK_DAYS), now)?;
        let input = GuidanceInput {
            occurrence: GuidedOccurrence::from(&occ),
            next_scheduled_at,
            taken,
            log,
            consecutive_missed_before,
            rule,
        };
        Ok(guidance(&input, now))
    }

    /// Whether `amount` of an as-needed medication may be taken at `now`,
    /// with the reason and the earliest time it may.
    pub fn can_take_now(
        &self,
        medication_id: &str,
        amount: f64,
        now: DateTime<Utc>,
    ) -> Result<PrnGuidance> {
        let ctx = self.store.schedule_context()?;
        let as_needed = ctx
            .plans
            .iter()
            .filter(|p| p.medication_id == medication_id)
            .filter_map(|p| p.as_needed.as_ref().map(|a| (p.version, a)))
            .max_by_key(|(v, _)| *v)
            .map(|(_, a)| a.clone());
        let Some(as_needed) = as_needed else {
            // A missing medication is NotFound; an existing one without a
            // PRN plan is a wrong question.
            self.store.medication(medication_id)?;
            return Err(Error::invalid(
                "medication_id",
                "the medication has no as-needed plan",
            ));
        };
        let taken = self.store.taken_doses(
            medication_id,
            now - Duration::days(GUIDANCE_LOOKBACK_DAYS),
            now,
        )?;
        can_take_now(&as_needed, &taken, amount, now, ctx.zone_at(now))
    }
}
