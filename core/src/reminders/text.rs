//! Default English wording and stable ids of notifications. Apps that word
//! notifications themselves use the structured [`NotificationContent`].

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use super::model::{NotificationContent, NotificationDose, NotificationKind};
use crate::model::RoutineEvent;

/// Namespace of notification and alert ids (UUID v5).
pub const REMINDER_NAMESPACE: Uuid = Uuid::from_u128(0x5c1e_77a2_93b4_4d0e_a1c7_2b9e_0f3d_6a41);

/// A stable id from the parts that make a notification what it is.
pub fn stable_id(parts: &[&str]) -> String {
    Uuid::new_v5(&REMINDER_NAMESPACE, parts.join("\u{1f}").as_bytes()).to_string()
}

/// "Bedtime", "Breakfast", ...
pub fn moment_label(m: RoutineEvent) -> &'static str {
    match m {
        RoutineEvent::Wake => "Wake-up",
        RoutineEvent::Breakfast => "Breakfast",
        RoutineEvent::Lunch => "Lunch",
        RoutineEvent::Dinner => "Dinner",
        RoutineEvent::Bedtime => "Bedtime",
        RoutineEvent::Morning => "Morning",
        RoutineEvent::Afternoon => "Afternoon",
        RoutineEvent::Evening => "Evening",
        RoutineEvent::Night => "Night",
    }
}

fn amount(a: f64) -> String {
    let s = format!("{a:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// "Sertraline 100 mg, Quetiapine 25 mg" (a prescribed range: "Ibuprofen
/// 1–2 tablet").
pub fn dose_list(doses: &[NotificationDose]) -> String {
    doses
        .iter()
        .map(|d| match d.amount_min {
            Some(min) => format!(
                "{} {}–{} {}",
                d.medication_name,
                amount(min),
                amount(d.amount),
                d.unit
            ),
            None => format!("{} {} {}", d.medication_name, amount(d.amount), d.unit),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn hhmm(t: DateTime<Utc>, zone: Tz) -> String {
    t.with_timezone(&zone).format("%H:%M").to_string()
}

/// The skip point as the person reads it beside the due time: "19:15" on
/// the same day, "05:30 tomorrow" on the next, "Tue 05:30" later.
pub fn until_words(due: DateTime<Utc>, until: DateTime<Utc>, zone: Tz) -> String {
    let (d, u) = (due.with_timezone(&zone), until.with_timezone(&zone));
    match (u.date_naive() - d.date_naive()).num_days() {
        0 => hhmm(until, zone),
        1 => format!("{} tomorrow", hhmm(until, zone)),
        _ => u.format("%a %H:%M").to_string(),
    }
}

/// Title and body of a dose notification.
pub fn dose_text(kind: NotificationKind, c: &NotificationContent, zone: Tz) -> (String, String) {
    let moment = c.moment.map_or("Medication", moment_label);
    let list = dose_list(&c.doses);
    let due = c
        .doses
        .first()
        .map(|d| hhmm(d.scheduled_at, zone))
        .unwrap_or_default();
    // The earliest latest-take time of the doses (the skip point), with its
    // day when that is not the day the dose was due.
    let until = c
        .doses
        .iter()
        .map(|d| d.take_by)
        .min()
        .map(|t| match c.doses.first() {
            Some(d) => until_words(d.scheduled_at, t, zone),
            None => hhmm(t, zone),
        })
        .unwrap_or_default();
    let it = if c.doses.len() > 1 { "them" } else { "it" };
    let held = if c.held_for_quiet_hours {
        " Held during your quiet hours."
    } else {
        ""
    };
    match kind {
        NotificationKind::Dose => (
            moment.to_string(),
            format!(
                "{list}{}",
                if held.is_empty() {
                    String::new()
                } else {
                    format!(" (due {due}).{held}")
                }
            ),
        ),
        // Before the skip point the rule still allows the dose: never "missed".
        NotificationKind::FollowUp => (
            format!("Reminder: {moment}"),
            format!(
                "{list} (due {due}): not logged yet — you can still take {it} until {until}.{held}"
            ),
        ),
        NotificationKind::Snoozed => (format!("{moment} (snoozed)"), list),
        // At (or, held by quiet hours, after) the skip point only.
        NotificationKind::Missed => (
            format!("Missed: {moment}"),
            format!(
                "{list} (due {due}) was not logged by {until}. Open to see what to do now.{held}"
            ),
        ),
        NotificationKind::Refill | NotificationKind::CheckIn => (String::new(), String::new()),
    }
}

/// Title and body of a refill reminder.
pub fn refill_text(name: &str, days_left: u32, runs_out_on: Option<NaiveDate>) -> (String, String) {
    let when = match (days_left, runs_out_on) {
        (0, _) => "It runs out today.".to_string(),
        (1, _) => "About 1 day left.".to_string(),
        (n, Some(d)) => format!("About {n} days left (until {}).", d.format("%a %-d %b")),
        (n, None) => format!("About {n} days left."),
    };
    (
        format!("Refill soon: {name}"),
        format!("{when} Time to order a refill."),
    )
}

/// Title and body of a check-in prompt.
pub fn check_in_text(label: &str) -> (String, String) {
    (
        format!("Check-in: {label}"),
        "A few minutes for your check-in when you are ready.".to_string(),
    )
}

/// The caregiver message: no medication names (only what alert-only
/// consent covers: that a dose is unlogged).
pub fn alert_text(scheduled_at: DateTime<Utc>, zone: Tz, doses: usize) -> String {
    let what = if doses == 1 {
        "A dose".to_string()
    } else {
        format!("{doses} doses")
    };
    format!(
        "{what} planned for {} has not been logged yet.",
        hhmm(scheduled_at, zone)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_naturally() {
        assert_eq!(amount(100.0), "100");
        assert_eq!(amount(0.5), "0.5");
        assert_eq!(amount(12.125), "12.125");
    }

    #[test]
    fn ids_depend_on_every_part() {
        assert_eq!(stable_id(&["a", "b"]), stable_id(&["a", "b"]));
        assert_ne!(stable_id(&["a", "b"]), stable_id(&["ab", ""]));
    }

    #[test]
    fn a_skip_point_on_another_day_names_the_day() {
        let z = chrono_tz::America::New_York;
        use chrono::TimeZone;
        let at = |d: u32, h: u32, m: u32| {
            z.with_ymd_and_hms(2027, 3, d, h, m, 0)
                .unwrap()
                .with_timezone(&Utc)
        };
        assert_eq!(until_words(at(1, 22, 0), at(1, 23, 30), z), "23:30");
        assert_eq!(until_words(at(1, 22, 0), at(2, 5, 30), z), "05:30 tomorrow");
        assert_eq!(until_words(at(1, 22, 0), at(3, 5, 30), z), "Wed 05:30");
    }
}
