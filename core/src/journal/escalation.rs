//! Safety escalation: rules set by the care team ("any rash while on
//! lamotrigine: contact the prescriber today", "severe side effect: contact
//! the prescriber") plus one rule nobody can switch off — PHQ-9 item 9 above 0
//! goes to the crisis path, whatever the total.
//!
//! An [`Escalation`] is structured (a reason code, an action code, named
//! parameters) and carries a plain-English sentence and the care-team contacts
//! and crisis resources the app configured. The core holds no phone numbers of
//! its own: without configured resources the sentence still tells the person
//! to call their local emergency number.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::contacts::{CareContact, CareRole, CrisisResource, EscalationContacts};
use super::limits::MAX_INSTRUCTIONS_CHARS;
use super::{EntryDetail, Instrument, JournalEntry, Severity, Symptom};
use crate::error::{Error, Result};
use crate::limits::text;

/// What the person should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum EscalationAction {
    /// Get help now: crisis resources, the care team, or emergency services.
    Crisis,
    /// Contact the prescriber the same day.
    ContactPrescriberToday,
    /// Contact the prescriber (soon, not necessarily today).
    ContactPrescriber,
    /// Contact the therapist.
    ContactTherapist,
}

impl EscalationAction {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            EscalationAction::Crisis => "crisis",
            EscalationAction::ContactPrescriberToday => "contact_prescriber_today",
            EscalationAction::ContactPrescriber => "contact_prescriber",
            EscalationAction::ContactTherapist => "contact_therapist",
        }
    }

    /// Parses a code produced by [`EscalationAction::code`] (also with `-`).
    pub fn from_code(field: &str, code: &str) -> Result<EscalationAction> {
        match code.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "crisis" => Ok(EscalationAction::Crisis),
            "contact_prescriber_today" => Ok(EscalationAction::ContactPrescriberToday),
            "contact_prescriber" => Ok(EscalationAction::ContactPrescriber),
            "contact_therapist" => Ok(EscalationAction::ContactTherapist),
            _ => Err(Error::invalid(
                field,
                "expected crisis, contact_prescriber_today, contact_prescriber or contact_therapist",
            )),
        }
    }

    fn advice(self) -> &'static str {
        match self {
            EscalationAction::Crisis => {
                "get support now from a crisis line or your care team; if you are in immediate \
                 danger, call your local emergency number"
            }
            EscalationAction::ContactPrescriberToday => "contact your prescriber today",
            EscalationAction::ContactPrescriber => "contact your prescriber",
            EscalationAction::ContactTherapist => "contact your therapist",
        }
    }
}

/// When a care-team rule fires. A side effect rated `none` never fires a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum EscalationTrigger {
    /// A symptom at `min_severity` or worse while the person takes the
    /// medication (it is active on the entry's date, or the side effect is
    /// linked to it): "any rash while on lamotrigine".
    SymptomWhileOnMedication {
        /// The symptom.
        symptom: Symptom,
        /// The medication (id).
        medication_id: String,
        /// The mildest severity that fires (`mild` for "any").
        min_severity: Severity,
    },
    /// Any side effect at `min_severity` or worse ("severe side effect").
    SideEffectAtLeast {
        /// The mildest severity that fires.
        min_severity: Severity,
    },
    /// A questionnaire total at `min_total` or more (e.g. PHQ-9 at least 15).
    QuestionnaireTotalAtLeast {
        /// Which questionnaire.
        instrument: Instrument,
        /// The lowest total that fires, from 1 to the instrument's maximum.
        min_total: u32,
    },
}

/// What the care team sends to add a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct EscalationRuleInput {
    /// When it fires.
    pub trigger: EscalationTrigger,
    /// What the person should do.
    pub action: EscalationAction,
    /// The care team's own words shown with it ("stop taking it until we
    /// speak"), up to 1000 characters.
    #[cfg_attr(feature = "uniffi", uniffi(default = ""))]
    pub instructions: String,
}

