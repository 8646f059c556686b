//! `cadence demo`: a realistic client set up in the database (once), then
//! the day as the app would show it.

use chrono::{Duration, NaiveDate};

use cadence_core::model::{
    DayKind, DoseForm, Medication, MedicationInput, OnsetWindow, ProfileInput, RoutineEvent,
    RoutineTime, Strength,
};

use crate::Ctx;

type CmdResult = Result<(), String>;

/// Today's local date in the person's current zone (UTC before set-up).
pub fn today(ctx: &Ctx) -> Result<NaiveDate, String> {
    let profile = ctx.app.profile().map_err(|e| e.to_string())?;
    Ok(match profile {
        Some(p) => ctx.now.with_timezone(&p.current_zone).date_naive(),
        None => ctx.now.date_naive(),
    })
}

fn t(s: &str) -> chrono::NaiveTime {
    chrono::NaiveTime::parse_from_str(s, "%H:%M").expect("demo time")
}

/// Creates the demo client when the file has none.
fn set_up(ctx: &Ctx) -> CmdResult {
    let app = &ctx.app;
    let now = Some(ctx.now);
    let err = |e: cadence_ffi::CadenceError| e.to_string();
    let zone: chrono_tz::Tz = chrono_tz::America::New_York;
    app.set_profile(
        ProfileInput {
            display_name: "Alex".into(),
            home_zone: zone,
            current_zone: zone,
        },
        now,
    )
    .map_err(err)?;
    let today = ctx.now.with_timezone(&zone).date_naive();
    let times = [
        (RoutineEvent::Wake, DayKind::Weekday, "06:45"),
        (RoutineEvent::Breakfast, DayKind::Weekday, "07:15"),
        (RoutineEvent::Lunch, DayKind::Weekday, "12:30"),
        (RoutineEvent::Dinner, DayKind::Weekday, "18:45"),
        (RoutineEvent::Bedtime, DayKind::Weekday, "22:45"),
        (RoutineEvent::Wake, DayKind::Weekend, "09:00"),
        (RoutineEvent::Breakfast, DayKind::Weekend, "09:30"),
        (RoutineEvent::Bedtime, DayKind::Weekend, "23:30"),
    ];
    app.set_routine_times(
        times
            .iter()
            .map(|(event, day_kind, time)| RoutineTime {
                event: *event,
                day_kind: *day_kind,
                time: t(time),
            })
            .collect(),
        now,
    )
    .map_err(err)?;
    let meds = [
        (
            "Sertraline",
            100.0,
            "With breakfast.",
            "Nausea usually settles within 1-2 weeks. Do not stop suddenly.",
            Some((14, 42)),
            12,
        ),
        (
            "Quetiapine",
            25.0,
            "At bedtime; may make you drowsy.",
            "For sleep. Avoid alcohol.",
            None,
            90,
        ),
        (
            "Lamotrigine",
            25.0,
            "Once daily; the dose goes up every two weeks.",
            "Any rash: contact me the same day.",
            Some((28, 42)),
            20,
        ),
    ];
    for (name, mg, instructions, notes, onset, days_ago) in meds {
        app.add_medication(
            MedicationInput {
                name: name.into(),
                strength: Some(Strength {
                    amount: mg,
                    unit: "mg".into(),
                }),
                form: DoseForm::Tablet,
                instructions: instructions.into(),
                prescriber_notes: notes.into(),
                expected_onset: onset
                    .map(|(min_days, max_days)| OnsetWindow { min_days, max_days }),
                started_on: Some(today - Duration::days(days_ago)),
            },
            now,
        )
        .map_err(err)?;
    }
    Ok(())
}

fn onset_line(m: &Medication, today: NaiveDate) -> Option<String> {
    let (w, start) = (m.expected_onset?, m.started_on?);
    let day = (today - start).num_days() + 1;
    let weeks = |d: u32| {
        if d % 7 == 0 {
            format!("{}", d / 7)
        } else {
            format!("{:.1}", d as f64 / 7.0)
        }
    };
    Some(if day <= i64::from(w.max_days) {
        format!(
            "day {day} of the usual {}-{} weeks before it helps fully",
            weeks(w.min_days),
            weeks(w.max_days)
        )
    } else {
        format!("day {day}: past the usual onset window; worth reviewing with your prescriber")
    })
}

/// Runs the demo.
pub fn run(ctx: &Ctx, db: &str) -> CmdResult {
    let fresh = ctx.app.profile().map_err(|e| e.to_string())?.is_none();
    if fresh {
        set_up(ctx)?;
    }
    let profile = ctx
        .app
        .profile()
        .map_err(|e| e.to_string())?
        .ok_or("no profile")?;
    let zone = profile.current_zone;
    let local_now = ctx.now.with_timezone(&zone);
    let today = local_now.date_naive();
    let routine = ctx.app.routine().map_err(|e| e.to_string())?;
    let meds = ctx.app.medications(false).map_err(|e| e.to_string())?;

    if ctx.json {
        let events: Vec<_> = RoutineEvent::ALL
            .iter()
            .map(|e| serde_json::json!({ "event": e.code(), "time": routine.time_of(*e, today).format("%H:%M").to_string() }))
            .collect();
        let value = serde_json::json!({
            "database": db, "profile": profile, "today": today, "routine": events, "medications": meds,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?
        );
        return Ok(());
    }

    println!(
        "Cadence demo — database {db}{}",
        if fresh { " (new client set up)" } else { "" }
    );
    println!();
    println!(
        "Hello {}. It is {} in {}.",
        profile.display_name,
        local_now.format("%A %-d %B %Y, %H:%M"),
        zone.name()
    );
    println!();
    println!(
        "Your day ({}):",
        if DayKind::of(today) == DayKind::Weekend {
            "weekend routine"
        } else {
            "weekday routine"
        }
    );
    let mut events: Vec<_> = [
        RoutineEvent::Wake,
        RoutineEvent::Breakfast,
        RoutineEvent::Lunch,
        RoutineEvent::Dinner,
        RoutineEvent::Bedtime,
    ]
    .iter()
    .map(|e| (routine.time_of(*e, today), *e))
    .collect();
    events.sort();
    for (time, event) in events {
        println!("  {}  {}", time.format("%H:%M"), event.code());
    }
    println!();
    println!("Your medications:");
    for m in &meds {
        println!("  • {}", crate::commands::describe(m));
        if !m.instructions.is_empty() {
            println!("      {}", m.instructions);
        }
        if !m.prescriber_notes.is_empty() {
            println!("      From your prescriber: {}", m.prescriber_notes);
        }
        if let Some(line) = onset_line(m, today) {
            println!("      {line}");
        }
    }
    Ok(())
}
