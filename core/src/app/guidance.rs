//! Builds the guidance engine's input from the store: the occurrence, the
//! next dose of the same medication, the doses actually taken, the log
//! state, the run of missed doses before it, and the prescriber's rule.
//! Also the limit check applied to every taken dose and the latest time to
//! take each dose ("take by") used for statuses.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::App;
use crate::error::{Error, Result};
use crate::guidance::catch_up::logged_doses;
use crate::guidance::{
    can_take_now, check_taken_as_needed, check_taken_dose, guidance, guidance_input,
    latest_take_time, Guidance, LimitBreach, MissedDoseRule, PrnGuidance,
};
use crate::model::DoseWarning;
use crate::schedule::{AsNeeded, DoseOccurrence, DosingPlan, PrnLimit, TakenDose};
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

/// A breach as the warning the log keeps, worded in `unit` (the dose unit).
/// `plan_limit`: the as-needed plan's limit, else the missed-dose rule's.
fn warning_of(b: &LimitBreach, period_minutes: u32, plan_limit: bool, unit: &str) -> DoseWarning {
    let mut w = match b.limit {
        PrnLimit::MinInterval => DoseWarning::MinIntervalBroken {
            minutes_since_previous: b.observed.round() as i64,
            min_interval_minutes: b.allowed.round() as u32,
            plan_limit,
            message: String::new(),
        },
        PrnLimit::MaxPerPeriod => DoseWarning::MaxPerPeriodExceeded {
            amount_in_period: b.observed,
            max_amount: b.allowed,
            period_minutes,
            plan_limit,
            message: String::new(),
        },
        PrnLimit::MaxPerAdministration => DoseWarning::MaxPerAdministrationExceeded {
            amount: b.observed,
            max_amount: b.allowed,
            plan_limit,
            message: String::new(),
        },
    };
    let words = w.words(unit);
    match &mut w {
        DoseWarning::MinIntervalBroken { message, .. }
        | DoseWarning::MaxPerPeriodExceeded { message, .. }
        | DoseWarning::MaxPerAdministrationExceeded { message, .. } => *message = words,
        DoseWarning::TakenInTheFuture { .. } => {}
    }
    w
}

/// The as-needed limits of a medication: those of its latest as-needed plan
/// (the ones [`App::can_take_now`] answers with), with the plan's dose unit.
fn as_needed_of(ctx: &ScheduleContext, medication_id: &str) -> Option<(AsNeeded, String)> {
    ctx.plans
        .iter()
        .filter(|p| p.medication_id == medication_id)
        .filter_map(|p| p.as_needed.as_ref().map(|a| (p.version, a, &p.dose.unit)))
        .max_by_key(|(v, _, _)| *v)
        .map(|(_, a, u)| (a.clone(), u.to_string()))
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

    /// The check run on every taken dose of a medication: every limit that
    /// applies — the as-needed plan's (maximum per period, maximum per
    /// administration, minimum interval; checked as [`App::can_take_now`]
    /// checks them) and the missed-dose rule's (maximum per period, minimum
    /// interval) — each breach a warning in words.
    pub fn limit_check(&self, medication_id: &str) -> Result<LimitCheck> {
        self.limit_check_in(&self.store.schedule_context()?, medication_id)
    }

    /// [`Store::limit_check`] with a schedule context already loaded (the
    /// one the dose was found in).
    pub fn limit_check_in(&self, ctx: &ScheduleContext, medication_id: &str) -> Result<LimitCheck> {
        let rule = self.effective_rule_in(ctx, medication_id)?;
        let as_needed = as_needed_of(ctx, medication_id);
        let unit = as_needed
            .as_ref()
            .map(|(_, u)| u.clone())
            .or_else(|| {
                ctx.plans
                    .iter()
                    .filter(|p| p.medication_id == medication_id)
                    .max_by_key(|p| p.version)
                    .map(|p| p.dose.unit.to_string())
            })
            .unwrap_or_default();
        Ok(Box::new(
            move |taken: &[TakenDose], amount: f64, at: DateTime<Utc>| {
                let mut out: Vec<DoseWarning> = Vec::new();
                let mut plan_breaches: Vec<LimitBreach> = Vec::new();
                if let Some((a, _)) = &as_needed {
                    let period = a.max_per_period.as_ref().map_or(0, |m| m.period_minutes);
                    plan_breaches = check_taken_as_needed(a, taken, amount, at).unwrap_or_default();
                    out.extend(
                        plan_breaches
                            .iter()
                            .map(|b| warning_of(b, period, true, &unit)),
                    );
                }
                // A rule limit that repeats the plan's is one warning.
                let period = rule.max_per_period.as_ref().map_or(0, |m| m.period_minutes);
                out.extend(
                    check_taken_dose(&rule, taken, amount, at)
                        .unwrap_or_default()
                        .iter()
                        .filter(|b| {
                            !plan_breaches
                                .iter()
                                .any(|p| p.limit == b.limit && (p.allowed - b.allowed).abs() < 1e-9)
                        })
                        .map(|b| warning_of(b, period, false, &unit)),
                );
                out
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
        // The log of every dose time up to this one (same-time doses of other
        // plans included); the run, the next dose and the catch-up rule are
        // read from them by the pure `guidance_input`.
        let wanted: Vec<DoseOccurrence> = around
            .iter()
            .filter(|o| o.utc <= occ.utc)
            .cloned()
            .collect();
        let logs = logged_doses(&self.store.logs_for(&wanted)?);
        let plans: Vec<&DosingPlan> = ctx
            .plans
            .iter()
            .filter(|p| p.medication_id == med)
            .collect();
        let rule = effective_rule(self.store.missed_dose_rule(&med)?, &plans);
        let taken =
            self.store
                .taken_doses(&med, now - Duration::days(GUIDANCE_LOOKBACK_DAYS), now)?;
        let input = guidance_input(&occ, &around, &logs, taken, rule, now);
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
        let as_needed = as_needed_of(&ctx, medication_id).map(|(a, _)| a);
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
