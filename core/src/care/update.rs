//! The structured update for the prescriber or therapist that travels in a
//! share bundle: adherence and its barriers, missed patterns, flagged
//! events, side effects with severity and trend, mood and questionnaire
//! trends, goal progress and the client's questions.
//!
//! Built from a [`Disclosure`] alone (adherence through the analytics of
//! the disclosed records), so it can only hold what the grants allow: a section
//! whose category is not granted stays empty. Descriptive only.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::consent::ConsentCategory;
use super::disclosure::Disclosure;
use crate::analytics::{self, AdherenceMeasures, HolidayCounts, StatsOptions, Trend};
use crate::journal::{EntryDetail, Instrument, Severity, SeverityBand, Symptom};
use crate::model::DoseWarning;

/// Adherence over the period (dose-log category).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AdherenceUpdate {
    /// Taking and timing adherence, missed doses by weekday and routine
    /// moment, and the skip reasons (barriers).
    pub overall: AdherenceMeasures,
    /// Against the previous period of the same length.
    pub trend: Trend,
    /// Gaps of 2, 3 and 4+ days without any dose.
    pub holidays: HolidayCounts,
    /// Per medication (names only with the medication-list category).
    pub medications: Vec<MedicationAdherence>,
}

/// One medication's taking and timing adherence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MedicationAdherence {
    /// The medication's name.
    pub name: String,
    /// Doses taken, in percent.
    pub taking_percent: Option<f64>,
    /// Doses on time, in percent.
    pub timing_percent: Option<f64>,
}

/// A dose the prescriber should know about (it broke a limit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct FlaggedEvent {
    /// When it was taken.
    pub taken_at: Option<DateTime<Utc>>,
    /// The medication.
    pub medication_id: String,
    /// What it broke.
    pub warnings: Vec<DoseWarning>,
}

/// One symptom over the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SideEffectSummary {
    /// The symptom.
    pub symptom: Symptom,
    /// Entries logged.
    pub entries: u32,
    /// The most severe rating.
    pub worst: Severity,
    /// The latest rating.
    pub latest: Severity,
    /// First and last day logged.
    pub first_on: NaiveDate,
    /// Last day logged.
    pub last_on: NaiveDate,
}

/// Mood over the period (valence -3 to +3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MoodTrend {
    /// Check-ins.
    pub check_ins: u32,
    /// Average over the first half of the period.
    pub first_half_average: Option<f64>,
    /// Average over the second half.
    pub second_half_average: Option<f64>,
}

/// One questionnaire result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct QuestionnairePoint {
    /// PHQ-9 or GAD-7.
    pub instrument: Instrument,
    /// The day.
    pub date: NaiveDate,
    /// Total score.
    pub total: u32,
    /// Severity band.
    pub band: SeverityBand,
}

/// Progress on one goal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct GoalProgress {
    /// What matters to the person.
    pub goal: String,
    /// The latest rating (0 to 10), if they checked in.
    pub latest_rating: Option<u32>,
    /// Check-ins in the period.
    pub check_ins: u32,
}

/// What a safety signal is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum SafetySignalKind {
    /// PHQ-9 item 9 above 0: thoughts of being better off dead or of
    /// self-harm (questionnaires category).
    SelfHarmThoughts,
    /// A side effect rated severe (side-effects category). The care team's
    /// escalation rules are not part of a disclosure, so the red flag that
    /// travels with the data is the severity the built-in "severe side
    /// effect" rule uses.
    SevereSideEffect,
}

/// A safety signal, shown first wherever the data it comes from is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SafetySignal {
    /// What it is about.
    pub kind: SafetySignalKind,
    /// The day of the entry it comes from.
    pub date: NaiveDate,
    /// PHQ-9 item 9: the answer (1 to 3); `None` for a side effect.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    #[serde(default)]
    pub item_score: Option<u32>,
    /// One plain sentence for the care team.
    pub message: String,
}

/// The safety signals of what `d` discloses, oldest first: only from the
/// records of a category granted (a PHQ-9 with item 9 above 0 when
/// questionnaires are granted, a severe side effect when side effects are),
/// never from the previous window.
pub fn safety_signals(d: &Disclosure) -> Vec<SafetySignal> {
    let member = d.audience == super::disclosure::Audience::Member;
    let allowed = |c: ConsentCategory, day: NaiveDate| d.has(c) && (!member || d.covers(c, day));
    let mut out = Vec::new();
    for e in &d.questionnaires {
        let Some(score) = e.score.as_ref() else {
            continue;
        };
        if !allowed(ConsentCategory::Questionnaires, e.local_date) || !score.self_harm_risk {
            continue;
        }
        let answer = score.items.get(8).map_or(0, |i| i.answer);
        out.push(SafetySignal {
            kind: SafetySignalKind::SelfHarmThoughts,
            date: e.local_date,
            item_score: Some(answer),
            message: format!(
                "PHQ-9 on {}: question 9 (thoughts of being better off dead or of hurting \
                 themself) answered {answer} of 3.",
                e.local_date.format("%-d %b %Y")
            ),
        });
    }
    for e in &d.side_effects {
        let EntryDetail::SideEffect { side_effect } = &e.detail else {
            continue;
        };
        if !allowed(ConsentCategory::SideEffects, e.local_date)
            || side_effect.severity != Severity::Severe
        {
            continue;
        }
        out.push(SafetySignal {
            kind: SafetySignalKind::SevereSideEffect,
            date: e.local_date,
            item_score: None,
            message: format!(
                "Severe side effect on {}: {}.",
                e.local_date.format("%-d %b %Y"),
                side_effect.symptom.label()
            ),
        });
    }
    out.sort_by_key(|s| s.date);
    out
}

