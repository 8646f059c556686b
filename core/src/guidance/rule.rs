//! The prescriber's missed-dose rule: one pattern with its parameters, the
//! dose limits that apply whatever the pattern, and free text.
//!
//! The store keeps a rule as its serde JSON form, one per medication;
//! [`MissedDoseRule::default`] is the rule of a medication whose prescriber
//! chose none. Hours are elapsed time; the weekly window's days are
//! calendar-local days in the occurrence's zone (see the domain "Time" rules).

use chrono::Duration;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::limits;
use crate::schedule::MaxPerPeriod;

/// The "nearly time for the next dose" of the default rule, in hours.
pub const DEFAULT_NEAR_NEXT_HOURS: f64 = 2.0;
/// The largest hour parameter a rule may have (14 days).
pub const MAX_RULE_HOURS: f64 = 336.0;
/// The largest weekly window, in days.
pub const MAX_RULE_DAYS: u32 = 14;
/// The largest "contact the prescriber after N missed doses".
pub const MAX_MISSED_DOSES: u32 = 60;
/// The largest minimum interval between doses, in minutes (14 days).
pub const MAX_MIN_INTERVAL_MINUTES: u32 = 14 * 24 * 60;
/// The longest rolling period of a maximum per period, in minutes (31 days).
pub const MAX_PERIOD_MINUTES: u32 = 31 * 24 * 60;

/// What to do once a narrow window has passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum WindowFallback {
    /// Skip this dose and take the next one as usual.
    Skip,
    /// Contact the prescriber (or pharmacist) before taking anything.
    ContactPrescriber,
}

/// The missed-dose patterns the prescriber chooses from.
///
/// Each pattern sets the *skip point* of an occurrence: the latest instant
/// at which a late dose may still be taken ([`super::latest_take_time`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum MissedDosePattern {
    /// Take it when remembered unless the next dose is due within
    /// `near_next_hours` (NHS / SPS general advice; the default rule, with
    /// [`DEFAULT_NEAR_NEXT_HOURS`]). Without a next dose (end of the plan)
    /// it may be taken up to one day late.
    General {
        /// Skip when the next dose is due within this many hours.
        near_next_hours: f64,
    },
    /// Take it if within `window_hours` of the scheduled time, else follow
    /// `otherwise` (progestogen-only pill: 3 h, desogestrel 12 h).
    NarrowWindow {
        /// Hours after the scheduled time during which it may be taken.
        window_hours: f64,
        /// What to do after the window.
        otherwise: WindowFallback,
    },
    /// Take it now even if that means two doses in one day, up to
    /// `take_within_hours` late (combined pill: 48 h, i.e. one missed pill);
    /// after that follow `otherwise`. Never two for the same occurrence and
    /// never past the maximum per period.
    TakeEvenIfTwo {
        /// Hours after the scheduled time during which it may be taken.
        take_within_hours: f64,
        /// What to do after that.
        otherwise: WindowFallback,
    },
    /// Take it if less than `skip_after_hours` late, else skip it and take
    /// the next one as usual (sertraline).
    SkipIfLate {
        /// Hours after the scheduled time after which the dose is skipped.
        skip_after_hours: f64,
    },
    /// For weekly doses: take it within `window_days` calendar days of the
    /// scheduled time, keeping at least `min_hours_before_next` before the
    /// next dose, else skip (semaglutide: 5 days, 48 h).
    WeeklyWindow {
        /// Calendar days after the scheduled time during which it may be taken.
        window_days: u32,
        /// Hours that must remain before the next dose.
        min_hours_before_next: f64,
    },
    /// Contact the prescriber once `missed_doses` doses in a row are missed
    /// (lamotrigine: a long gap needs a new escalation, not a resume); until
    /// then as [`MissedDosePattern::General`] with `near_next_hours`.
    ContactPrescriberAfterMissed {
        /// Consecutive missed doses after which the prescriber is contacted.
        missed_doses: u32,
        /// As in the general pattern.
        near_next_hours: f64,
    },
}

impl MissedDosePattern {
    /// Stable snake_case code (the serde `kind`).
    pub fn code(&self) -> &'static str {
        match self {
            MissedDosePattern::General { .. } => "general",
            MissedDosePattern::NarrowWindow { .. } => "narrow_window",
            MissedDosePattern::TakeEvenIfTwo { .. } => "take_even_if_two",
            MissedDosePattern::SkipIfLate { .. } => "skip_if_late",
            MissedDosePattern::WeeklyWindow { .. } => "weekly_window",
            MissedDosePattern::ContactPrescriberAfterMissed { .. } => {
                "contact_prescriber_after_missed"
            }
        }
    }

    /// What to do once the skip point has passed (or limits block the dose
    /// until then).
    pub fn fallback(&self) -> WindowFallback {
        match self {
            MissedDosePattern::NarrowWindow { otherwise, .. }
            | MissedDosePattern::TakeEvenIfTwo { otherwise, .. } => *otherwise,
            _ => WindowFallback::Skip,
        }
    }
}

