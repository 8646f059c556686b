//! Daily summaries for charts: one record per local date in a range, with the
//! day's mood averages, sleep, side effects, substance totals, questionnaire
//! totals and goal ratings. Days without entries are present and empty, so a
//! chart shows gaps as gaps.
//!
//! Pure: the store passes the figures of each entry (kept in plain columns
//! beside the entry, so no document is decoded for a chart).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    EntryDetail, EntryKind, Instrument, JournalEntry, QuestionnaireScore, Severity, Substance,
};

/// The total of one substance in one unit on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SubstanceTotal {
    /// The substance.
    pub substance: Substance,
    /// The unit the amounts were logged in.
    pub unit: String,
    /// The sum of the amounts.
    pub amount: f64,
    /// How many entries.
    pub uses: u32,
}

/// One local date of the journal, for charts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DailySummary {
    /// The local date.
    pub date: NaiveDate,
    /// Mood check-ins that day.
    pub mood_entries: u32,
    /// Mean valence (-3 to 3).
    pub valence_mean: Option<f64>,
    /// Lowest valence.
    pub valence_min: Option<i32>,
    /// Highest valence.
    pub valence_max: Option<i32>,
    /// Mean energy (0 to 10).
    pub energy_mean: Option<f64>,
    /// Mean anxiety (0 to 10).
    pub anxiety_mean: Option<f64>,
    /// Hours slept (mean of the check-ins that reported it).
    pub sleep_hours: Option<f64>,
    /// Mean sleep quality (1 to 5).
    pub sleep_quality_mean: Option<f64>,
    /// Side-effect entries that day.
    pub side_effects: u32,
    /// The worst severity among them (`none` without any).
    pub worst_severity: Severity,
    /// Substance totals, by substance then unit.
    pub substances: Vec<SubstanceTotal>,
    /// The day's last PHQ-9 total.
    pub phq9_total: Option<u32>,
    /// The day's last GAD-7 total.
    pub gad7_total: Option<u32>,
    /// Goal check-ins that day.
    pub goal_check_ins: u32,
    /// Mean progress rating of those check-ins (0 to 10).
    pub progress_mean: Option<f64>,
    /// Note entries that day.
    pub notes: u32,
}

/// The numbers of one entry that summaries use (stored in plain columns).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Figures {
    pub valence: Option<i32>,
    pub energy: Option<u32>,
    pub anxiety: Option<u32>,
    pub sleep_hours: Option<f64>,
    pub sleep_quality: Option<u32>,
    pub severity: Option<Severity>,
    pub substance: Option<Substance>,
    pub amount: Option<f64>,
    pub unit: Option<String>,
    pub instrument: Option<Instrument>,
    pub total: Option<u32>,
    pub rating: Option<u32>,
}

impl Figures {
    /// The figures of an entry's detail (and score).
    pub(crate) fn of(detail: &EntryDetail, score: Option<&QuestionnaireScore>) -> Figures {
        let mut f = Figures::default();
        match detail {
            EntryDetail::Mood { mood } => {
                f.valence = Some(mood.valence);
                f.energy = mood.energy;
                f.anxiety = mood.anxiety;
                f.sleep_hours = mood.sleep_hours;
                f.sleep_quality = mood.sleep_quality;
            }
            EntryDetail::SideEffect { side_effect } => f.severity = Some(side_effect.severity),
            EntryDetail::Substance { substance } => {
                f.substance = Some(substance.substance);
                f.amount = Some(substance.amount);
                f.unit = Some(substance.unit.clone());
            }
            EntryDetail::Questionnaire { questionnaire } => {
                f.instrument = Some(questionnaire.instrument);
                f.total = score.map(|s| s.total);
            }
            EntryDetail::GoalCheckIn { check_in } => f.rating = Some(check_in.rating),
            EntryDetail::Note => {}
        }
        f
    }
}

/// One entry as a summary sees it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SummaryRow {
    pub date: NaiveDate,
    pub kind: EntryKind,
    pub figures: Figures,
}

#[derive(Default)]
struct Mean {
    sum: f64,
    n: u32,
}

