//! The care team's escalation rules and the contacts the app configured, and
//! evaluating an entry against them (with the medications the person takes on
//! the entry's date).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection};

use super::{not_found, JournalRecord};
use crate::error::{corrupt_value, Error, Result};
use crate::model::MAX_ESCALATION_RULES;
use crate::model::{
    canonical_id, CareContact, CareRole, CrisisResource, EntryDetail, EscalationAction,
    EscalationContacts, EscalationRule, EscalationRuleInput, EscalationTrigger, JournalEntry,
    MedicationOnDate,
};
use crate::store::{from_ms, new_id, to_ms, Store};

fn rules(conn: &Connection) -> Result<Vec<EscalationRule>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, trigger_doc, action, instructions, created_at FROM escalation_rule
         ORDER BY created_at, id",
    )?;
    let raw: Vec<(String, String, String, String, i64)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    raw.into_iter()
        .map(|(id, trigger, action, instructions, created)| {
            Ok(EscalationRule {
                id,
                trigger: serde_json::from_str(&trigger)
                    .map_err(|_| corrupt_value("escalation_rule", "trigger_doc"))?,
                action: EscalationAction::from_code("action", &action)
                    .map_err(|_| corrupt_value("escalation_rule", "action"))?,
                instructions,
                created_at: from_ms(created)?,
            })
        })
        .collect()
}