/// The update inside a share bundle.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ClinicianUpdate {
    /// Safety signals first: a PHQ-9 item 9 above 0 (questionnaires), a
    /// severe side effect (side effects); only from categories granted.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub safety: Vec<SafetySignal>,
    /// Adherence (dose-log category).
    pub adherence: Option<AdherenceUpdate>,
    /// Doses that broke a limit (dose-log category).
    pub flagged: Vec<FlaggedEvent>,
    /// Side effects (side-effects category).
    pub side_effects: Vec<SideEffectSummary>,
    /// Mood (mood category).
    pub mood: Option<MoodTrend>,
    /// Questionnaire results, oldest first (questionnaires category).
    pub questionnaires: Vec<QuestionnairePoint>,
    /// Goal progress (goals category).
    pub goals: Vec<GoalProgress>,
    /// The client's own words for the care team (notes marked shareable).
    pub questions: Vec<String>,
}

/// The update for what `d` discloses: a pure function of the disclosure,
/// so every figure comes from the disclosed records of its own category
/// (adherence and its trend from the disclosed dose-log days; the trend only
/// when the previous window was disclosed too; medication names only for
/// medications the medication list covers).
pub fn clinician_update(d: &Disclosure) -> ClinicianUpdate {
    let mut u = ClinicianUpdate {
        safety: safety_signals(d),
        ..ClinicianUpdate::default()
    };
    if d.has(ConsentCategory::DoseLog) {
        let input = analytics::disclosed::input_of(d);
        let stats = analytics::compute(&input, &StatsOptions::default());
        let named: Vec<&str> = d
            .medications
            .iter()
            .map(|m| m.medication.id.as_str())
            .collect();
        u.adherence = Some(AdherenceUpdate {
            overall: stats.overall,
            trend: stats.trend,
            holidays: stats.holidays,
            medications: stats
                .medications
                .into_iter()
                .filter(|m| named.contains(&m.medication_id.as_str()))
                .map(|m| MedicationAdherence {
                    name: m.name,
                    taking_percent: m.adherence.taking_percent,
                    timing_percent: m.adherence.timing_percent,
                })
                .collect(),
        });
        u.flagged = d
            .dose_log
            .iter()
            .filter(|e| !e.warnings.is_empty())
            .map(|e| FlaggedEvent {
                taken_at: e.taken_at,
                medication_id: e.medication_id.clone(),
                warnings: e.warnings.clone(),
            })
            .collect();
    }
    let mut effects: BTreeMap<String, SideEffectSummary> = BTreeMap::new();
    for e in &d.side_effects {
        if let EntryDetail::SideEffect { side_effect } = &e.detail {
            let key = format!("{:?}", side_effect.symptom);
            let s = effects.entry(key).or_insert(SideEffectSummary {
                symptom: side_effect.symptom,
                entries: 0,
                worst: side_effect.severity,
                latest: side_effect.severity,
                first_on: e.local_date,
                last_on: e.local_date,
            });
            s.entries += 1;
            s.worst = s.worst.max(side_effect.severity);
            if e.local_date >= s.last_on {
                s.latest = side_effect.severity;
                s.last_on = e.local_date;
            }
            s.first_on = s.first_on.min(e.local_date);
        }
    }
    u.side_effects = effects.into_values().collect();
    if !d.mood.is_empty() {
        let mid = d.from + (d.to - d.from) / 2;
        let avg = |first: bool| {
            let v: Vec<f64> = d
                .mood
                .iter()
                .filter(|e| (e.local_date <= mid) == first)
                .filter_map(|e| match &e.detail {
                    EntryDetail::Mood { mood } => Some(f64::from(mood.valence)),
                    _ => None,
                })
                .collect();
            (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
        };
        u.mood = Some(MoodTrend {
            check_ins: d.mood.len() as u32,
            first_half_average: avg(true),
            second_half_average: avg(false),
        });
    }
    u.questionnaires = d
        .questionnaires
        .iter()
        .filter_map(|e| {
            e.score.as_ref().map(|s| QuestionnairePoint {
                instrument: s.instrument,
                date: e.local_date,
                total: s.total,
                band: s.band,
            })
        })
        .collect();
    u.goals = d
        .goals
        .iter()
        .map(|g| {
            let ratings: Vec<(NaiveDate, u32)> = d
                .goal_check_ins
                .iter()
                .filter_map(|e| match &e.detail {
                    EntryDetail::GoalCheckIn { check_in } if check_in.goal_id == g.id => {
                        Some((e.local_date, check_in.rating))
                    }
                    _ => None,
                })
                .collect();
            GoalProgress {
                goal: g.title.clone(),
                latest_rating: ratings.iter().max_by_key(|(day, _)| *day).map(|(_, r)| *r),
                check_ins: ratings.len() as u32,
            }
        })
        .collect();
    u.questions = d
        .notes
        .iter()
        .filter(|e| e.shareable && !e.note.trim().is_empty())
        .map(|e| e.note.clone())
        .collect();
    u
}