impl Mean {
    fn add(&mut self, v: Option<f64>) {
        if let Some(v) = v {
            self.sum += v;
            self.n += 1;
        }
    }
    fn get(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / f64::from(self.n))
    }
}

#[derive(Default)]
struct Day {
    moods: u32,
    valence: Mean,
    valence_min: Option<i32>,
    valence_max: Option<i32>,
    energy: Mean,
    anxiety: Mean,
    sleep: Mean,
    quality: Mean,
    side_effects: u32,
    worst: Option<Severity>,
    substances: Vec<SubstanceTotal>,
    phq9: Option<u32>,
    gad7: Option<u32>,
    check_ins: u32,
    progress: Mean,
    notes: u32,
}

/// One summary per local date from `from` to `to` (inclusive). `rows` in
/// time order (the last questionnaire of a day is the one reported); rows
/// outside the range are ignored.
pub(crate) fn summarise(from: NaiveDate, to: NaiveDate, rows: &[SummaryRow]) -> Vec<DailySummary> {
    let days = (to - from).num_days() + 1;
    if days <= 0 {
        return vec![];
    }
    let mut acc: Vec<Day> = (0..days).map(|_| Day::default()).collect();
    for row in rows {
        let i = (row.date - from).num_days();
        let Some(d) = usize::try_from(i).ok().and_then(|i| acc.get_mut(i)) else {
            continue;
        };
        let f = &row.figures;
        match row.kind {
            EntryKind::Mood => {
                d.moods += 1;
                d.valence.add(f.valence.map(f64::from));
                if let Some(v) = f.valence {
                    d.valence_min = Some(d.valence_min.map_or(v, |m| m.min(v)));
                    d.valence_max = Some(d.valence_max.map_or(v, |m| m.max(v)));
                }
                d.energy.add(f.energy.map(f64::from));
                d.anxiety.add(f.anxiety.map(f64::from));
                d.sleep.add(f.sleep_hours);
                d.quality.add(f.sleep_quality.map(f64::from));
            }
            EntryKind::SideEffect => {
                d.side_effects += 1;
                d.worst = d.worst.max(f.severity);
            }
            EntryKind::Substance => {
                if let (Some(s), Some(amount), Some(unit)) = (f.substance, f.amount, &f.unit) {
                    match d
                        .substances
                        .iter_mut()
                        .find(|t| t.substance == s && &t.unit == unit)
                    {
                        Some(t) => {
                            t.amount += amount;
                            t.uses += 1;
                        }
                        None => d.substances.push(SubstanceTotal {
                            substance: s,
                            unit: unit.clone(),
                            amount,
                            uses: 1,
                        }),
                    }
                }
            }
            EntryKind::Questionnaire => match f.instrument {
                Some(Instrument::Phq9) => d.phq9 = f.total.or(d.phq9),
                Some(Instrument::Gad7) => d.gad7 = f.total.or(d.gad7),
                None => {}
            },
            EntryKind::GoalCheckIn => {
                d.check_ins += 1;
                d.progress.add(f.rating.map(f64::from));
            }
            EntryKind::Note => d.notes += 1,
        }
    }
    acc.into_iter()
        .zip(from.iter_days())
        .map(|(mut d, date)| {
            d.substances
                .sort_by(|a, b| (a.substance, &a.unit).cmp(&(b.substance, &b.unit)));
            DailySummary {
                date,
                mood_entries: d.moods,
                valence_mean: d.valence.get(),
                valence_min: d.valence_min,
                valence_max: d.valence_max,
                energy_mean: d.energy.get(),
                anxiety_mean: d.anxiety.get(),
                sleep_hours: d.sleep.get(),
                sleep_quality_mean: d.quality.get(),
                side_effects: d.side_effects,
                worst_severity: d.worst.unwrap_or(Severity::None),
                substances: d.substances,
                phq9_total: d.phq9,
                gad7_total: d.gad7,
                goal_check_ins: d.check_ins,
                progress_mean: d.progress.get(),
                notes: d.notes,
            }
        })
        .collect()
}

