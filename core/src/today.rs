//! The status of each dose at `now`, and the Today view: the day's doses
//! across medications grouped by routine moment. Pure functions of the
//! occurrences, the log and `now`.
//!
//! Statuses: *upcoming* (more than [`DUE_SOON_MINUTES`] ahead), *due* (from
//! then until the latest time the medication's rule allows taking it —
//! which ends once a later dose of the medication is due, or a dose was
//! taken since: one catch-up at a time, see [`crate::guidance::catch_up`]),
//! *missed* (after that, not logged), *taken* (on time when early or within
//! [`ON_TIME_MINUTES`] after the scheduled time, else late by so much; never
//! a negative lateness), and
//! *skipped*.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveTime, Timelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::model::{DoseLogEntry, LogStatus, Medication, RoutineEvent};
use crate::schedule::DoseOccurrence;

/// A dose becomes "due" this many minutes before its time (the guidance
/// engine's early window).
pub const DUE_SOON_MINUTES: i64 = crate::guidance::EARLY_MINUTES;
/// A dose taken within this many minutes of its time is on time (the
/// guidance engine's on-time window).
pub const ON_TIME_MINUTES: i64 = crate::guidance::ON_TIME_MINUTES;

pub use crate::dose_view::OccurrenceStatus;

/// The status of `occ` at `now`. `entry` is its log entry (if any);
/// `take_by` is the latest time the medication's rule allows taking it.
pub fn status(
    occ: &DoseOccurrence,
    entry: Option<&DoseLogEntry>,
    take_by: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> OccurrenceStatus {
    match entry.map(|e| (e.status, e)) {
        Some((LogStatus::Taken, e)) => {
            let at = e.taken_at.unwrap_or(e.updated_at);
            // Taken early reads on time, never a negative lateness.
            let minutes_late = (at - occ.utc).num_minutes().max(0);
            OccurrenceStatus::Taken {
                at,
                on_time: minutes_late <= ON_TIME_MINUTES,
                minutes_late,
            }
        }
        Some((LogStatus::Skipped, e)) => OccurrenceStatus::Skipped {
            reason: e.skip_reason,
        },
        _ => {
            let minutes_overdue = (now - occ.utc).num_minutes();
            if minutes_overdue < -DUE_SOON_MINUTES {
                OccurrenceStatus::Upcoming
            } else if take_by.is_some_and(|t| now > t) {
                OccurrenceStatus::Missed { minutes_overdue }
            } else {
                OccurrenceStatus::Due {
                    minutes_overdue,
                    take_by,
                }
            }
        }
    }
}

/// One dose on the Today screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TodayDose {
    /// The occurrence.
    pub occurrence: DoseOccurrence,
    /// The medication's name.
    pub medication_name: String,
    /// Its status now.
    pub status: OccurrenceStatus,
    /// The log entry, to undo or edit it.
    pub log_entry_id: Option<String>,
    /// The dose in words: "2 tablets", or a prescribed range "1–2 tablets"
    /// (the person logs what they took).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = ""))]
    pub dose_text: String,
    /// The row's badge ([`crate::dose_view::dose_badge`] of `status`).
    #[serde(default)]
    pub badge: crate::dose_view::DoseBadge,
    /// The row's buttons, the primary one first ([`crate::dose_view::dose_actions`]).
    #[serde(default)]
    pub actions: Vec<crate::dose_view::DoseRowAction>,
}

/// The doses of one routine moment ("Breakfast", "Bedtime").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TodayGroup {
    /// The routine moment; doses at fixed clock times go to the part of the
    /// day they fall in (morning, afternoon, evening, night).
    pub moment: RoutineEvent,
    /// Local time of the group's first dose.
    pub time: NaiveTime,
    /// The doses, in time order.
    pub doses: Vec<TodayDose>,
}

