//! What the apps show for a dose, as view data the Kotlin and Swift kits only
//! adapt: the Today row's badge and buttons ([`dose_badge`],
//! [`dose_actions`]), the dose Today points at ([`focus`]), the guidance sheet's headline and buttons
//! ([`guidance_sheet`]), the reason a skip records when the person was not
//! asked ([`DEFAULT_SKIP_REASON`]), the usual parameters of each missed-dose
//! pattern the set-up form offers ([`missed_dose_defaults`]), the ranges its
//! pickers offer ([`form_limits`]) and every set of
//! notification buttons the reminder plan uses ([`notification_button_sets`],
//! so iOS can register all its categories at launch). Pure functions of
//! their arguments.
//!
//! **The rules.** A dose is *late* from the first minute after its time while
//! the rule still allows it (before then, within the early window, it is
//! *due*). Every dose not yet logged offers Take and Skip; a due or late one
//! also Snooze; a late or missed one the guidance sheet; a logged one only
//! Undo. The first button is the primary one.

use chrono::{DateTime, Timelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::guidance::answer::{Guidance, GuidanceAction};
use crate::guidance::{MissedDosePattern, WindowFallback, DEFAULT_NEAR_NEXT_HOURS};
use crate::model::SkipReason;
use crate::reminders::NotificationAction;

/// Where a dose stands at `now`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "status")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum OccurrenceStatus {
    /// Not yet due.
    Upcoming,
    /// Due now (or overdue but still within the rule's window).
    Due {
        /// Minutes past the scheduled time (negative: still ahead).
        minutes_overdue: i64,
        /// The latest time the rule allows taking it, if it sets one.
        take_by: Option<DateTime<Utc>>,
    },
    /// Taken.
    Taken {
        /// When.
        at: DateTime<Utc>,
        /// At most [`crate::today::ON_TIME_MINUTES`] after the scheduled time (a dose
        /// taken early is on time).
        on_time: bool,
        /// Minutes after the scheduled time; 0 when taken early (compare
        /// `at` with the scheduled time to say "taken early"), never
        /// negative.
        minutes_late: i64,
    },
    /// Skipped on purpose.
    Skipped {
        /// Why.
        reason: Option<SkipReason>,
    },
    /// Not logged, and past the latest time the rule allows.
    Missed {
        /// Minutes past the scheduled time.
        minutes_overdue: i64,
    },
}

/// The reason a skip records when the person was not asked (a notification's
/// Skip button, the guidance sheet's Skip): "something else". The core does
/// not guess a barrier ("forgot") for the care team's adherence figures; the
/// app offers the reasons where there is room to ask.
pub const DEFAULT_SKIP_REASON: SkipReason = SkipReason::Other;

/// The status badge of one dose row; apps map it to colour, icon and words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum DoseBadge {
    /// Not yet due.
    #[default]
    Upcoming,
    /// Due now: its time is close or has just come.
    Due,
    /// Past its time, still inside the rule's window: take it, or open guidance.
    Late,
    /// Taken within the on-time window (or early).
    TakenOnTime,
    /// Taken, but late.
    TakenLate,
    /// Skipped on purpose.
    Skipped,
    /// Past the rule's window and not logged.
    Missed,
}

/// A button on a dose row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum DoseRowAction {
    /// Log it as taken.
    Take,
    /// Log it as skipped.
    Skip,
    /// Remind again later (never past the rule's take-by time).
    Snooze,
    /// Open the missed-dose guidance sheet.
    Guidance,
    /// Undo the log entry.
    Undo,
}

/// The badge of a dose in `status`.
pub fn dose_badge(status: &OccurrenceStatus) -> DoseBadge {
    match status {
        OccurrenceStatus::Upcoming => DoseBadge::Upcoming,
        OccurrenceStatus::Due {
            minutes_overdue, ..
        } => {
            if *minutes_overdue > 0 {
                DoseBadge::Late
            } else {
                DoseBadge::Due
            }
        }
        OccurrenceStatus::Taken { on_time: true, .. } => DoseBadge::TakenOnTime,
        OccurrenceStatus::Taken { .. } => DoseBadge::TakenLate,
        OccurrenceStatus::Skipped { .. } => DoseBadge::Skipped,
        OccurrenceStatus::Missed { .. } => DoseBadge::Missed,
    }
}

/// The buttons of a dose with `badge`, the primary one first.
pub fn dose_actions(badge: DoseBadge) -> Vec<DoseRowAction> {
    use DoseRowAction::*;
    match badge {
        DoseBadge::Upcoming => vec![Take, Skip],
        DoseBadge::Due => vec![Take, Snooze, Skip],
        DoseBadge::Late => vec![Take, Guidance, Snooze, Skip],
        DoseBadge::Missed => vec![Guidance, Skip],
        DoseBadge::TakenOnTime | DoseBadge::TakenLate | DoseBadge::Skipped => vec![Undo],
    }
}

