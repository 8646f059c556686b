//! The reminder chain of one dose: the reminder at its time, up to N
//! follow-ups, then a last notice — the "missed" notice that offers the
//! guidance when it comes at the skip point, one more follow-up while the
//! rule still allows the dose; a snooze replaces what would come before it;
//! quiet hours hold the rest until wake.
//!
//! The word follows the rule: a dose is missed only once its medication's
//! missed-dose rule no longer allows taking it (the latest take time, the
//! skip point). Before that a follow-up says until when it can still be
//! taken; only the notice at (or, held by quiet hours, after) the skip
//! point is [`NotificationKind::Missed`].
//!
//! Rules, in order:
//! 1. Reminder at the scheduled time; follow-up `k` at `k × delay` after it
//!    while before the latest take time; the last notice at
//!    `(N + 1) × delay` after it, or at the latest take time if earlier: the
//!    missed notice when at the latest take time, else follow-up `N + 1`.
//! 2. A snooze to `S` (never past the latest take time) drops the items at
//!    or before `S` and adds a snoozed reminder at `S`; if no missed notice
//!    is left after `S`, it comes at the latest take time (when after `S`).
//! 3. Quiet hours (non-critical medications) hold every item except the
//!    snoozed one (the person asked for it) and a bedtime dose's own
//!    reminder; items landing on the same instant become one: the missed
//!    (or snoozed) notice if among them, else the earliest stage.
//! 4. No item but the missed notice fires after the latest take time; only
//!    items after `now` are kept.

use chrono::{DateTime, Duration, Utc};

use super::model::{MedicationReminderSettings, NotificationKind};
use super::quiet::QuietHours;
use crate::model::RoutineEvent;
use crate::schedule::DoseOccurrence;

/// One step of a chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChainItem {
    /// When it fires.
    pub fire: DateTime<Utc>,
    /// Reminder, follow-up, snoozed or missed.
    pub kind: NotificationKind,
    /// Follow-up number (0 unless a follow-up).
    pub follow_up: u32,
    /// Moved by quiet hours.
    pub held: bool,
}

fn item(fire: DateTime<Utc>, kind: NotificationKind, follow_up: u32) -> ChainItem {
    ChainItem {
        fire,
        kind,
        follow_up,
        held: false,
    }
}

