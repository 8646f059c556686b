//! `cadence demo`: a realistic client set up in the database (once) — three
//! psychiatric medications with routines, a titration, an as-needed
//! medication, the prescriber's missed-dose rules, supply, two weeks of dose
//! log and journal — then the day as the app would show it.

use chrono::{Duration, NaiveDate, NaiveTime};

use cadence_core::guidance::{message::rule_summary, MissedDosePattern, MissedDoseRule};
use cadence_core::model::{
    DayKind, DoseAction, DoseForm, DoseKind, Medication, MedicationInput, OnsetWindow,
    ProfileInput, RoutineEvent, RoutineTime, SkipReason, Strength, UnscheduledDose,
};
use cadence_core::schedule::{
    plan_from_form, AsNeeded, Dose, DoseStep, DosingPlanInput, EventTiming, FormDays, FormTimes,
    MaxPerPeriod, PlanForm, Timing,
};
use cadence_core::today::OccurrenceStatus;

use crate::output::{line, print_json};
use crate::Ctx;

type CmdResult = Result<(), String>;

fn api(e: cadence_ffi::CadenceError) -> String {
    e.to_string()
}

fn t(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").expect("demo time")
}

fn med(
    name: &str,
    mg: f64,
    instructions: &str,
    notes: &str,
    onset: Option<(u32, u32)>,
    started: NaiveDate,
) -> MedicationInput {
    MedicationInput {
        name: name.into(),
        strength: Some(Strength {
            amount: mg,
            unit: "mg".into(),
        }),
        form: DoseForm::Tablet,
        instructions: instructions.into(),
        prescriber_notes: notes.into(),
        expected_onset: onset.map(|(min_days, max_days)| OnsetWindow { min_days, max_days }),
        started_on: Some(started),
    }
}

/// A plan as the app's set-up form makes it: `mg` every day at `code` from `start`.
fn daily_when(code: EventTiming, mg: f64, start: NaiveDate) -> DosingPlanInput {
    plan_from_form(&PlanForm {
        dose: Dose::new(mg, "mg"),
        times: FormTimes::AtMoments {
            moments: vec![code],
        },
        days: FormDays::EveryDay,
        start: Some(start),
        end: None,
    })
    .expect("demo plan")
}

fn rule(pattern: MissedDosePattern, note: &str) -> MissedDoseRule {
    let mut r = MissedDoseRule::new(pattern);
    r.note = note.into();
    r
}

/// A small deterministic spread (no randomness: the demo reads the same every time).
fn jitter(seed: u64) -> i64 {
    (seed.wrapping_mul(2_654_435_761) % 41) as i64 - 20
}