/// Everything the Today screen shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TodayView {
    /// The local date.
    pub date: NaiveDate,
    /// The zone the phone is in.
    pub zone: Tz,
    /// Groups in time order.
    pub groups: Vec<TodayGroup>,
    /// Doses taken / doses scheduled today.
    pub taken_count: u32,
    /// Doses scheduled today.
    pub scheduled_count: u32,
    /// Instructions kept as the prescriber wrote them, with no schedule
    /// yet ("take one tablet daily as directed"): they give no doses and no
    /// reminders; the app shows the text and offers the set-up form.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub needs_schedule: Vec<NeedsSchedule>,
    /// The occurrence the screen points at ([`focus`]):
    /// the first due or late dose, else the next upcoming one; `None` when
    /// every dose is logged or missed.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub focus: Option<String>,
}

/// A plan imported as text only, waiting for a schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NeedsSchedule {
    /// The medication.
    pub medication_id: String,
    /// Its name.
    pub medication_name: String,
    /// The plan to give a schedule (`update_plan`).
    pub plan_id: String,
    /// The prescriber's words (the instruction's text, else the patient
    /// instruction).
    pub text: String,
}

/// The active plans of `date` that still need a schedule, by medication
/// name (latest version of each plan).
pub fn needing_schedule(
    date: NaiveDate,
    plans: &[crate::schedule::DosingPlan],
    medications: &[Medication],
) -> Vec<NeedsSchedule> {
    let mut out: Vec<NeedsSchedule> = Vec::new();
    for p in plans
        .iter()
        .filter(|p| p.needs_schedule() && p.is_active_on(date))
    {
        let Some(m) = medications.iter().find(|m| m.id == p.medication_id) else {
            continue;
        };
        if out.iter().any(|n| n.plan_id == p.id) {
            continue;
        }
        let pr = p.prescribed.as_ref();
        out.push(NeedsSchedule {
            medication_id: m.id.clone(),
            medication_name: m.name.clone(),
            plan_id: p.id.clone(),
            text: pr
                .and_then(|x| x.text.clone().or(x.patient_instruction.clone()))
                .unwrap_or_default(),
        });
    }
    out.sort_by(|a, b| a.medication_name.cmp(&b.medication_name));
    out
}

/// The part of the day a local time falls in.
pub fn part_of_day(t: NaiveTime) -> RoutineEvent {
    match t.hour() {
        4..=11 => RoutineEvent::Morning,
        12..=16 => RoutineEvent::Afternoon,
        17..=20 => RoutineEvent::Evening,
        _ => RoutineEvent::Night,
    }
}