/// A button on the guidance sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum SheetButton {
    /// Log the dose as taken now.
    TakeNow,
    /// Log the dose as skipped ([`DEFAULT_SKIP_REASON`] unless the app asks).
    SkipDose,
    /// Remind again at the guidance's `take_at` (a snooze to that time).
    RemindAt,
    /// Show the prescriber's contact.
    ContactPrescriber,
    /// Nothing to do; close the sheet.
    Close,
}

/// The guidance sheet of one dose: its headline (default English; apps
/// that localize word it from the guidance's action and times) and buttons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct GuidanceSheetView {
    /// "Take it now", "Wait until 14:30"...
    pub headline: String,
    /// The primary button first.
    pub buttons: Vec<SheetButton>,
}

/// The sheet for `guidance`: a "wait until" headline names the time in the
/// guidance's zone; a wait without a time (none is possible) reads "Wait"
/// and offers no reminder.
pub fn guidance_sheet(guidance: &Guidance) -> GuidanceSheetView {
    use SheetButton::*;
    let take_at = guidance.params.take_at;
    let (headline, buttons) = match guidance.action {
        GuidanceAction::TakeNow => ("Take it now".to_string(), vec![TakeNow, SkipDose]),
        GuidanceAction::SkipThisDose => ("Skip this dose".to_string(), vec![SkipDose, Close]),
        GuidanceAction::WaitUntil => match take_at {
            Some(at) => (
                format!("Wait until {}", clock(at, guidance.params.zone)),
                vec![RemindAt, SkipDose],
            ),
            None => ("Wait".to_string(), vec![SkipDose, Close]),
        },
        GuidanceAction::ContactPrescriber => (
            "Contact your prescriber".to_string(),
            vec![ContactPrescriber, SkipDose],
        ),
        GuidanceAction::AlreadyTaken => ("Already taken".to_string(), vec![Close]),
        GuidanceAction::NotDueYet => ("Not due yet".to_string(), vec![Close]),
    };
    GuidanceSheetView { headline, buttons }
}

/// "07:05" in `zone`.
fn clock(at: DateTime<Utc>, zone: Tz) -> String {
    let local = at.with_timezone(&zone);
    format!("{:02}:{:02}", local.hour(), local.minute())
}

/// The ranges the set-up forms offer, from the limits the core validates
/// with, so a picker never offers a value the core refuses (and the apps
/// hold no copy of the rules).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct FormLimits {
    /// "Every N days": the smallest N (every other day).
    pub every_days_min: u32,
    /// "Every N days": the largest N.
    pub every_days_max: u32,
    /// A weekly medication's catch-up window: fewest days.
    pub window_days_min: u32,
    /// A weekly medication's catch-up window: most days.
    pub window_days_max: u32,
    /// "Call after N missed doses in a row": the smallest N.
    pub missed_doses_min: u32,
    /// "Call after N missed doses in a row": the largest N.
    pub missed_doses_max: u32,
    /// Any hours field of a missed-dose rule: the most hours.
    pub rule_hours_max: f64,
}

/// The form limits (see [`FormLimits`]).
pub fn form_limits() -> FormLimits {
    FormLimits {
        every_days_min: crate::schedule::form::MIN_EVERY_DAYS,
        every_days_max: crate::schedule::form::MAX_EVERY_DAYS,
        window_days_min: 1,
        window_days_max: crate::guidance::rule::MAX_RULE_DAYS,
        missed_doses_min: 1,
        missed_doses_max: crate::guidance::rule::MAX_MISSED_DOSES,
        rule_hours_max: crate::guidance::rule::MAX_RULE_HOURS,
    }
}

/// Each missed-dose pattern with the parameters of its textbook example, in
/// the order the set-up form offers them: general (2 h before the next),
/// narrow window (progestogen-only pill: 3 h, then skip), take even if two
/// (combined pill: 48 h, then contact the prescriber), skip if late
/// (sertraline: 6 h), weekly window (semaglutide: 5 days, 48 h before the
/// next) and contact the prescriber after missed doses (lamotrigine: 2 in a
/// row). A form switching pattern starts from these; each is a valid rule.
pub fn missed_dose_defaults() -> Vec<MissedDosePattern> {
    vec![
        MissedDosePattern::General {
            near_next_hours: DEFAULT_NEAR_NEXT_HOURS,
        },
        MissedDosePattern::NarrowWindow {
            window_hours: 3.0,
            otherwise: WindowFallback::Skip,
        },
        MissedDosePattern::TakeEvenIfTwo {
            take_within_hours: 48.0,
            otherwise: WindowFallback::ContactPrescriber,
        },
        MissedDosePattern::SkipIfLate {
            skip_after_hours: 6.0,
        },
        MissedDosePattern::WeeklyWindow {
            window_days: 5,
            min_hours_before_next: 48.0,
        },
        MissedDosePattern::ContactPrescriberAfterMissed {
            missed_doses: 2,
            near_next_hours: DEFAULT_NEAR_NEXT_HOURS,
        },
    ]
}