/// Creates the demo client when the file has none.
fn set_up(ctx: &Ctx) -> CmdResult {
    let app = &ctx.app;
    let zone: chrono_tz::Tz = chrono_tz::America::New_York;
    // Everything is set up as of two weeks ago, so the history is real.
    let setup_at = ctx.now - Duration::days(14);
    let at = Some(setup_at);
    app.set_profile(
        ProfileInput {
            display_name: "Alex".into(),
            home_zone: zone,
            current_zone: zone,
        },
        at,
    )
    .map_err(api)?;
    let today = ctx.today()?;
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
    let times = times.iter().map(|(event, day_kind, time)| RoutineTime {
        event: *event,
        day_kind: *day_kind,
        time: t(time),
    });
    app.set_routine_times(times.collect(), at).map_err(api)?;

    let started = |days: i64| today - Duration::days(days);
    let sertraline = app
        .add_medication(
            med(
                "Sertraline",
                50.0,
                "Two tablets with breakfast.",
                "Nausea usually settles within 1-2 weeks. Do not stop suddenly.",
                Some((14, 42)),
                started(12),
            ),
            at,
        )
        .map_err(api)?;
    app.add_plan(
        sertraline.id.clone(),
        daily_when(EventTiming::Cm, 100.0, started(12)),
        at,
    )
    .map_err(api)?;
    app.set_missed_dose_rule(
        sertraline.id.clone(),
        rule(
            MissedDosePattern::SkipIfLate {
                skip_after_hours: 6.0,
            },
            "More than 6 hours late: skip it and take the next one as usual.",
        ),
        at,
    )
    .map_err(api)?;
    app.set_supply(sertraline.id.clone(), 56.0, "tablet".into(), at)
        .map_err(api)?;

    let quetiapine = app
        .add_medication(
            med(
                "Quetiapine",
                25.0,
                "At bedtime; it makes you drowsy.",
                "For sleep. Avoid alcohol.",
                None,
                started(90),
            ),
            at,
        )
        .map_err(api)?;
    app.add_plan(
        quetiapine.id.clone(),
        daily_when(EventTiming::Hs, 25.0, started(14)),
        at,
    )
    .map_err(api)?;
    app.set_missed_dose_rule(
        quetiapine.id.clone(),
        rule(
            MissedDosePattern::SkipIfLate {
                skip_after_hours: 3.0,
            },
            "Only at bedtime: if you remember in the morning, skip it.",
        ),
        at,
    )
    .map_err(api)?;
    app.set_supply(quetiapine.id.clone(), 20.0, "tablet".into(), at)
        .map_err(api)?;

    // Lamotrigine: 25 mg for two weeks, then 50 mg (a titration step).
    let lamotrigine = app
        .add_medication(
            med(
                "Lamotrigine",
                25.0,
                "With dinner; the dose goes up after two weeks.",
                "Any rash: contact me the same day.",
                Some((28, 42)),
                started(20),
            ),
            at,
        )
        .map_err(api)?;
    let mut titration = daily_when(EventTiming::Cv, 25.0, started(20));
    let step = |start: NaiveDate, days: Option<u32>, mg: f64| DoseStep {
        start,
        days,
        dose: Dose::new(mg, "mg"),
        slot_doses: vec![],
        timing: Timing::daily_when(&[EventTiming::Cv], None),
    };
    titration.steps = vec![
        step(started(20), Some(14), 25.0),
        step(started(6), None, 50.0),
    ];
    app.add_plan(lamotrigine.id.clone(), titration, at)
        .map_err(api)?;
    app.set_missed_dose_rule(
        lamotrigine.id.clone(),
        rule(
            MissedDosePattern::ContactPrescriberAfterMissed {
                missed_doses: 5,
                near_next_hours: 12.0,
            },
            "After five missed days the dose has to be built up again: call me first.",
        ),
        at,
    )
    .map_err(api)?;
    app.set_supply(lamotrigine.id.clone(), 30.0, "tablet".into(), at)
        .map_err(api)?;

    // Hydroxyzine as needed for anxiety: at most 75 mg a day, 6 h apart.
    let hydroxyzine = app
        .add_medication(
            med(
                "Hydroxyzine",
                25.0,
                "As needed for anxiety.",
                "No more than three a day.",
                None,
                started(30),
            ),
            at,
        )
        .map_err(api)?;
    let mut prn = DosingPlanInput::new(Dose::new(25.0, "mg"), Timing::default());
    prn.as_needed = Some(AsNeeded {
        reason: Some("anxiety".into()),
        max_per_period: Some(MaxPerPeriod {
            amount: Dose::new(75.0, "mg"),
            period_minutes: 1440,
        }),
        max_per_administration: Some(Dose::new(25.0, "mg")),
        min_interval_minutes: Some(360),
    });
    app.add_plan(hydroxyzine.id.clone(), prn, at).map_err(api)?;
    let prn_dose = UnscheduledDose {
        medication_id: hydroxyzine.id,
        kind: DoseKind::AsNeeded,
        taken_at: ctx.now - Duration::hours(3),
        amount: 25.0,
        unit: "mg".into(),
        note: String::new(),
    };
    app.log_unscheduled_dose(prn_dose, Some(ctx.now))
        .map_err(api)?;

    log_history(ctx, today)
}

