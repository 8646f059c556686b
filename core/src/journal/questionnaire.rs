//! PHQ-9 and GAD-7: exact scoring, severity bands and LOINC codes.
//!
//! Every item is answered 0 to 3 (LOINC answers LA6568-5 "Not at all",
//! LA6569-3 "Several days", LA6570-1 "More than half the days", LA6571-9
//! "Nearly every day"). A missing or out-of-range answer is `InvalidInput`
//! naming the item (`journal.phq9.item_4`): the score is never guessed.
//! PHQ-9 item 9 (thoughts of being better off dead or of self-harm) above 0 is
//! flagged whatever the total, and always escalates (see `escalation`).

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// A standard questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Instrument {
    /// Patient Health Questionnaire, 9 items (depression), total 0-27.
    Phq9,
    /// Generalized Anxiety Disorder scale, 7 items, total 0-21.
    Gad7,
}

/// LOINC codes of the PHQ-9 items 1-9.
pub const PHQ9_ITEM_LOINC: [&str; 9] = [
    "44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3",
    "44260-8",
];
/// LOINC codes of the GAD-7 items 1-7.
pub const GAD7_ITEM_LOINC: [&str; 7] = [
    "69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7",
];
/// LOINC answer codes for the item scores 0, 1, 2, 3.
pub const ANSWER_LOINC: [&str; 4] = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"];
/// LOINC code of the PHQ-9 difficulty question ("how difficult have these
/// problems made it...").
pub const PHQ9_DIFFICULTY_LOINC: &str = "69722-7";

impl Instrument {
    /// Stable code, as stored (`phq9`, `gad7`).
    pub fn code(self) -> &'static str {
        match self {
            Instrument::Phq9 => "phq9",
            Instrument::Gad7 => "gad7",
        }
    }

    /// Parses a code produced by [`Instrument::code`].
    pub fn from_code(field: &str, code: &str) -> Result<Instrument> {
        match code.trim().to_ascii_lowercase().replace('-', "").as_str() {
            "phq9" => Ok(Instrument::Phq9),
            "gad7" => Ok(Instrument::Gad7),
            _ => Err(Error::invalid(field, "expected phq9 or gad7")),
        }
    }

    /// Display name (`PHQ-9`).
    pub fn name(self) -> &'static str {
        match self {
            Instrument::Phq9 => "PHQ-9",
            Instrument::Gad7 => "GAD-7",
        }
    }

    /// The LOINC codes of its items, in order.
    pub fn item_loinc(self) -> &'static [&'static str] {
        match self {
            Instrument::Phq9 => &PHQ9_ITEM_LOINC,
            Instrument::Gad7 => &GAD7_ITEM_LOINC,
        }
    }

    /// How many items it has.
    pub fn item_count(self) -> usize {
        self.item_loinc().len()
    }

    /// LOINC code of the panel.
    pub fn panel_loinc(self) -> &'static str {
        match self {
            Instrument::Phq9 => "44249-1",
            Instrument::Gad7 => "69737-5",
        }
    }

    /// LOINC code of the total score.
    pub fn total_loinc(self) -> &'static str {
        match self {
            Instrument::Phq9 => "44261-6",
            Instrument::Gad7 => "70274-6",
        }
    }

    /// The highest possible total.
    pub fn max_total(self) -> u32 {
        3 * self.item_count() as u32
    }

    /// The severity band of a total (published cut-offs: PHQ-9 0-4, 5-9,
    /// 10-14, 15-19, 20-27; GAD-7 0-4, 5-9, 10-14, 15-21).
    pub fn band(self, total: u32) -> SeverityBand {
        match (self, total) {
            (_, 0..=4) => SeverityBand::Minimal,
            (_, 5..=9) => SeverityBand::Mild,
            (_, 10..=14) => SeverityBand::Moderate,
            (Instrument::Phq9, 15..=19) => SeverityBand::ModeratelySevere,
            _ => SeverityBand::Severe,
        }
    }
}

/// The severity band of a total score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum SeverityBand {
    /// PHQ-9 / GAD-7 0-4.
    Minimal,
    /// 5-9.
    Mild,
    /// 10-14.
    Moderate,
    /// PHQ-9 15-19 (the GAD-7 has no such band).
    ModeratelySevere,
    /// PHQ-9 20-27, GAD-7 15-21.
    Severe,
}

impl SeverityBand {
    /// Stable code (`moderately_severe`).
    pub fn code(self) -> &'static str {
        match self {
            SeverityBand::Minimal => "minimal",
            SeverityBand::Mild => "mild",
            SeverityBand::Moderate => "moderate",
            SeverityBand::ModeratelySevere => "moderately_severe",
            SeverityBand::Severe => "severe",
        }
    }

    /// Plain words ("moderately severe").
    pub fn label(self) -> &'static str {
        match self {
            SeverityBand::ModeratelySevere => "moderately severe",
            b => b.code(),
        }
    }
}