/// One summary per local date of `from..=to` from journal entries already
/// in hand (a disclosure's): each figure only from the entries given.
pub fn summaries_of<'a>(
    from: NaiveDate,
    to: NaiveDate,
    entries: impl IntoIterator<Item = &'a JournalEntry>,
) -> Vec<DailySummary> {
    let mut picked: Vec<&JournalEntry> = entries
        .into_iter()
        .filter(|e| from <= e.local_date && e.local_date <= to)
        .collect();
    picked.sort_by_key(|e| (e.local_date, e.occurred_at));
    let rows: Vec<SummaryRow> = picked
        .into_iter()
        .map(|e| SummaryRow {
            date: e.local_date,
            kind: e.kind,
            figures: Figures::of(&e.detail, e.score.as_ref()),
        })
        .collect();
    summarise(from, to, &rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, d).unwrap()
    }

    fn mood(d: u32, valence: i32, sleep: Option<f64>) -> SummaryRow {
        SummaryRow {
            date: day(d),
            kind: EntryKind::Mood,
            figures: Figures {
                valence: Some(valence),
                energy: Some(5),
                sleep_hours: sleep,
                ..Figures::default()
            },
        }
    }

    fn row(d: u32, kind: EntryKind, figures: Figures) -> SummaryRow {
        SummaryRow {
            date: day(d),
            kind,
            figures,
        }
    }

    #[test]
    fn every_day_is_present_and_empty_days_stay_empty() {
        let s = summarise(day(1), day(3), &[mood(2, 1, None)]);
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].date, day(1));
        assert_eq!(s[0].mood_entries, 0);
        assert_eq!(s[0].valence_mean, None);
        assert_eq!(s[1].valence_mean, Some(1.0));
        assert_eq!(s[2].date, day(3));
        assert!(summarise(day(3), day(1), &[]).is_empty());
    }

    #[test]
    fn a_day_averages_moods_and_keeps_its_extremes_and_last_scores() {
        let substance = |amount: f64, unit: &str| Figures {
            substance: Some(Substance::Alcohol),
            amount: Some(amount),
            unit: Some(unit.into()),
            ..Figures::default()
        };
        let phq = |total| Figures {
            instrument: Some(Instrument::Phq9),
            total: Some(total),
            ..Figures::default()
        };
        let rows = vec![
            mood(1, -2, Some(5.0)),
            mood(1, 1, None),
            row(
                1,
                EntryKind::SideEffect,
                Figures {
                    severity: Some(Severity::Severe),
                    ..Figures::default()
                },
            ),
            row(
                1,
                EntryKind::SideEffect,
                Figures {
                    severity: Some(Severity::Mild),
                    ..Figures::default()
                },
            ),
            row(1, EntryKind::Substance, substance(1.0, "standard drinks")),
            row(1, EntryKind::Substance, substance(2.5, "standard drinks")),
            row(1, EntryKind::Questionnaire, phq(14)),
            row(1, EntryKind::Questionnaire, phq(9)),
            row(
                1,
                EntryKind::GoalCheckIn,
                Figures {
                    rating: Some(4),
                    ..Figures::default()
                },
            ),
            row(1, EntryKind::Note, Figures::default()),
            mood(9, 3, None), // outside the range: ignored
        ];
        let s = &summarise(day(1), day(1), &rows)[0];
        assert_eq!(s.mood_entries, 2);
        assert_eq!(s.valence_mean, Some(-0.5));
        assert_eq!((s.valence_min, s.valence_max), (Some(-2), Some(1)));
        assert_eq!(s.sleep_hours, Some(5.0));
        assert_eq!(s.energy_mean, Some(5.0));
        assert_eq!((s.side_effects, s.worst_severity), (2, Severity::Severe));
        assert_eq!(s.substances.len(), 1);
        assert_eq!((s.substances[0].amount, s.substances[0].uses), (3.5, 2));
        assert_eq!(s.phq9_total, Some(9));
        assert_eq!(s.gad7_total, None);
        assert_eq!((s.goal_check_ins, s.progress_mean), (1, Some(4.0)));
        assert_eq!(s.notes, 1);
    }
}