/// A medication's missed-dose rule, set by the prescriber.
///
/// The limits apply to every pattern: guidance never suggests a dose that
/// would pass `max_per_period` (counted over the doses actually taken, in the
/// plan's dose unit) or come within `min_interval_minutes` of a dose taken or
/// of the next scheduled dose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MissedDoseRule {
    /// The pattern and its parameters.
    pub pattern: MissedDosePattern,
    /// At most this much in any rolling period.
    #[serde(default)]
    pub max_per_period: Option<MaxPerPeriod>,
    /// At least this many minutes between two doses.
    #[serde(default)]
    pub min_interval_minutes: Option<u32>,
    /// Free text from the prescriber, shown with the guidance (up to 2000
    /// characters).
    #[serde(default)]
    pub note: String,
}

impl Default for MissedDoseRule {
    /// The general pattern with [`DEFAULT_NEAR_NEXT_HOURS`] (2 h), no limits
    /// and no note.
    fn default() -> Self {
        MissedDoseRule::new(MissedDosePattern::General {
            near_next_hours: DEFAULT_NEAR_NEXT_HOURS,
        })
    }
}

impl MissedDoseRule {
    /// A rule with this pattern, no limits and no note.
    pub fn new(pattern: MissedDosePattern) -> MissedDoseRule {
        MissedDoseRule {
            pattern,
            max_per_period: None,
            min_interval_minutes: None,
            note: String::new(),
        }
    }

    /// This rule with the plan's explicit minimum interval
    /// ([`crate::schedule::DosingPlan::min_interval_minutes`]) where the rule
    /// has none of its own.
    pub fn with_plan_min_interval(mut self, plan_min_interval_minutes: Option<u32>) -> Self {
        if self.min_interval_minutes.is_none() {
            self.min_interval_minutes = plan_min_interval_minutes;
        }
        self
    }

    /// Checks every parameter; the error names the first field that is wrong
    /// (`missed_dose_rule.pattern.window_hours`, ...).
    pub fn validate(&self) -> Result<()> {
        const P: &str = "missed_dose_rule.pattern";
        match &self.pattern {
            MissedDosePattern::General { near_next_hours } => {
                hours(&format!("{P}.near_next_hours"), *near_next_hours)?
            }
            MissedDosePattern::NarrowWindow { window_hours, .. } => {
                hours(&format!("{P}.window_hours"), *window_hours)?
            }
            MissedDosePattern::TakeEvenIfTwo {
                take_within_hours, ..
            } => hours(&format!("{P}.take_within_hours"), *take_within_hours)?,
            MissedDosePattern::SkipIfLate { skip_after_hours } => {
                hours(&format!("{P}.skip_after_hours"), *skip_after_hours)?
            }
            MissedDosePattern::WeeklyWindow {
                window_days,
                min_hours_before_next,
            } => {
                if *window_days == 0 || *window_days > MAX_RULE_DAYS {
                    return Err(Error::invalid(
                        format!("{P}.window_days"),
                        format!("must be from 1 to {MAX_RULE_DAYS} days"),
                    ));
                }
                hours(
                    &format!("{P}.min_hours_before_next"),
                    *min_hours_before_next,
                )?
            }
            MissedDosePattern::ContactPrescriberAfterMissed {
                missed_doses,
                near_next_hours,
            } => {
                if *missed_doses == 0 || *missed_doses > MAX_MISSED_DOSES {
                    return Err(Error::invalid(
                        format!("{P}.missed_doses"),
                        format!("must be from 1 to {MAX_MISSED_DOSES} doses"),
                    ));
                }
                hours(&format!("{P}.near_next_hours"), *near_next_hours)?
            }
        }
        if let Some(m) = &self.max_per_period {
            let a = m.amount.amount;
            if !(a.is_finite() && a > 0.0) {
                return Err(Error::invalid(
                    "missed_dose_rule.max_per_period.amount.amount",
                    "must be a number greater than zero",
                ));
            }
            limits::text(
                "missed_dose_rule.max_per_period.amount.unit",
                &m.amount.unit,
                1,
                limits::MAX_UNIT_CHARS,
            )?;
            if m.period_minutes == 0 || m.period_minutes > MAX_PERIOD_MINUTES {
                return Err(Error::invalid(
                    "missed_dose_rule.max_per_period.period_minutes",
                    format!("must be from 1 to {MAX_PERIOD_MINUTES} minutes"),
                ));
            }
        }
        if let Some(m) = self.min_interval_minutes {
            if m == 0 || m > MAX_MIN_INTERVAL_MINUTES {
                return Err(Error::invalid(
                    "missed_dose_rule.min_interval_minutes",
                    format!("must be from 1 to {MAX_MIN_INTERVAL_MINUTES} minutes"),
                ));
            }
        }
        limits::text(
            "missed_dose_rule.note",
            &self.note,
            0,
            limits::MAX_TEXT_CHARS,
        )
    }

    /// The minimum interval as a duration.
    pub(crate) fn min_interval(&self) -> Option<Duration> {
        self.min_interval_minutes
            .map(|m| Duration::minutes(i64::from(m)))
    }
}