/// Every dose since the first plan started (three weeks): mostly on time, a late dose, two skips
/// with their reasons, one forgotten dose, and today's doses so far.
fn log_history(ctx: &Ctx, today: NaiveDate) -> CmdResult {
    let app = &ctx.app;
    let occs = app
        .occurrences(today - Duration::days(20), today)
        .map_err(api)?;
    for (i, o) in occs.iter().enumerate() {
        if o.utc > ctx.now - Duration::minutes(30) {
            continue;
        }
        let days_ago = (today - o.local_date).num_days();
        let late_by = |m: i64| o.utc + Duration::minutes(m);
        let action = match (days_ago, o.event) {
            // Forgot the bedtime dose 9 days ago (never logged: missed).
            (9, Some(RoutineEvent::Bedtime)) => continue,
            (7, Some(RoutineEvent::Breakfast)) => DoseAction::Skipped {
                reason: SkipReason::SideEffects,
                note: Some("Felt sick in the morning".into()),
            },
            (4, Some(RoutineEvent::Dinner)) => DoseAction::Skipped {
                reason: SkipReason::Forgot,
                note: None,
            },
            (3, Some(RoutineEvent::Breakfast)) => DoseAction::Taken {
                at: Some(late_by(150)),
                amount: None,
                early: false,
            },
            // Today's lamotrigine is left for the guidance example.
            (0, Some(RoutineEvent::Dinner)) => continue,
            _ => DoseAction::Taken {
                at: Some(late_by(jitter(i as u64))),
                amount: None,
                early: false,
            },
        };
        let logged_at = match &action {
            DoseAction::Taken { at: Some(t), .. } => *t,
            _ => o.utc + Duration::minutes(10),
        };
        app.log_dose(o.id.to_string(), action, Some(logged_at.min(ctx.now)))
            .map_err(api)?;
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

/// Runs the demo (`key_env`: the database key's variable, for the second
/// device's file).
pub fn run(ctx: &Ctx, db: &str, key_env: &Option<String>) -> CmdResult {
    let fresh = ctx.app.profile().map_err(api)?.is_none();
    if fresh {
        set_up(ctx)?;
    }
    // Writes nothing when the journal already has entries.
    crate::journal_cmd::demo_entries(ctx)?;
    let profile = ctx.app.profile().map_err(api)?.ok_or("no profile")?;
    let zone = profile.current_zone;
    let local_now = ctx.now.with_timezone(&zone);
    let today = ctx.today()?;
    let view = ctx.app.today(Some(ctx.now)).map_err(api)?;
    let meds = ctx.app.medications(false).map_err(api)?;
    let late = view
        .groups
        .iter()
        .flat_map(|g| &g.doses)
        .find(|d| matches!(d.status, OccurrenceStatus::Missed { .. }) || matches!(d.status, OccurrenceStatus::Due { minutes_overdue, .. } if minutes_overdue > 0));
    // Guidance for a dose that is late now; else, what the app would say if
    // the next dose were two hours late (guidance is a pure function of `now`).
    let upcoming = view
        .groups
        .iter()
        .flat_map(|g| &g.doses)
        .find(|d| d.status == OccurrenceStatus::Upcoming);
    let guidance = match (late, upcoming) {
        (Some(d), _) => Some((
            d.medication_name.clone(),
            None,
            ctx.app
                .guidance(d.occurrence.id.to_string(), Some(ctx.now))
                .map_err(api)?,
        )),
        (None, Some(d)) => {
            let then = d.occurrence.utc + Duration::hours(2);
            Some((
                d.medication_name.clone(),
                Some(then),
                ctx.app
                    .guidance(d.occurrence.id.to_string(), Some(then))
                    .map_err(api)?,
            ))
        }
        _ => None,
    };

    let second = crate::sync_cmd::demo::second_device(ctx, db, key_env)?;
    if ctx.json {
        let mut supplies = Vec::new();
        for m in &meds {
            supplies.push(ctx.app.supply(m.id.clone(), Some(ctx.now)).map_err(api)?);
        }
        print_json(&serde_json::json!({
            "database": db, "profile": profile, "today": view, "medications": meds,
            "supply": supplies, "guidance": guidance.map(|(_, _, g)| g),
            "second_device": second.json,
        }));
        return Ok(());
    }

    let mut out = String::new();
    out.push_str(&format!(
        "Cadence demo — database {db}{}\n\n",
        if fresh { " (new client set up)" } else { "" }
    ));
    out.push_str(&format!(
        "Hello {}. It is {} in {}.\n\n",
        profile.display_name,
        local_now.format("%A %-d %B %Y, %H:%M"),
        zone.name()
    ));
    out.push_str(&crate::dose_cmd::today_text(&view));
    out.push('\n');
    if let Some((name, hypothetical, g)) = &guidance {
        match hypothetical {
            None => out.push_str(&format!("\nAbout your {name} dose: {}\n", g.message)),
            Some(then) => out.push_str(&format!(
                "\nIf your {name} dose were forgotten until {}, Cadence would say: {}\n",
                then.with_timezone(&zone).format("%H:%M"),
                g.message
            )),
        }
        if let Some(note) = &g.prescriber_note {
            out.push_str(&format!("  From your prescriber: {note}\n"));
        }
    }
    out.push('\n');
    out.push_str(crate::reminders_cmd::demo_text(ctx)?.trim_end());
    out.push_str("\n\n");
    out.push_str(crate::journal_cmd::demo_summary(ctx)?.trim_end());
    out.push('\n');
    out.push_str("\nYour medications:\n");
    for m in &meds {
        out.push_str(&format!("  • {}\n", crate::commands::describe(m)));
        if !m.instructions.is_empty() {
            out.push_str(&format!("      {}\n", m.instructions));
        }
        if !m.prescriber_notes.is_empty() {
            out.push_str(&format!(
                "      From your prescriber: {}\n",
                m.prescriber_notes
            ));
        }
        if let Some(line) = onset_line(m, today) {
            out.push_str(&format!("      {line}\n"));
        }
        if let Some(s) = ctx.app.supply(m.id.clone(), Some(ctx.now)).map_err(api)? {
            match (s.days_left, s.runs_out_on) {
                (Some(d), Some(on)) => out.push_str(&format!(
                    "      Supply: {} {}s, enough for {d} days (until {on})\n",
                    s.on_hand, s.unit
                )),
                _ => out.push_str(&format!("      Supply: {} {}s\n", s.on_hand, s.unit)),
            }
        }
        let as_needed = ctx
            .app
            .plans(m.id.clone())
            .map_err(api)?
            .iter()
            .any(|p| p.as_needed.is_some());
        if as_needed {
            let dose = m.strength.as_ref().map_or(1.0, |s| s.amount);
            let check = ctx
                .app
                .can_take_now(m.id.clone(), dose, Some(ctx.now))
                .map_err(api)?;
            out.push_str(&format!("      As needed: {}\n", check.message));
        } else {
            let rule = ctx.app.missed_dose_rule(m.id.clone()).map_err(api)?;
            out.push_str(&format!(
                "      If you miss a dose: {}\n",
                rule_summary(&rule)
            ));
        }
    }
    let report = crate::report_cmd::demo_report_at(ctx, db)?;
    out.push_str(&format!("\nClinician report (last 30 days): {report}\n"));
    out.push_str(&format!("\n{}\n", second.text));
    line(out.trim_end());
    Ok(())
}