/// The chain of one unlogged dose (see the module docs for the rules).
pub fn dose_chain(
    occ: &DoseOccurrence,
    take_by: DateTime<Utc>,
    snoozed_until: Option<DateTime<Utc>>,
    settings: &MedicationReminderSettings,
    quiet: &QuietHours,
    now: DateTime<Utc>,
) -> Vec<ChainItem> {
    let t0 = occ.utc;
    let delay = Duration::minutes(i64::from(settings.follow_up_delay_minutes));
    let n = settings.follow_up_count;
    let mut items = Vec::with_capacity(n as usize + 3);
    items.push(item(t0, NotificationKind::Dose, 0));
    for k in 1..=n {
        let f = t0 + delay * k as i32;
        if f < take_by {
            items.push(item(f, NotificationKind::FollowUp, k));
        }
    }
    let last_at = (t0 + delay * (n as i32 + 1))
        .min(take_by)
        .max(t0 + Duration::minutes(1));
    // Missed only at the skip point: before it the rule still allows the
    // dose, so the last notice is one more follow-up ("you can still take
    // it until ...").
    if last_at >= take_by {
        items.push(item(last_at, NotificationKind::Missed, 0));
    } else {
        items.push(item(last_at, NotificationKind::FollowUp, n + 1));
    }

    if let Some(s) = snoozed_until.map(|s| s.min(take_by)) {
        // The last notice (missed, or the last follow-up) still to come.
        let had_last_after = items
            .iter()
            .any(|i| (i.kind == NotificationKind::Missed || i.follow_up == n + 1) && i.fire > s);
        items.retain(|i| i.fire > s);
        items.push(item(s, NotificationKind::Snoozed, 0));
        if !had_last_after && take_by > s {
            items.push(item(take_by, NotificationKind::Missed, 0));
        }
    }

    if !settings.critical {
        let bedtime_dose = occ.event == Some(RoutineEvent::Bedtime);
        for i in items.iter_mut() {
            let exempt = i.kind == NotificationKind::Snoozed
                || (bedtime_dose && i.kind == NotificationKind::Dose);
            if !exempt {
                let held = quiet.hold(i.fire);
                i.held = held != i.fire;
                i.fire = held;
            }
        }
    }

    items.retain(|i| i.fire > now && (i.kind == NotificationKind::Missed || i.fire <= take_by));
    items.sort_by_key(|i| (i.fire, i.kind, i.follow_up));
    // Same instant (held together): a missed or snoozed notice wins;
    // otherwise the earliest stage (the person has seen none of them).
    let mut out: Vec<ChainItem> = Vec::with_capacity(items.len());
    for i in items {
        match out.last_mut() {
            Some(last) if last.fire == i.fire => {
                let held = last.held || i.held;
                if matches!(i.kind, NotificationKind::Missed | NotificationKind::Snoozed) {
                    *last = i;
                }
                last.held = held;
            }
            _ => out.push(i),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::Dose;
    use chrono::{NaiveDate, TimeZone};
    use chrono_tz::Tz;

    const NY: Tz = chrono_tz::America::New_York;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        NY.with_ymd_and_hms(2027, 3, 1, h, m, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn occ(h: u32, event: Option<RoutineEvent>) -> DoseOccurrence {
        let local = NY.with_ymd_and_hms(2027, 3, 1, h, 0, 0).unwrap();
        DoseOccurrence {
            id: "o".into(),
            plan_id: "p".into(),
            plan_version: 1,
            medication_id: "m".into(),
            local_date: local.date_naive(),
            slot: "s".into(),
            local: local.fixed_offset(),
            utc: local.with_timezone(&Utc),
            zone: NY,
            dose: Dose::new(50.0, "mg"),
            event,
            when: None,
            step: None,
            too_soon_after_previous: false,
        }
    }

    fn kinds(c: &[ChainItem]) -> Vec<(NotificationKind, DateTime<Utc>)> {
        c.iter().map(|i| (i.kind, i.fire)).collect()
    }

    fn quiet() -> QuietHours {
        let d = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        QuietHours::new(
            &crate::model::Routine::default(),
            &crate::schedule::ZoneHistory::fixed(NY),
            d,
            d + Duration::days(1),
        )
    }

    #[test]
    fn reminder_then_follow_ups_then_missed() {
        let s = MedicationReminderSettings::default_for("m");
        let c = dose_chain(
            &occ(8, None),
            at(20, 0),
            None,
            &s,
            &QuietHours::off(),
            at(7, 0),
        );
        use NotificationKind::*;
        assert_eq!(
            kinds(&c),
            vec![
                (Dose, at(8, 0)),
                (FollowUp, at(8, 30)),
                (FollowUp, at(9, 0)),
                (FollowUp, at(9, 30))
            ]
        );
        assert_eq!(c[3].follow_up, 3);
    }

    #[test]
    fn missed_only_at_the_skip_point() {
        let s = MedicationReminderSettings::default_for("m");
        // The rule allows the dose until 19:15: nothing before it is "missed".
        let c = dose_chain(
            &occ(8, None),
            at(19, 15),
            None,
            &s,
            &QuietHours::off(),
            at(7, 0),
        );
        let missed: Vec<_> = c
            .iter()
            .filter(|i| i.kind == NotificationKind::Missed)
            .collect();
        assert!(missed.is_empty());
        assert!(c
            .iter()
            .all(|i| (i.kind == NotificationKind::Missed) == (i.fire >= at(19, 15))));
    }

    #[test]
    fn follow_ups_stop_at_the_latest_take_time() {
        let s = MedicationReminderSettings::default_for("m");
        let c = dose_chain(
            &occ(8, None),
            at(8, 45),
            None,
            &s,
            &QuietHours::off(),
            at(7, 0),
        );
        use NotificationKind::*;
        assert_eq!(
            kinds(&c),
            vec![(Dose, at(8, 0)), (FollowUp, at(8, 30)), (Missed, at(8, 45))]
        );
    }

    #[test]
    fn a_snooze_replaces_what_came_before_it() {
        let s = MedicationReminderSettings::default_for("m");
        let c = dose_chain(
            &occ(8, None),
            at(20, 0),
            Some(at(8, 40)),
            &s,
            &QuietHours::off(),
            at(8, 31),
        );
        use NotificationKind::*;
        assert_eq!(
            kinds(&c),
            vec![
                (Snoozed, at(8, 40)),
                (FollowUp, at(9, 0)),
                (FollowUp, at(9, 30))
            ]
        );
        // Snoozed past the missed notice: it comes at the take-by time.
        let c = dose_chain(
            &occ(8, None),
            at(11, 0),
            Some(at(10, 0)),
            &s,
            &QuietHours::off(),
            at(8, 31),
        );
        assert_eq!(kinds(&c), vec![(Snoozed, at(10, 0)), (Missed, at(11, 0))]);
    }

    #[test]
    fn quiet_hours_hold_a_late_dose_until_wake_but_not_a_bedtime_dose() {
        let s = MedicationReminderSettings::default_for("m");
        let tomorrow_wake = NY
            .with_ymd_and_hms(2027, 3, 2, 7, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        let far = tomorrow_wake + Duration::hours(12);
        let c = dose_chain(&occ(23, None), far, None, &s, &quiet(), at(20, 0));
        assert_eq!(c.len(), 1);
        assert_eq!(
            (c[0].kind, c[0].fire, c[0].held),
            (NotificationKind::Dose, tomorrow_wake, true)
        );
        let mut bed = occ(22, Some(RoutineEvent::Bedtime));
        bed.utc = at(22, 30);
        let c = dose_chain(&bed, far, None, &s, &quiet(), at(20, 0));
        assert_eq!(kinds(&c)[0], (NotificationKind::Dose, at(22, 30)));
        assert_eq!(c[1].fire, tomorrow_wake);
        // Critical: nothing is held.
        let crit = MedicationReminderSettings {
            critical: true,
            ..s
        };
        let c = dose_chain(&occ(23, None), far, None, &crit, &quiet(), at(20, 0));
        assert_eq!(kinds(&c)[0], (NotificationKind::Dose, at(23, 0)));
        assert!(c.iter().all(|i| !i.held));
    }
}
