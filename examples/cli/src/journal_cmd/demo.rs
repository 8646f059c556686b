//! The demo client's journal: two realistic weeks (mood improving as the
//! sertraline starts to work, early nausea that resolved, a quetiapine
//! hangover, coffee and weekend drinks, two PHQ-9s and GAD-7s, a goal with
//! check-ins, a private and a shareable note) plus the care team's escalation
//! rules and contacts — and a short readable summary of it.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};

use cadence_core::journal::{
    CareContact, CareRole, CrisisResource, EntryDetail, EntryKind, EscalationAction,
    EscalationContacts, EscalationRuleInput, EscalationTrigger, GoalCheckIn, GoalInput, Instrument,
    JournalEntryInput, JournalQuery, LifeArea, Mood, QuestionnaireAnswers, Severity, SideEffect,
    Substance, SubstanceUse, Symptom,
};

use super::{api_err, zone};
use crate::Ctx;

/// Days of journal the demo writes.
const DAYS: i64 = 14;

struct Writer<'a> {
    ctx: &'a Ctx,
    zone: chrono_tz::Tz,
    today: NaiveDate,
}

impl Writer<'_> {
    /// The instant of a local time `days_ago` days before today (`None` when
    /// it is still in the future).
    fn at(&self, days_ago: i64, hh_mm: &str) -> Option<DateTime<Utc>> {
        let date = self.today - Duration::days(days_ago);
        let time = NaiveTime::parse_from_str(hh_mm, "%H:%M").ok()?;
        let local = self
            .zone
            .from_local_datetime(&date.and_time(time))
            .earliest()?;
        let at = local.with_timezone(&Utc);
        (at <= self.ctx.now).then_some(at)
    }

    fn write(
        &self,
        days_ago: i64,
        hh_mm: &str,
        detail: EntryDetail,
        note: &str,
        shareable: bool,
    ) -> Result<Option<String>, String> {
        let Some(occurred_at) = self.at(days_ago, hh_mm) else {
            return Ok(None);
        };
        let logged = self
            .ctx
            .app
            .add_journal_entry(
                JournalEntryInput {
                    occurred_at,
                    zone: self.zone,
                    detail,
                    note: note.into(),
                    shareable,
                    goal_ids: vec![],
                },
                Some(self.ctx.now),
            )
            .map_err(api_err)?;
        Ok(Some(logged.entry.id))
    }
}

fn questionnaire(instrument: Instrument, answers: &[u32]) -> EntryDetail {
    EntryDetail::Questionnaire {
        questionnaire: QuestionnaireAnswers {
            instrument,
            answers: answers.iter().map(|a| Some(*a)).collect(),
            difficulty: None,
        },
    }
}

fn side_effect(
    symptom: Symptom,
    severity: Severity,
    started_on: NaiveDate,
    meds: &[String],
) -> SideEffect {
    SideEffect {
        symptom,
        description: String::new(),
        severity,
        started_on: Some(started_on),
        resolved_on: None,
        medication_ids: meds.to_vec(),
        bother: Some(match severity {
            Severity::Moderate => 6,
            _ => 3,
        }),
        prescriber_knows: false,
    }
}