/// The PHQ-9 closing question: how difficult the problems made daily life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Difficulty {
    /// Not difficult at all (LA6572-7).
    NotDifficult,
    /// Somewhat difficult (LA6573-5).
    SomewhatDifficult,
    /// Very difficult (LA6575-0).
    VeryDifficult,
    /// Extremely difficult (LA6574-3).
    ExtremelyDifficult,
}

impl Difficulty {
    /// The LOINC answer code.
    pub fn loinc(self) -> &'static str {
        match self {
            Difficulty::NotDifficult => "LA6572-7",
            Difficulty::SomewhatDifficult => "LA6573-5",
            Difficulty::VeryDifficult => "LA6575-0",
            Difficulty::ExtremelyDifficult => "LA6574-3",
        }
    }
}

/// A completed questionnaire as the person answered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct QuestionnaireAnswers {
    /// Which questionnaire.
    pub instrument: Instrument,
    /// One answer per item, in order, each 0 to 3. Every item must be
    /// answered: a `None` or a short list is `InvalidInput` naming the item.
    pub answers: Vec<Option<u32>>,
    /// The PHQ-9 difficulty question, if answered (not part of the total).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub difficulty: Option<Difficulty>,
}

/// One scored item, with its codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ScoredItem {
    /// Item number, from 1.
    pub number: u32,
    /// LOINC code of the question.
    pub loinc: String,
    /// The answer, 0 to 3.
    pub answer: u32,
    /// LOINC code of the answer.
    pub answer_loinc: String,
}

/// The score of a questionnaire, with everything a FHIR
/// QuestionnaireResponse + Observation needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct QuestionnaireScore {
    /// Which questionnaire.
    pub instrument: Instrument,
    /// The sum of the item answers.
    pub total: u32,
    /// The highest possible total (27 or 21).
    pub max_total: u32,
    /// The severity band of the total.
    pub band: SeverityBand,
    /// LOINC code of the panel (44249-1, 69737-5).
    pub panel_loinc: String,
    /// LOINC code of the total (44261-6, 70274-6).
    pub total_loinc: String,
    /// Every item with its codes.
    pub items: Vec<ScoredItem>,
    /// LOINC code of the difficulty question, when it was answered.
    pub difficulty_loinc: Option<String>,
    /// LOINC code of the difficulty answer, when it was answered.
    pub difficulty_answer_loinc: Option<String>,
    /// PHQ-9 item 9 above 0: thoughts of being better off dead or of hurting
    /// oneself. Always escalates to the crisis path, whatever the total.
    pub self_harm_risk: bool,
}