/// Builds the Today view from the day's occurrences (time order), their log
/// entries, the medications and each occurrence's `take_by`.
pub fn build_today(
    date: NaiveDate,
    zone: Tz,
    occurrences: Vec<DoseOccurrence>,
    entries: &[DoseLogEntry],
    medications: &[Medication],
    take_by: impl Fn(&DoseOccurrence) -> Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> TodayView {
    let by_occ: HashMap<&str, &DoseLogEntry> = entries
        .iter()
        .filter_map(|e| e.occurrence_id.as_deref().map(|id| (id, e)))
        .collect();
    let names: HashMap<&str, &str> = medications
        .iter()
        .map(|m| (m.id.as_str(), m.name.as_str()))
        .collect();
    let mut groups: Vec<TodayGroup> = Vec::new();
    let (mut taken, mut scheduled) = (0, 0);
    for occ in occurrences {
        let entry = by_occ.get(occ.id.as_str()).copied();
        let status = status(&occ, entry, take_by(&occ), now);
        scheduled += 1;
        if matches!(status, OccurrenceStatus::Taken { .. }) {
            taken += 1;
        }
        let time = occ.local.time();
        let moment = occ.event.unwrap_or_else(|| part_of_day(time));
        let badge = crate::dose_view::dose_badge(&status);
        let dose = TodayDose {
            badge,
            actions: crate::dose_view::dose_actions(badge),
            dose_text: crate::schedule::dose_words(&occ.dose, None),
            medication_name: names
                .get(occ.medication_id.as_str())
                .unwrap_or(&"")
                .to_string(),
            log_entry_id: entry
                .filter(|e| e.status != LogStatus::Undone)
                .map(|e| e.id.clone()),
            occurrence: occ,
            status,
        };
        // Doses of the same moment close together share a group; the same
        // moment hours apart (a travel day) gets its own.
        match groups
            .iter_mut()
            .find(|g| g.moment == moment && (time - g.time).num_minutes().abs() <= 120)
        {
            Some(g) => g.doses.push(dose),
            None => groups.push(TodayGroup {
                moment,
                time,
                doses: vec![dose],
            }),
        }
    }
    groups.sort_by_key(|g| g.time);
    TodayView {
        focus: focus(&groups),
        date,
        zone,
        groups,
        taken_count: taken,
        scheduled_count: scheduled,
        needs_schedule: Vec::new(),
    }
}

/// The dose Today points at: the first due or late one in the day's order,
/// else the first upcoming one; `None` when every dose is logged or missed.
pub fn focus(groups: &[TodayGroup]) -> Option<String> {
    let doses = || groups.iter().flat_map(|g| g.doses.iter());
    doses()
        .find(|d| {
            matches!(
                d.badge,
                crate::dose_view::DoseBadge::Due | crate::dose_view::DoseBadge::Late
            )
        })
        .or_else(|| doses().find(|d| d.badge == crate::dose_view::DoseBadge::Upcoming))
        .map(|d| d.occurrence.id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DoseKind, SkipReason};
    use crate::schedule::Dose;
    use chrono::TimeZone;

    fn occ(h: u32, event: Option<RoutineEvent>) -> DoseOccurrence {
        let zone = chrono_tz::Europe::Berlin;
        let local = zone.with_ymd_and_hms(2027, 3, 1, h, 0, 0).unwrap();
        DoseOccurrence {
            id: format!("occ-{h}").into(),
            plan_id: "p".into(),
            plan_version: 1,
            medication_id: "m".into(),
            local_date: local.date_naive(),
            slot: format!("time@{h:02}:00").into(),
            local: local.fixed_offset(),
            utc: local.with_timezone(&Utc),
            zone,
            dose: Dose::new(50.0, "mg"),
            event,
            when: None,
            step: None,
            too_soon_after_previous: false,
        }
    }

    fn entry(o: &DoseOccurrence, status: LogStatus, at: Option<DateTime<Utc>>) -> DoseLogEntry {
        DoseLogEntry {
            id: "e".into(),
            medication_id: "m".into(),
            kind: DoseKind::Scheduled,
            occurrence_id: Some(o.id.to_string()),
            plan_id: None,
            scheduled_at: Some(o.utc),
            local_date: Some(o.local_date),
            status,
            taken_at: at,
            amount: Some(50.0),
            unit: Some("mg".into()),
            skip_reason: (status == LogStatus::Skipped).then_some(SkipReason::Cost),
            note: String::new(),
            warnings: vec![],
            version: 1,
            created_at: o.utc,
            updated_at: o.utc,
        }
    }

    #[test]
    fn status_moves_from_upcoming_to_due_to_missed() {
        let o = occ(8, None);
        let take_by = Some(o.utc + chrono::Duration::hours(2));
        let at = |m: i64| o.utc + chrono::Duration::minutes(m);
        assert_eq!(
            status(&o, None, take_by, at(-DUE_SOON_MINUTES - 1)),
            OccurrenceStatus::Upcoming
        );
        assert!(matches!(
            status(&o, None, take_by, at(-DUE_SOON_MINUTES)),
            OccurrenceStatus::Due { minutes_overdue: m, .. } if m == -DUE_SOON_MINUTES
        ));
        assert!(matches!(
            status(&o, None, take_by, at(120)),
            OccurrenceStatus::Due {
                minutes_overdue: 120,
                ..
            }
        ));
        assert_eq!(
            status(&o, None, take_by, at(121)),
            OccurrenceStatus::Missed {
                minutes_overdue: 121
            }
        );
        // Without a take-by time a dose stays due.
        assert!(matches!(
            status(&o, None, None, at(600)),
            OccurrenceStatus::Due { .. }
        ));
    }

    #[test]
    fn taken_late_and_on_time_and_undone() {
        let o = occ(8, None);
        let late = ON_TIME_MINUTES + 35;
        let e = entry(
            &o,
            LogStatus::Taken,
            Some(o.utc + chrono::Duration::minutes(late)),
        );
        assert_eq!(
            status(&o, Some(&e), None, o.utc),
            OccurrenceStatus::Taken {
                at: e.taken_at.unwrap(),
                on_time: false,
                minutes_late: late
            }
        );
        let e = entry(
            &o,
            LogStatus::Taken,
            Some(o.utc - chrono::Duration::minutes(20)),
        );
        assert!(matches!(
            status(&o, Some(&e), None, o.utc),
            OccurrenceStatus::Taken {
                on_time: true,
                minutes_late: 0,
                ..
            }
        ));
        // Logged the evening before: taken early, never a negative lateness.
        let e = entry(
            &o,
            LogStatus::Taken,
            Some(o.utc - chrono::Duration::minutes(485)),
        );
        assert!(matches!(
            status(&o, Some(&e), None, o.utc),
            OccurrenceStatus::Taken {
                on_time: true,
                minutes_late: 0,
                ..
            }
        ));
        let e = entry(&o, LogStatus::Undone, None);
        assert_eq!(
            status(&o, Some(&e), None, o.utc - chrono::Duration::hours(3)),
            OccurrenceStatus::Upcoming
        );
        let e = entry(&o, LogStatus::Skipped, None);
        assert_eq!(
            status(&o, Some(&e), None, o.utc),
            OccurrenceStatus::Skipped {
                reason: Some(SkipReason::Cost)
            }
        );
    }

    #[test]
    fn today_groups_by_routine_moment_in_time_order() {
        let occs = vec![
            occ(7, Some(RoutineEvent::Breakfast)),
            occ(8, None),
            occ(22, Some(RoutineEvent::Bedtime)),
            occ(23, Some(RoutineEvent::Bedtime)),
        ];
        let e = entry(&occs[0], LogStatus::Taken, Some(occs[0].utc));
        let now = occs[1].utc;
        let view = build_today(
            occs[0].local_date,
            chrono_tz::Europe::Berlin,
            occs,
            &[e],
            &[],
            |_| None,
            now,
        );
        let moments: Vec<_> = view
            .groups
            .iter()
            .map(|g| (g.moment, g.doses.len()))
            .collect();
        assert_eq!(
            moments,
            vec![
                (RoutineEvent::Breakfast, 1),
                (RoutineEvent::Morning, 1),
                (RoutineEvent::Bedtime, 2)
            ]
        );
        assert_eq!((view.taken_count, view.scheduled_count), (1, 4));
        assert_eq!(view.groups[0].doses[0].log_entry_id.as_deref(), Some("e"));
    }

    #[test]
    fn today_points_at_the_first_due_dose_else_the_next_upcoming_one() {
        let occs = vec![occ(7, None), occ(12, None), occ(22, None)];
        let build = |entries: &[DoseLogEntry], now: DateTime<Utc>| {
            build_today(
                occs[0].local_date,
                chrono_tz::Europe::Berlin,
                occs.clone(),
                entries,
                &[],
                |o: &DoseOccurrence| Some(o.utc + chrono::Duration::hours(2)),
                now,
            )
        };
        // 07:30: the 07:00 dose is late, and its row says so.
        let late = build(&[], occs[0].utc + chrono::Duration::minutes(30));
        assert_eq!(late.focus.as_deref(), Some("occ-7"));
        let row = &late.groups[0].doses[0];
        assert_eq!(row.badge, crate::dose_view::DoseBadge::Late);
        assert_eq!(row.actions[0], crate::dose_view::DoseRowAction::Take);
        // 07:00 taken: the next upcoming one.
        let taken = entry(&occs[0], LogStatus::Taken, Some(occs[0].utc));
        let next = build(
            std::slice::from_ref(&taken),
            occs[0].utc + chrono::Duration::minutes(30),
        );
        assert_eq!(next.focus.as_deref(), Some("occ-12"));
        // 23:00, 07:00 taken, the others missed: nothing to point at.
        let done = build(&[taken], occs[2].utc + chrono::Duration::hours(3));
        assert_eq!(done.focus, None);
    }
}