/// Writes two weeks of journal for the demo client (once: a file that already
/// has journal entries is left alone), with the care team's rules and contacts.
pub fn demo_entries(ctx: &Ctx) -> Result<(), String> {
    let app = &ctx.app;
    let existing = app
        .journal_entries(JournalQuery {
            limit: 1,
            ..JournalQuery::default()
        })
        .map_err(api_err)?;
    if !existing.entries.is_empty() {
        return Ok(());
    }
    let zone = zone(ctx)?;
    let w = Writer {
        ctx,
        zone,
        today: ctx.today()?,
    };
    let meds = app.medications(false).map_err(api_err)?;
    let med = |name: &str| meds.iter().find(|m| m.name == name).map(|m| m.id.clone());
    let (sertraline, quetiapine, lamotrigine) =
        (med("Sertraline"), med("Quetiapine"), med("Lamotrigine"));

    // The care team's settings (fictional numbers; 988 is the US crisis line
    // the app configures for a client in New York).
    app.set_escalation_contacts(EscalationContacts {
        care_team: vec![
            CareContact {
                role: CareRole::Prescriber,
                name: "Dr. Maya Rivera".into(),
                phone: "+1 212-555-0142".into(),
                email: String::new(),
                availability: "Mon-Fri 9:00-17:00".into(),
            },
            CareContact {
                role: CareRole::Therapist,
                name: "Sam Okafor".into(),
                phone: String::new(),
                email: "sam.okafor@example.org".into(),
                availability: "replies within a working day".into(),
            },
        ],
        crisis_resources: vec![CrisisResource {
            name: "988 Suicide & Crisis Lifeline".into(),
            phone: "988".into(),
            text_number: "988".into(),
            url: "https://988lifeline.org".into(),
            availability: "24/7".into(),
        }],
    })
    .map_err(api_err)?;
    if let Some(l) = &lamotrigine {
        app.add_escalation_rule(
            EscalationRuleInput {
                trigger: EscalationTrigger::SymptomWhileOnMedication {
                    symptom: Symptom::Rash,
                    medication_id: l.clone(),
                    min_severity: Severity::Mild,
                },
                action: EscalationAction::ContactPrescriberToday,
                instructions: "Any rash: contact me the same day.".into(),
            },
            Some(ctx.now),
        )
        .map_err(api_err)?;
    }
    app.add_escalation_rule(
        EscalationRuleInput {
            trigger: EscalationTrigger::SideEffectAtLeast {
                min_severity: Severity::Severe,
            },
            action: EscalationAction::ContactPrescriber,
            instructions: String::new(),
        },
        Some(ctx.now),
    )
    .map_err(api_err)?;
    let goal = app
        .add_goal(
            GoalInput {
                area: LifeArea::Work,
                title: "Back at work three days a week".into(),
                why: "I miss my team, and the days feel shapeless without it.".into(),
            },
            Some(ctx.now - Duration::days(DAYS)),
        )
        .map_err(api_err)?;

    // Mood: a slow climb with ordinary ups and downs.
    for d in (0..DAYS).rev() {
        let progress = (DAYS - 1 - d) as f64 / (DAYS - 1) as f64; // 0 -> 1
        let wobble = [0, 1, -1, 0, 1, 0, -1][d as usize % 7];
        let valence = ((-2.0 + 3.0 * progress).round() as i32 + wobble).clamp(-3, 3);
        let mood = Mood {
            valence,
            energy: Some((3.0 + 4.0 * progress).round() as u32),
            anxiety: Some((7.0 - 4.0 * progress).round() as u32),
            sleep_hours: Some(((5.5 + 2.0 * progress) * 2.0).round() / 2.0),
            sleep_quality: Some((2.0 + 2.0 * progress).round() as u32),
            emotions: vec![if valence < 0 { "tired" } else { "hopeful" }.into()],
            tags: vec![],
        };
        w.write(d, "08:30", EntryDetail::Mood { mood }, "", false)?;
        let caffeine = SubstanceUse {
            substance: Substance::Caffeine,
            name: "coffee".into(),
            amount: 2.0,
            unit: "cups".into(),
        };
        w.write(
            d,
            "09:00",
            EntryDetail::Substance {
                substance: caffeine,
            },
            "",
            false,
        )?;
        let date = w.today - Duration::days(d);
        if matches!(date.weekday(), Weekday::Fri | Weekday::Sat) {
            let wine = SubstanceUse {
                substance: Substance::Alcohol,
                name: "wine".into(),
                amount: 2.0,
                unit: "standard drinks".into(),
            };
            w.write(
                d,
                "20:30",
                EntryDetail::Substance { substance: wine },
                "",
                false,
            )?;
        }
    }

    // Side effects: nausea early on (resolved since: an edit keeps history),
    // a quetiapine hangover that is still there, a headache this week.
    let meds_of = |m: &Option<String>| m.iter().cloned().collect::<Vec<_>>();
    let started = |days_ago| w.today - Duration::days(days_ago);
    if let Some(id) = w.write(
        12,
        "10:00",
        EntryDetail::SideEffect {
            side_effect: side_effect(
                Symptom::Nausea,
                Severity::Moderate,
                started(12),
                &meds_of(&sertraline),
            ),
        },
        "Worse if I take it before eating.",
        true,
    )? {
        let current = app.journal_entry(id.clone()).map_err(api_err)?;
        let mut input = JournalEntryInput {
            occurred_at: current.occurred_at,
            zone: current.zone,
            detail: current.detail.clone(),
            note: "Worse if I take it before eating. Gone now.".into(),
            shareable: true,
            goal_ids: current.goal_ids.clone(),
        };
        if let EntryDetail::SideEffect { side_effect } = &mut input.detail {
            side_effect.severity = Severity::Mild;
            side_effect.resolved_on = Some(started(5));
        }
        app.update_journal_entry(id, input, Some(ctx.now))
            .map_err(api_err)?;
    }
    w.write(
        9,
        "09:15",
        EntryDetail::SideEffect {
            side_effect: side_effect(
                Symptom::Sleepiness,
                Severity::Mild,
                started(9),
                &meds_of(&quetiapine),
            ),
        },
        "",
        false,
    )?;
    w.write(
        3,
        "15:00",
        EntryDetail::SideEffect {
            side_effect: side_effect(Symptom::Headache, Severity::Mild, started(3), &[]),
        },
        "",
        false,
    )?;

    // Questionnaires two weeks apart.
    w.write(
        13,
        "19:00",
        questionnaire(Instrument::Phq9, &[2, 2, 2, 1, 2, 2, 1, 1, 0]),
        "",
        false,
    )?;
    w.write(
        13,
        "19:05",
        questionnaire(Instrument::Gad7, &[2, 2, 2, 1, 2, 2, 1]),
        "",
        false,
    )?;
    w.write(
        0,
        "07:45",
        questionnaire(Instrument::Phq9, &[1, 1, 2, 1, 1, 1, 1, 0, 0]),
        "",
        false,
    )?;
    w.write(
        0,
        "07:50",
        questionnaire(Instrument::Gad7, &[1, 1, 1, 1, 1, 1, 0]),
        "",
        false,
    )?;

    // Goal check-ins and notes.
    for (days_ago, rating) in [(13, 2), (6, 4), (0, 5)] {
        let check_in = GoalCheckIn {
            goal_id: goal.id.clone(),
            rating,
        };
        w.write(
            days_ago,
            "07:55",
            EntryDetail::GoalCheckIn { check_in },
            "",
            false,
        )?;
    }
    w.write(
        10,
        "22:00",
        EntryDetail::Note,
        "Argument with Dad about the job. Kept it to myself.",
        false,
    )?;
    w.write(
        2,
        "21:00",
        EntryDetail::Note,
        "Ask about taking sertraline in the evening instead.",
        true,
    )?;
    Ok(())
}