/// Scores a completed questionnaire exactly, or says which item is wrong.
pub fn score(answers: &QuestionnaireAnswers) -> Result<QuestionnaireScore> {
    let inst = answers.instrument;
    let prefix = format!("journal.{}", inst.code());
    let n = inst.item_count();
    if answers.answers.len() > n {
        return Err(Error::invalid(
            format!("{prefix}.answers"),
            format!("the {} has {n} items", inst.name()),
        ));
    }
    let mut items = Vec::with_capacity(n);
    let mut total = 0;
    for (i, loinc) in inst.item_loinc().iter().enumerate() {
        let field = format!("{prefix}.item_{}", i + 1);
        let answer = match answers.answers.get(i).copied().flatten() {
            Some(a) if a <= 3 => a,
            Some(_) => return Err(Error::invalid(field, "an answer is scored 0 to 3")),
            None => return Err(Error::invalid(field, "is not answered")),
        };
        total += answer;
        items.push(ScoredItem {
            number: i as u32 + 1,
            loinc: (*loinc).to_string(),
            answer,
            answer_loinc: ANSWER_LOINC[answer as usize].to_string(),
        });
    }
    if answers.difficulty.is_some() && inst != Instrument::Phq9 {
        return Err(Error::invalid(
            format!("{prefix}.difficulty"),
            "only the PHQ-9 records the difficulty question",
        ));
    }
    let self_harm_risk = inst == Instrument::Phq9 && items[8].answer > 0;
    Ok(QuestionnaireScore {
        instrument: inst,
        total,
        max_total: inst.max_total(),
        band: inst.band(total),
        panel_loinc: inst.panel_loinc().to_string(),
        total_loinc: inst.total_loinc().to_string(),
        items,
        difficulty_loinc: answers
            .difficulty
            .map(|_| PHQ9_DIFFICULTY_LOINC.to_string()),
        difficulty_answer_loinc: answers.difficulty.map(|d| d.loinc().to_string()),
        self_harm_risk,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(inst: Instrument, values: &[u32]) -> QuestionnaireAnswers {
        QuestionnaireAnswers {
            instrument: inst,
            answers: values.iter().map(|v| Some(*v)).collect(),
            difficulty: None,
        }
    }

    /// Answers that add up to `total`, filling items from the first (item 9
    /// of the PHQ-9 stays 0 unless the total needs it).
    fn with_total(inst: Instrument, total: u32) -> QuestionnaireAnswers {
        let mut left = total;
        let values: Vec<u32> = (0..inst.item_count())
            .map(|_| {
                let a = left.min(3);
                left -= a;
                a
            })
            .collect();
        answers(inst, &values)
    }

    #[test]
    fn phq9_every_band_edge() {
        use SeverityBand::*;
        let table = [
            (0, Minimal),
            (4, Minimal),
            (5, Mild),
            (9, Mild),
            (10, Moderate),
            (14, Moderate),
            (15, ModeratelySevere),
            (19, ModeratelySevere),
            (20, Severe),
            (27, Severe),
        ];
        for (total, band) in table {
            let s = score(&with_total(Instrument::Phq9, total)).unwrap();
            assert_eq!((s.total, s.band), (total, band), "total {total}");
            assert_eq!(s.max_total, 27);
        }
    }

    #[test]
    fn gad7_every_band_edge() {
        use SeverityBand::*;
        let table = [
            (0, Minimal),
            (4, Minimal),
            (5, Mild),
            (9, Mild),
            (10, Moderate),
            (14, Moderate),
            (15, Severe),
            (21, Severe),
        ];
        for (total, band) in table {
            let s = score(&with_total(Instrument::Gad7, total)).unwrap();
            assert_eq!((s.total, s.band), (total, band), "total {total}");
            assert!(!s.self_harm_risk);
        }
    }

    #[test]
    fn codes_are_the_loinc_ones() {
        let s = score(&QuestionnaireAnswers {
            difficulty: Some(Difficulty::VeryDifficult),
            ..answers(Instrument::Phq9, &[0, 1, 2, 3, 0, 1, 2, 3, 0])
        })
        .unwrap();
        assert_eq!(s.panel_loinc, "44249-1");
        assert_eq!(s.total_loinc, "44261-6");
        assert_eq!(s.total, 12);
        assert_eq!(s.items[8].loinc, "44260-8");
        assert_eq!(s.items[3].answer_loinc, "LA6571-9");
        assert_eq!(s.items[0].answer_loinc, "LA6568-5");
        assert_eq!(s.difficulty_loinc.as_deref(), Some("69722-7"));
        assert_eq!(s.difficulty_answer_loinc.as_deref(), Some("LA6575-0"));
        let g = score(&answers(Instrument::Gad7, &[1; 7])).unwrap();
        assert_eq!(
            (g.panel_loinc.as_str(), g.total_loinc.as_str()),
            ("69737-5", "70274-6")
        );
        assert_eq!(g.items[1].loinc, "68509-9");
        assert_eq!(g.items[0].answer_loinc, "LA6569-3");
    }

    #[test]
    fn item_9_flags_self_harm_risk_whatever_the_total() {
        let low = score(&answers(Instrument::Phq9, &[0, 0, 0, 0, 0, 0, 0, 0, 1])).unwrap();
        assert_eq!((low.total, low.band), (1, SeverityBand::Minimal));
        assert!(low.self_harm_risk);
        let high = score(&answers(Instrument::Phq9, &[3, 3, 3, 3, 3, 3, 3, 3, 0])).unwrap();
        assert!(!high.self_harm_risk);
    }

    #[test]
    fn incomplete_or_out_of_range_answers_name_the_item() {
        let field = |a: QuestionnaireAnswers| match score(&a) {
            Err(Error::InvalidInput { field, .. }) => field,
            other => panic!("expected InvalidInput, got {other:?}"),
        };
        assert_eq!(
            field(answers(Instrument::Phq9, &[0; 8])),
            "journal.phq9.item_9"
        );
        assert_eq!(field(answers(Instrument::Phq9, &[])), "journal.phq9.item_1");
        assert_eq!(
            field(answers(Instrument::Phq9, &[0, 0, 0, 4, 0, 0, 0, 0, 0])),
            "journal.phq9.item_4"
        );
        let mut gap = answers(Instrument::Gad7, &[1; 7]);
        gap.answers[2] = None;
        assert_eq!(field(gap), "journal.gad7.item_3");
        assert_eq!(
            field(answers(Instrument::Gad7, &[0; 8])),
            "journal.gad7.answers"
        );
        let mut d = answers(Instrument::Gad7, &[0; 7]);
        d.difficulty = Some(Difficulty::NotDifficult);
        assert_eq!(field(d), "journal.gad7.difficulty");
    }
}