/// Every set of buttons a reminder can carry, each in the order shown:
/// iOS registers one notification category per set, all in one call at
/// launch, so a reminder never arrives without its buttons.
pub fn notification_button_sets() -> Vec<Vec<NotificationAction>> {
    crate::reminders::model::BUTTON_SETS
        .iter()
        .map(|set| set.to_vec())
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_form_limits_are_exactly_what_the_core_accepts() {
        use crate::guidance::MissedDoseRule;
        use crate::schedule::form::{plan_from_form, FormDays, FormTimes, PlanForm};
        use crate::schedule::plan::Dose;
        let l = form_limits();
        let every = |n: u32| {
            plan_from_form(&PlanForm {
                dose: Dose::new(1.0, "tablet"),
                times: FormTimes::AtClockTimes {
                    clock_times: vec![chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap()],
                },
                days: FormDays::EveryNDays {
                    every: n,
                    start: chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
                },
                start: None,
                end: None,
            })
            .is_ok()
        };
        assert!(every(l.every_days_min) && every(l.every_days_max));
        assert!(!every(l.every_days_min - 1) && !every(l.every_days_max + 1));
        let window = |d: u32| {
            MissedDoseRule::new(MissedDosePattern::WeeklyWindow {
                window_days: d,
                min_hours_before_next: 24.0,
            })
            .validate()
            .is_ok()
        };
        assert!(window(l.window_days_min) && window(l.window_days_max));
        assert!(!window(l.window_days_min - 1) && !window(l.window_days_max + 1));
        let missed = |n: u32| {
            MissedDoseRule::new(MissedDosePattern::ContactPrescriberAfterMissed {
                missed_doses: n,
                near_next_hours: 2.0,
            })
            .validate()
            .is_ok()
        };
        assert!(missed(l.missed_doses_min) && missed(l.missed_doses_max));
        assert!(!missed(l.missed_doses_min - 1) && !missed(l.missed_doses_max + 1));
        let hours = |h: f64| {
            MissedDoseRule::new(MissedDosePattern::SkipIfLate {
                skip_after_hours: h,
            })
            .validate()
            .is_ok()
        };
        assert!(hours(l.rule_hours_max) && !hours(l.rule_hours_max + 1.0));
    }

    use super::*;
    use crate::guidance::MissedDoseRule;

    fn due(minutes_overdue: i64) -> OccurrenceStatus {
        OccurrenceStatus::Due {
            minutes_overdue,
            take_by: None,
        }
    }

    #[test]
    fn a_dose_is_due_until_its_minute_passes_then_late() {
        assert_eq!(dose_badge(&due(-30)), DoseBadge::Due);
        assert_eq!(dose_badge(&due(0)), DoseBadge::Due);
        assert_eq!(dose_badge(&due(1)), DoseBadge::Late);
        assert_eq!(
            dose_badge(&OccurrenceStatus::Missed {
                minutes_overdue: 300
            }),
            DoseBadge::Missed
        );
    }

    #[test]
    fn taken_late_and_on_time_read_apart() {
        let at = Utc::now();
        let on_time = OccurrenceStatus::Taken {
            at,
            on_time: true,
            minutes_late: 10,
        };
        let late = OccurrenceStatus::Taken {
            at,
            on_time: false,
            minutes_late: 90,
        };
        assert_eq!(dose_badge(&on_time), DoseBadge::TakenOnTime);
        assert_eq!(dose_badge(&late), DoseBadge::TakenLate);
    }

    #[test]
    fn a_logged_dose_offers_only_undo_and_a_missed_one_guidance_first() {
        for badge in [
            DoseBadge::TakenOnTime,
            DoseBadge::TakenLate,
            DoseBadge::Skipped,
        ] {
            assert_eq!(dose_actions(badge), vec![DoseRowAction::Undo]);
        }
        assert_eq!(
            dose_actions(DoseBadge::Missed),
            vec![DoseRowAction::Guidance, DoseRowAction::Skip]
        );
        // A late dose: take first, the sheet second; an upcoming one cannot be snoozed.
        assert_eq!(
            dose_actions(DoseBadge::Late)[..2],
            [DoseRowAction::Take, DoseRowAction::Guidance]
        );
        assert!(!dose_actions(DoseBadge::Upcoming).contains(&DoseRowAction::Snooze));
        assert!(dose_actions(DoseBadge::Due).contains(&DoseRowAction::Snooze));
    }

    #[test]
    fn every_default_pattern_is_a_valid_rule_and_each_pattern_appears_once() {
        let defaults = missed_dose_defaults();
        let mut codes: Vec<&str> = defaults.iter().map(|p| p.code()).collect();
        assert_eq!(codes.len(), 6);
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 6, "one default per pattern");
        for pattern in defaults {
            let rule = MissedDoseRule {
                pattern: pattern.clone(),
                ..MissedDoseRule::default()
            };
            assert!(rule.validate().is_ok(), "{pattern:?}");
        }
        assert_eq!(missed_dose_defaults()[0], MissedDoseRule::default().pattern);
    }

    #[test]
    fn the_default_skip_reason_guesses_no_barrier() {
        assert_eq!(DEFAULT_SKIP_REASON, SkipReason::Other);
    }
}