fn hours(field: &str, h: f64) -> Result<()> {
    if !h.is_finite() || h <= 0.0 {
        return Err(Error::invalid(
            field,
            "must be a number of hours greater than zero",
        ));
    }
    if h > MAX_RULE_HOURS {
        return Err(Error::invalid(
            field,
            format!("must be at most {MAX_RULE_HOURS} hours"),
        ));
    }
    Ok(())
}

/// Hours as a duration (to the millisecond; anything not finite counts as 0).
pub(crate) fn hours_duration(h: f64) -> Duration {
    if h.is_finite() {
        let ms = (h.clamp(-1e6, 1e6) * 3_600_000.0).round() as i64;
        Duration::milliseconds(ms)
    } else {
        Duration::zero()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::Dose;

    fn field_of(r: &MissedDoseRule) -> String {
        match r.validate().unwrap_err() {
            Error::InvalidInput { field, .. } => field,
            e => panic!("unexpected {e}"),
        }
    }

    #[test]
    fn default_is_the_general_pattern_with_two_hours() {
        let r = MissedDoseRule::default();
        assert_eq!(
            r.pattern,
            MissedDosePattern::General {
                near_next_hours: 2.0
            }
        );
        assert!(r.validate().is_ok());
    }

    #[test]
    fn serde_form_is_tagged_and_reads_back_with_defaults() {
        let r = MissedDoseRule::new(MissedDosePattern::NarrowWindow {
            window_hours: 3.0,
            otherwise: WindowFallback::ContactPrescriber,
        });
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["pattern"]["kind"], "narrow_window");
        assert_eq!(json["pattern"]["otherwise"], "contact_prescriber");
        assert_eq!(serde_json::from_value::<MissedDoseRule>(json).unwrap(), r);
        let minimal = serde_json::json!({
            "pattern": {"kind": "weekly_window", "window_days": 5, "min_hours_before_next": 48.0}
        });
        let r: MissedDoseRule = serde_json::from_value(minimal).unwrap();
        assert_eq!(r.pattern.code(), "weekly_window");
        assert!(r.note.is_empty() && r.max_per_period.is_none());
    }

    #[test]
    fn validation_names_the_field() {
        let bad = |p| MissedDoseRule::new(p);
        assert_eq!(
            field_of(&bad(MissedDosePattern::General {
                near_next_hours: -1.0
            })),
            "missed_dose_rule.pattern.near_next_hours"
        );
        assert_eq!(
            field_of(&bad(MissedDosePattern::SkipIfLate {
                skip_after_hours: 0.0
            })),
            "missed_dose_rule.pattern.skip_after_hours"
        );
        assert_eq!(
            field_of(&bad(MissedDosePattern::NarrowWindow {
                window_hours: f64::NAN,
                otherwise: WindowFallback::Skip
            })),
            "missed_dose_rule.pattern.window_hours"
        );
        assert_eq!(
            field_of(&bad(MissedDosePattern::TakeEvenIfTwo {
                take_within_hours: 10_000.0,
                otherwise: WindowFallback::Skip
            })),
            "missed_dose_rule.pattern.take_within_hours"
        );
        assert_eq!(
            field_of(&bad(MissedDosePattern::WeeklyWindow {
                window_days: 15,
                min_hours_before_next: 48.0
            })),
            "missed_dose_rule.pattern.window_days"
        );
        assert_eq!(
            field_of(&bad(MissedDosePattern::ContactPrescriberAfterMissed {
                missed_doses: 0,
                near_next_hours: 2.0
            })),
            "missed_dose_rule.pattern.missed_doses"
        );
        let r = MissedDoseRule {
            note: "x".repeat(limits::MAX_TEXT_CHARS + 1),
            ..MissedDoseRule::default()
        };
        assert_eq!(field_of(&r), "missed_dose_rule.note");
        let r = MissedDoseRule {
            min_interval_minutes: Some(0),
            ..MissedDoseRule::default()
        };
        assert_eq!(field_of(&r), "missed_dose_rule.min_interval_minutes");
        let mut r = MissedDoseRule {
            max_per_period: Some(MaxPerPeriod {
                amount: Dose::new(-4.0, "tablet"),
                period_minutes: 1440,
            }),
            ..MissedDoseRule::default()
        };
        assert_eq!(
            field_of(&r),
            "missed_dose_rule.max_per_period.amount.amount"
        );
        r.max_per_period = Some(MaxPerPeriod {
            amount: Dose::new(4.0, "tablet"),
            period_minutes: 0,
        });
        assert_eq!(
            field_of(&r),
            "missed_dose_rule.max_per_period.period_minutes"
        );
    }

    #[test]
    fn plan_min_interval_fills_only_a_missing_one() {
        let r = MissedDoseRule::default().with_plan_min_interval(Some(240));
        assert_eq!(r.min_interval_minutes, Some(240));
        let own = MissedDoseRule {
            min_interval_minutes: Some(60),
            ..MissedDoseRule::default()
        };
        assert_eq!(
            own.with_plan_min_interval(Some(240)).min_interval_minutes,
            Some(60)
        );
    }
}