impl EscalationRuleInput {
    /// Checks every field except that the medication exists (the store does).
    pub fn validate(&self) -> Result<()> {
        match &self.trigger {
            EscalationTrigger::SymptomWhileOnMedication {
                medication_id,
                min_severity,
                ..
            } => {
                super::canonical_id("escalation_rule.trigger.medication_id", medication_id)?;
                check_min_severity(*min_severity)?;
            }
            EscalationTrigger::SideEffectAtLeast { min_severity } => {
                check_min_severity(*min_severity)?
            }
            EscalationTrigger::QuestionnaireTotalAtLeast {
                instrument,
                min_total,
            } => {
                if *min_total < 1 || *min_total > instrument.max_total() {
                    return Err(Error::invalid(
                        "escalation_rule.trigger.min_total",
                        format!("must be between 1 and {}", instrument.max_total()),
                    ));
                }
            }
        }
        text(
            "escalation_rule.instructions",
            &self.instructions,
            0,
            MAX_INSTRUCTIONS_CHARS,
        )
    }
}

fn check_min_severity(s: Severity) -> Result<()> {
    if s == Severity::None {
        return Err(Error::invalid(
            "escalation_rule.trigger.min_severity",
            "use mild for \"any\": a side effect rated none is not there",
        ));
    }
    Ok(())
}

/// A stored rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct EscalationRule {
    /// Stable id (a UUID).
    pub id: String,
    /// When it fires.
    pub trigger: EscalationTrigger,
    /// What the person should do.
    pub action: EscalationAction,
    /// The care team's own words.
    pub instructions: String,
    /// When it was added (UTC).
    pub created_at: DateTime<Utc>,
}

/// Why an escalation was raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum EscalationReason {
    /// PHQ-9 item 9 above 0 (built in, always on).
    SelfHarmThoughts,
    /// A care-team rule: a symptom while on a given medication.
    SymptomWhileOnMedication,
    /// A care-team rule: a side effect at or above a severity.
    SideEffectSeverity,
    /// A care-team rule: a questionnaire total at or above a threshold.
    QuestionnaireTotal,
}

impl EscalationReason {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            EscalationReason::SelfHarmThoughts => "phq9_item9",
            EscalationReason::SymptomWhileOnMedication => "symptom_while_on_medication",
            EscalationReason::SideEffectSeverity => "side_effect_severity",
            EscalationReason::QuestionnaireTotal => "questionnaire_total",
        }
    }
}

/// A named value that explains an escalation (`symptom` = `rash`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct EscalationParameter {
    /// Parameter name (`symptom`, `severity`, `medication_id`,
    /// `medication_name`, `instrument`, `item`, `answer`, `total`, `band`,
    /// `threshold`).
    pub name: String,
    /// Its value, as text.
    pub value: String,
}

/// What the app must show after an entry: the reason and action as codes,
/// their parameters, one plain-English sentence, and whom to contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Escalation {
    /// Why.
    pub reason: EscalationReason,
    /// What to do.
    pub action: EscalationAction,
    /// The care-team rule that fired; `None` for the built-in PHQ-9 item 9 rule.
    pub rule_id: Option<String>,
    /// The facts behind it.
    pub parameters: Vec<EscalationParameter>,
    /// One sentence for the person ("Rash while taking Lamotrigine: contact
    /// your prescriber today.").
    pub message: String,
    /// The care team's own words from the rule (may be empty).
    pub instructions: String,
    /// Whom to contact: the care team members for this action (everyone for a
    /// crisis).
    pub contacts: Vec<CareContact>,
    /// Crisis resources (for the crisis action).
    pub crisis_resources: Vec<CrisisResource>,
}

/// A medication as the escalation rules see it on the entry's date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MedicationOnDate {
    /// Its id.
    pub id: String,
    /// Its name, for the sentence.
    pub name: String,
    /// Whether the person was taking it on the entry's date.
    pub taking: bool,
}