fn trend(first: Option<f64>, last: Option<f64>) -> &'static str {
    match (first, last) {
        (Some(a), Some(b)) if b - a >= 0.5 => "improving",
        (Some(a), Some(b)) if a - b >= 0.5 => "getting worse",
        (Some(_), Some(_)) => "steady",
        _ => "not enough check-ins yet",
    }
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}

/// A short readable block (also `cadence journal overview`): the mood trend of the last two weeks, the last
/// PHQ-9 and GAD-7 with their bands, open side effects, goal progress.
pub fn demo_summary(ctx: &Ctx) -> Result<String, String> {
    let app = &ctx.app;
    let today = ctx.today()?;
    let days = app
        .daily_summaries(today - Duration::days(DAYS - 1), today)
        .map_err(api_err)?;
    let (first, last) = days.split_at(days.len() / 2);
    let first_mood = mean(first.iter().filter_map(|d| d.valence_mean));
    let last_mood = mean(last.iter().filter_map(|d| d.valence_mean));
    let sleep = mean(last.iter().filter_map(|d| d.sleep_hours));
    let fmt = |v: Option<f64>| v.map(|v| format!("{v:+.1}")).unwrap_or_else(|| "-".into());
    let mut out = format!(
        "Mood (scale -3 to +3): {} the week before, {} this week — {}\n",
        fmt(first_mood),
        fmt(last_mood),
        trend(first_mood, last_mood)
    );
    if let Some(h) = sleep {
        out.push_str(&format!("Sleep this week: {h:.1} h a night on average\n"));
    }
    let questionnaires = app
        .journal_entries(JournalQuery {
            kinds: vec![EntryKind::Questionnaire],
            limit: 50,
            ..JournalQuery::default()
        })
        .map_err(api_err)?;
    for instrument in [Instrument::Phq9, Instrument::Gad7] {
        let last = questionnaires
            .entries
            .iter()
            .find(|e| e.score.as_ref().is_some_and(|s| s.instrument == instrument));
        if let Some((e, s)) = last.and_then(|e| Some((e, e.score.as_ref()?))) {
            out.push_str(&format!(
                "Last {} ({}): {} of {} — {}\n",
                instrument.name(),
                e.local_date,
                s.total,
                s.max_total,
                s.band.label()
            ));
        }
    }
    let side_effects = app
        .journal_entries(JournalQuery {
            kinds: vec![EntryKind::SideEffect],
            limit: 200,
            ..JournalQuery::default()
        })
        .map_err(api_err)?;
    let open: Vec<String> = side_effects
        .entries
        .iter()
        .filter_map(|e| match &e.detail {
            EntryDetail::SideEffect { side_effect: s } if s.is_open() => Some(format!(
                "{} ({}{})",
                s.name(),
                s.severity.code(),
                s.started_on
                    .map(|d| format!(", since {d}"))
                    .unwrap_or_default()
            )),
            _ => None,
        })
        .collect();
    out.push_str(&format!(
        "Open side effects: {}\n",
        if open.is_empty() {
            "none".to_string()
        } else {
            open.join("; ")
        }
    ));
    for goal in app.goals(false).map_err(api_err)? {
        let last = app
            .journal_entries(JournalQuery {
                kinds: vec![EntryKind::GoalCheckIn],
                goal_id: Some(goal.id.clone()),
                limit: 1,
                ..JournalQuery::default()
            })
            .map_err(api_err)?;
        if let Some(EntryDetail::GoalCheckIn { check_in }) = last.entries.first().map(|e| &e.detail)
        {
            out.push_str(&format!(
                "Goal \"{}\": progress {}/10\n",
                goal.title, check_in.rating
            ));
        }
    }
    Ok(out.trim_end().to_string())
}
