//! # Adherence analytics
//!
//! Pure metrics over a window of local dates, per medication and overall:
//! taking adherence, correct-dosing days, timing adherence, days covered
//! (PDC), streaks, drug holidays, missed-dose patterns, barriers, as-needed
//! use, the trend against the previous window, what changed around each dose
//! step, mood and side effects next to adherence, kind milestones and the
//! efficacy timeline. Definitions: `docs/domain.md` (Adherence measures).
//!
//! [`compute`] is a pure function of a [`StatsInput`] (plain data and `now`);
//! [`disclosed::input_of`] fills one from a [`Disclosure`](crate::care::Disclosure).
//!
//! | module | concept |
//! |---|---|
//! | [`input`] | the plain data the engine reads |
//! | [`doses`] | each due dose's outcome, day by day |
//! | [`adherence`] | taking, correct-dosing, timing, patterns, barriers, PRN |
//! | [`streaks`] | streaks and drug holidays |
//! | [`coverage`] | days covered from refills (PDC) |
//! | [`changes`] | before/after each dose change |
//! | [`wellbeing`] | mood and side effects next to adherence, milestones, onset |
//! | [`disclosed`] | the input of a disclosure |

pub mod adherence;
pub mod changes;
pub mod coverage;
pub mod disclosed;
pub mod doses;
pub mod input;
pub mod streaks;
pub mod wellbeing;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

pub use adherence::{AdherenceMeasures, BarrierCount, MomentCount, PrnUse, WeekdayCount};
pub use changes::{DoseChange, PeriodSnapshot};
pub use doses::{DayAdherence, DoseOutcome};
pub use input::{QuestionnaireResult, Refill, SharedNote, SideEffectEvent, StatsInput};
pub use streaks::{HolidayCounts, Streaks};
pub use wellbeing::{Milestone, MilestoneKind, OnsetProgress, WeekTrend};

/// The timing window used when none is given: ±2 hours.
pub const DEFAULT_TIMING_WINDOW_MINUTES: u32 = 120;

/// Which way a measure moved against the previous window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum TrendDirection {
    /// Up by more than 2 percentage points.
    Higher,
    /// Within 2 percentage points.
    Steady,
    /// Down by more than 2 percentage points.
    Lower,
    /// No doses were due in one of the windows.
    NotComparable,
}

/// Taking adherence against the previous window of the same length.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Trend {
    /// First date of the previous window.
    pub previous_from: NaiveDate,
    /// Last date of the previous window.
    pub previous_to: NaiveDate,
    /// Taking adherence then, percent.
    pub previous_percent: Option<f64>,
    /// Taking adherence now, percent.
    pub current_percent: Option<f64>,
    /// Difference in percentage points (now minus then).
    pub change_points: Option<f64>,
    /// Which way it moved.
    pub direction: TrendDirection,
}

/// The measures of one medication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MedicationStats {
    /// The medication.
    pub medication_id: String,
    /// Its name.
    pub name: String,
    /// Taking, correct-dosing and timing adherence, patterns, barriers.
    pub adherence: AdherenceMeasures,
    /// Days covered by refills / days in the period, percent (`None`: no
    /// refill with a days' supply was logged).
    pub days_covered_percent: Option<f64>,
    /// Streaks of days with every dose taken.
    pub streaks: Streaks,
    /// Runs of 2 or more due days without any dose.
    pub holidays: HolidayCounts,
    /// As-needed and extra doses.
    pub prn: PrnUse,
    /// Against the previous window.
    pub trend: Trend,
    /// Dose changes (taper/titration steps) in the window, with before/after.
    pub dose_changes: Vec<DoseChange>,
    /// "Day 12 of the usual 2-6 weeks", for a recently started medication.
    pub onset: Option<OnsetProgress>,
}

/// Statistics of a window: overall and per medication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Stats {
    /// First local date.
    pub from: NaiveDate,
    /// Last local date.
    pub to: NaiveDate,
    /// The timing window used, ± minutes.
    pub timing_window_minutes: u32,
    /// Every medication together.
    pub overall: AdherenceMeasures,
    /// Streaks of days with every dose of every medication taken.
    pub streaks: Streaks,
    /// Runs of 2 or more due days without any dose of anything.
    pub holidays: HolidayCounts,
    /// Against the previous window.
    pub trend: Trend,
    /// Per medication, by name.
    pub medications: Vec<MedicationStats>,
    /// Day by day (the calendar), oldest first.
    pub days: Vec<DayAdherence>,
    /// Week by week: adherence, mood and side effects side by side.
    pub weeks: Vec<WeekTrend>,
    /// Descriptive sentences about mood and side effects next to adherence
    /// (no causal claims).
    pub observations: Vec<String>,
    /// Small successes, worded kindly.
    pub milestones: Vec<Milestone>,
}