fn param(name: &str, value: impl ToString) -> EscalationParameter {
    EscalationParameter {
        name: name.to_string(),
        value: value.to_string(),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn contacts_for(action: EscalationAction, all: &EscalationContacts) -> Vec<CareContact> {
    let want = match action {
        EscalationAction::Crisis => return all.care_team.clone(),
        EscalationAction::ContactTherapist => CareRole::Therapist,
        _ => CareRole::Prescriber,
    };
    let by_role: Vec<CareContact> = all
        .care_team
        .iter()
        .filter(|c| c.role == want)
        .cloned()
        .collect();
    if by_role.is_empty() {
        // Nobody in that role: the rest of the team can pass it on.
        all.care_team.clone()
    } else {
        by_role
    }
}

/// The escalations an entry raises, most urgent first. Pure: the rules, the
/// medications on the entry's date and the contacts are passed in.
pub fn evaluate(
    entry: &JournalEntry,
    rules: &[EscalationRule],
    medications: &[MedicationOnDate],
    contacts: &EscalationContacts,
) -> Vec<Escalation> {
    let mut out: Vec<Escalation> = Vec::new();
    let mut raise = |reason, action, rule: Option<&EscalationRule>, parameters, message: String| {
        let e = Escalation {
            reason,
            action,
            rule_id: rule.map(|r| r.id.clone()),
            parameters,
            message,
            instructions: rule.map(|r| r.instructions.clone()).unwrap_or_default(),
            contacts: contacts_for(action, contacts),
            crisis_resources: if action == EscalationAction::Crisis {
                contacts.crisis_resources.clone()
            } else {
                vec![]
            },
        };
        out.push(e);
    };

    // Built in and always on: PHQ-9 item 9.
    if let Some(score) = &entry.score {
        if score.self_harm_risk {
            let answer = score.items[8].answer;
            raise(
                EscalationReason::SelfHarmThoughts,
                EscalationAction::Crisis,
                None,
                vec![
                    param("instrument", "phq9"),
                    param("item", 9),
                    param("item_loinc", &score.items[8].loinc),
                    param("answer", answer),
                ],
                format!(
                    "Your answer to PHQ-9 question 9 says you have had thoughts that you would \
                     be better off dead or of hurting yourself. Please {}.",
                    EscalationAction::Crisis.advice()
                ),
            );
        }
    }

    for rule in rules {
        match (&rule.trigger, &entry.detail) {
            (
                EscalationTrigger::SymptomWhileOnMedication {
                    symptom,
                    medication_id,
                    min_severity,
                },
                EntryDetail::SideEffect { side_effect: s },
            ) => {
                if s.symptom != *symptom
                    || s.severity == Severity::None
                    || s.severity < *min_severity
                {
                    continue;
                }
                let med = medications.iter().find(|m| &m.id == medication_id);
                let linked = s.medication_ids.iter().any(|id| id == medication_id);
                let Some(med) = med.filter(|m| m.taking || linked) else {
                    continue;
                };
                raise(
                    EscalationReason::SymptomWhileOnMedication,
                    rule.action,
                    Some(rule),
                    vec![
                        param("symptom", symptom.code()),
                        param("severity", s.severity.code()),
                        param("medication_id", &med.id),
                        param("medication_name", &med.name),
                    ],
                    format!(
                        "{} while taking {}: {}.",
                        capitalise(&s.name()),
                        med.name,
                        rule.action.advice()
                    ),
                );
            }
            (
                EscalationTrigger::SideEffectAtLeast { min_severity },
                EntryDetail::SideEffect { side_effect: s },
            ) => {
                if s.severity == Severity::None || s.severity < *min_severity {
                    continue;
                }
                raise(
                    EscalationReason::SideEffectSeverity,
                    rule.action,
                    Some(rule),
                    vec![
                        param("symptom", s.symptom.code()),
                        param("severity", s.severity.code()),
                        param("threshold", min_severity.code()),
                    ],
                    format!(
                        "{} {}: {}.",
                        capitalise(s.severity.code()),
                        s.name(),
                        rule.action.advice()
                    ),
                );
            }
            (
                EscalationTrigger::QuestionnaireTotalAtLeast {
                    instrument,
                    min_total,
                },
                EntryDetail::Questionnaire { .. },
            ) => {
                let Some(score) = entry.score.as_ref().filter(|s| s.instrument == *instrument)
                else {
                    continue;
                };
                if score.total < *min_total {
                    continue;
                }
                raise(
                    EscalationReason::QuestionnaireTotal,
                    rule.action,
                    Some(rule),
                    vec![
                        param("instrument", instrument.code()),
                        param("total", score.total),
                        param("band", score.band.code()),
                        param("threshold", min_total),
                    ],
                    format!(
                        "{} total {} of {} ({}): {}.",
                        instrument.name(),
                        score.total,
                        score.max_total,
                        score.band.label(),
                        rule.action.advice()
                    ),
                );
            }
            _ => {}
        }
    }
    // Most urgent first; the order of the rules within one action.
    out.sort_by_key(|e| e.action);
    out
}

#[cfg(test)]
mod tests;