fn contacts(conn: &Connection) -> Result<EscalationContacts> {
    let mut stmt = conn.prepare_cached(
        "SELECT role, name, phone, email, availability FROM escalation_care_contact ORDER BY position",
    )?;
    let raw: Vec<(String, CareContact)> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                CareContact {
                    role: CareRole::Other,
                    name: r.get(1)?,
                    phone: r.get(2)?,
                    email: r.get(3)?,
                    availability: r.get(4)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let care_team = raw
        .into_iter()
        .map(|(role, c)| {
            Ok(CareContact {
                role: CareRole::from_code("role", &role)
                    .map_err(|_| corrupt_value("escalation_care_contact", "role"))?,
                ..c
            })
        })
        .collect::<Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT name, phone, text_number, url, availability FROM escalation_crisis_resource
         ORDER BY position",
    )?;
    let crisis_resources = stmt
        .query_map([], |r| {
            Ok(CrisisResource {
                name: r.get(0)?,
                phone: r.get(1)?,
                text_number: r.get(2)?,
                url: r.get(3)?,
                availability: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(EscalationContacts {
        care_team,
        crisis_resources,
    })
}

/// The person's medications as the rules see them on `date`.
fn medications_on(conn: &Connection, date: NaiveDate) -> Result<Vec<MedicationOnDate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, status, started_on, stopped_on FROM medication WHERE deleted_at IS NULL",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    let parse = |s: Option<String>, column| {
        s.map(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d"))
            .transpose()
            .map_err(|_| corrupt_value("medication", column))
    };
    let mut out = Vec::new();
    for row in rows {
        let (id, name, status, started, stopped) = row?;
        let active = match status.as_str() {
            "active" => true,
            "stopped" => false,
            _ => return Err(corrupt_value("medication", "status").into()),
        };
        let started_by_then = parse(started, "started_on")?.is_none_or(|s| s <= date);
        let stopped = parse(stopped, "stopped_on")?;
        let still_on = active || stopped.is_some_and(|s| s >= date);
        out.push(MedicationOnDate {
            id,
            name,
            taking: started_by_then && still_on,
        });
    }
    Ok(out)
}

/// What the escalation rules read for one entry: the rules, the contacts,
/// and (for a side effect) the medications taken on its date.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EscalationInputs {
    /// The care team's rules.
    pub rules: Vec<EscalationRule>,
    /// The medications on the entry's date (side effects only).
    pub medications: Vec<MedicationOnDate>,
    /// Who to contact.
    pub contacts: EscalationContacts,
}

/// Loads what the rules read for `entry` (in the caller's transaction).
pub(super) fn inputs_for(conn: &Connection, entry: &JournalEntry) -> Result<EscalationInputs> {
    let medications = match entry.detail {
        EntryDetail::SideEffect { .. } => medications_on(conn, entry.local_date)?,
        _ => vec![],
    };
    Ok(EscalationInputs {
        rules: rules(conn)?,
        medications,
        contacts: contacts(conn)?,
    })
}

impl Store {
    /// Adds a care-team escalation rule.
    pub fn add_escalation_rule(
        &self,
        input: &EscalationRuleInput,
        now: DateTime<Utc>,
    ) -> Result<EscalationRule> {
        input.validate()?;
        let mut trigger = input.trigger.clone();
        let mut medication_id = None;
        if let EscalationTrigger::SymptomWhileOnMedication {
            medication_id: m, ..
        } = &mut trigger
        {
            *m = canonical_id("escalation_rule.trigger.medication_id", m)?;
            medication_id = Some(m.clone());
        }
        let id = new_id();
        self.write(|tx| {
            let count: i64 =
                tx.query_row("SELECT count(*) FROM escalation_rule", [], |r| r.get(0))?;
            if count as usize >= MAX_ESCALATION_RULES {
                return Err(Error::invalid(
                    "escalation_rule",
                    format!("at most {MAX_ESCALATION_RULES} rules"),
                ));
            }
            if let Some(m) = &medication_id {
                let found: i64 = tx.query_row(
                    "SELECT count(*) FROM medication WHERE id = ?1 AND deleted_at IS NULL",
                    [m],
                    |r| r.get(0),
                )?;
                if found == 0 {
                    return Err(Error::invalid(
                        "escalation_rule.trigger.medication_id",
                        "no such medication",
                    ));
                }
            }
            tx.execute(
                "INSERT INTO escalation_rule (id, trigger_doc, action, medication_id,
                    instructions, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    id,
                    serde_json::to_string(&trigger)?,
                    input.action.code(),
                    medication_id,
                    input.instructions.trim(),
                    to_ms(now)
                ],
            )?;
            Ok(EscalationRule {
                id: id.clone(),
                trigger,
                action: input.action,
                instructions: input.instructions.trim().to_string(),
                created_at: from_ms(to_ms(now))?,
            })
        })
    }

    /// Every escalation rule, oldest first.
    pub fn escalation_rules(&self) -> Result<Vec<EscalationRule>> {
        self.read(|tx| rules(tx))
    }

    /// Removes a rule (for good: rules are care-team settings, not journal).
    pub fn delete_escalation_rule(&self, id: &str) -> Result<()> {
        let id = canonical_id("escalation_rule_id", id)?;
        self.write(|tx| {
            if tx.execute("DELETE FROM escalation_rule WHERE id = ?1", [id])? == 0 {
                return Err(not_found(JournalRecord::EscalationRule));
            }
            Ok(())
        })
    }

    /// Replaces the care-team contacts and crisis resources escalations show.
    pub fn set_escalation_contacts(&self, contacts: &EscalationContacts) -> Result<()> {
        contacts.validate()?;
        self.write(|tx| {
            tx.execute("DELETE FROM escalation_care_contact", [])?;
            tx.execute("DELETE FROM escalation_crisis_resource", [])?;
            for (i, c) in contacts.care_team.iter().enumerate() {
                tx.execute(
                    "INSERT INTO escalation_care_contact (position, role, name, phone, email,
                        availability) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        i as i64,
                        c.role.code(),
                        c.name.trim(),
                        c.phone.trim(),
                        c.email.trim(),
                        c.availability.trim()
                    ],
                )?;
            }
            for (i, r) in contacts.crisis_resources.iter().enumerate() {
                tx.execute(
                    "INSERT INTO escalation_crisis_resource (position, name, phone, text_number,
                        url, availability) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        i as i64,
                        r.name.trim(),
                        r.phone.trim(),
                        r.text_number.trim(),
                        r.url.trim(),
                        r.availability.trim()
                    ],
                )?;
            }
            Ok(())
        })
    }

    /// The care-team contacts and crisis resources (empty until the app sets them).
    pub fn escalation_contacts(&self) -> Result<EscalationContacts> {
        self.read(|tx| contacts(tx))
    }
}