/// Options of [`compute`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct StatsOptions {
    /// A dose counts as on time within ± this many minutes (default 120).
    pub timing_window_minutes: u32,
}

impl Default for StatsOptions {
    fn default() -> StatsOptions {
        StatsOptions {
            timing_window_minutes: DEFAULT_TIMING_WINDOW_MINUTES,
        }
    }
}

/// Percent of `part` in `whole`, `None` when `whole` is 0.
pub(crate) fn percent(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) * 100.0 / f64::from(whole))
}

/// The previous window of the same length as `from..=to`.
pub fn previous_window(from: NaiveDate, to: NaiveDate) -> (NaiveDate, NaiveDate) {
    let len = (to - from).num_days() + 1;
    (from - Duration::days(len), from - Duration::days(1))
}

fn trend(prev: (NaiveDate, NaiveDate), before: Option<f64>, now: Option<f64>) -> Trend {
    let change = match (before, now) {
        (Some(b), Some(n)) => Some(n - b),
        _ => None,
    };
    let direction = match change {
        None => TrendDirection::NotComparable,
        Some(c) if c > 2.0 => TrendDirection::Higher,
        Some(c) if c < -2.0 => TrendDirection::Lower,
        Some(_) => TrendDirection::Steady,
    };
    Trend {
        previous_from: prev.0,
        previous_to: prev.1,
        previous_percent: before,
        current_percent: now,
        change_points: change,
        direction,
    }
}

/// Computes every measure of `input.from..=input.to`.
pub fn compute(input: &StatsInput, options: &StatsOptions) -> Stats {
    let window = options.timing_window_minutes;
    let outcomes = doses::outcomes(input, window);
    let today = input.today();
    let prev = previous_window(input.from, input.to);
    let in_window = |o: &&DoseOutcome| o.local_date >= input.from && o.local_date <= input.to;
    let in_prev = |o: &&DoseOutcome| o.local_date >= prev.0 && o.local_date <= prev.1;

    let cur: Vec<&DoseOutcome> = outcomes.iter().filter(in_window).collect();
    let before: Vec<&DoseOutcome> = outcomes.iter().filter(in_prev).collect();
    let days = doses::days(&cur, input.from, input.to.min(today));
    let overall = adherence::measures(&cur, &days, input, None);
    let prev_days = doses::days(&before, prev.0, prev.1);
    let prev_overall = adherence::measures(&before, &prev_days, input, None);

    let mut medications: Vec<MedicationStats> = input
        .medications
        .iter()
        .map(|m| {
            let mine: Vec<&DoseOutcome> = cur
                .iter()
                .copied()
                .filter(|o| o.medication_id == m.id)
                .collect();
            let mine_prev: Vec<&DoseOutcome> = before
                .iter()
                .copied()
                .filter(|o| o.medication_id == m.id)
                .collect();
            let mdays = doses::days(&mine, input.from, input.to.min(today));
            let pdays = doses::days(&mine_prev, prev.0, prev.1);
            let a = adherence::measures(&mine, &mdays, input, Some(&m.id));
            let pa = adherence::measures(&mine_prev, &pdays, input, Some(&m.id));
            MedicationStats {
                medication_id: m.id.clone(),
                name: m.name.clone(),
                days_covered_percent: coverage::days_covered_percent(input, m),
                streaks: streaks::streaks(&mdays, today),
                holidays: streaks::holidays(&mdays),
                prn: adherence::prn_use(input, &m.id),
                trend: trend(prev, pa.taking_percent, a.taking_percent),
                dose_changes: changes::dose_changes(input, &outcomes, &m.id),
                onset: wellbeing::onset(m, today),
                adherence: a,
            }
        })
        .filter(|s| {
            s.adherence.due > 0
                || s.prn.as_needed_doses + s.prn.extra_doses > 0
                || !s.dose_changes.is_empty()
        })
        .collect();
    medications.sort_by(|a, b| a.name.cmp(&b.name));

    let weeks = wellbeing::weeks(input, &days);
    let streaks = streaks::streaks(&days, today);
    let holidays = streaks::holidays(&days);
    Stats {
        from: input.from,
        to: input.to,
        timing_window_minutes: window,
        trend: trend(prev, prev_overall.taking_percent, overall.taking_percent),
        observations: wellbeing::observations(input, &overall, &weeks),
        milestones: wellbeing::milestones(&days),
        overall,
        streaks,
        holidays,
        medications,
        days,
        weeks,
    }
}
