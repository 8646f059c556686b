//! Finding things as people name them, as pure functions of the records:
//! a medication by its name or a unique prefix of its name or id, any named
//! record (care-team members, clients) the same way, and a scheduled dose by
//! medication, date and routine moment. The use cases (`App::find_*`) load
//! the records and call these.
//!
//! Errors never repeat a name (no personal data in errors): they say how
//! many records matched and what to give instead; a caller that shows the
//! person their own list can add it.

use chrono::{Duration, NaiveDate};

use crate::error::{Error, Result};
use crate::limits::LOGGABLE_DAYS_BACK;
use crate::model::{Medication, RoutineEvent};
use crate::schedule::DoseOccurrence;
use crate::today::part_of_day;

/// The shortest id prefix accepted (shorter ones match too often).
pub const MIN_ID_PREFIX: usize = 4;

/// The medication `query` names, among every medication not deleted
/// (stopped ones included): its id, then a name equal to `query` (ignoring
/// case; an active medication wins over a stopped one of the same name),
/// then a unique prefix of an id (at least [`MIN_ID_PREFIX`] characters)
/// or of a name. No match or more than one is `InvalidInput` on `field`.
pub fn pick_medication<'a>(
    meds: &'a [Medication],
    field: &str,
    query: &str,
) -> Result<&'a Medication> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Err(Error::invalid(field, "give a medication's name or id"));
    }
    if let Some(m) = meds.iter().find(|m| m.id == q) {
        return Ok(m);
    }
    let named: Vec<&Medication> = meds.iter().filter(|m| m.name.to_lowercase() == q).collect();
    let active = |m: &&&Medication| m.status == crate::model::MedicationStatus::Active;
    match (named.len(), named.iter().filter(active).count()) {
        (1, _) => return Ok(named[0]),
        (_, 1) => return Ok(named.into_iter().find(|m| active(&m)).expect("one active")),
        (0, _) => {}
        (n, _) => {
            return Err(Error::invalid(
                field,
                format!("{n} medications have this name; give the start of the id instead"),
            ))
        }
    }
    let by_id: Vec<&Medication> = if q.len() >= MIN_ID_PREFIX {
        meds.iter().filter(|m| m.id.starts_with(&q)).collect()
    } else {
        Vec::new()
    };
    let by_name: Vec<&Medication> = meds
        .iter()
        .filter(|m| m.name.to_lowercase().starts_with(&q))
        .collect();
    let mut all = by_id;
    for m in by_name {
        if !all.iter().any(|a| a.id == m.id) {
            all.push(m);
        }
    }
    match all.len() {
        1 => Ok(all[0]),
        0 => Err(Error::invalid(
            field,
            "no medication has this name or an id starting with it",
        )),
        n => Err(Error::invalid(
            field,
            format!("{n} medications start with this; give more of the name or the id"),
        )),
    }
}

/// The one of `items` that `query` names by `id_of` (whole, or a unique
/// prefix of at least [`MIN_ID_PREFIX`] characters) or `name_of` (equal
/// ignoring case, or a unique prefix); `noun` words the refusal ("care-team
/// members").
pub fn pick_named<'a, T>(
    items: &'a [T],
    id_of: impl Fn(&T) -> &str,
    name_of: impl Fn(&T) -> &str,
    field: &str,
    noun: &str,
    query: &str,
) -> Result<&'a T> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Err(Error::invalid(field, "give a name or an id"));
    }
    if let Some(x) = items.iter().find(|x| id_of(x) == q) {
        return Ok(x);
    }
    let named: Vec<&T> = items
        .iter()
        .filter(|x| name_of(x).to_lowercase() == q)
        .collect();
    if named.len() == 1 {
        return Ok(named[0]);
    }
    if named.len() > 1 {
        return Err(Error::invalid(
            field,
            format!(
                "{} {noun} have this name; give the start of the id instead",
                named.len()
            ),
        ));
    }
    let hits: Vec<&T> = items
        .iter()
        .filter(|x| {
            (q.len() >= MIN_ID_PREFIX && id_of(x).starts_with(&q))
                || name_of(x).to_lowercase().starts_with(&q)
        })
        .collect();
    match hits.len() {
        1 => Ok(hits[0]),
        0 => Err(Error::invalid(
            field,
            format!("none of the {noun} has this name or an id starting with it"),
        )),
        n => Err(Error::invalid(
            field,
            format!("{n} {noun} start with this; give more of the name or the id"),
        )),
    }
}

/// The scheduled dose of `medication_id` on `date` at `moment` (the
/// routine moment Today groups it under), or the only dose that day when no
/// moment is given. A date more than [`LOGGABLE_DAYS_BACK`] days before
/// `today` is refused as outside the lookback (edit the log instead); more
/// than one dose without a moment, or none, is `InvalidInput` naming the
/// times there are.
pub fn pick_occurrence(
    occurrences: Vec<DoseOccurrence>,
    medication_id: &str,
    date: NaiveDate,
    moment: Option<RoutineEvent>,
    today: NaiveDate,
) -> Result<DoseOccurrence> {
    if date < today - Duration::days(LOGGABLE_DAYS_BACK) {
        return Err(Error::invalid(
            "date",
            format!(
                "{date} is more than {LOGGABLE_DAYS_BACK} days ago, outside the days a dose can be logged; \
                 edit an existing entry instead"
            ),
        ));
    }
    if date > today + Duration::days(1) {
        return Err(Error::invalid(
            "date",
            format!("{date} is more than a day ahead; a dose is logged when it is taken"),
        ));
    }
    let moment_of = |o: &DoseOccurrence| o.event.unwrap_or_else(|| part_of_day(o.local.time()));
    let mine: Vec<DoseOccurrence> = occurrences
        .into_iter()
        .filter(|o| o.medication_id == medication_id && o.local_date == date)
        .collect();
    let times = |list: &[DoseOccurrence]| {
        list.iter()
            .map(|o| format!("{} at {}", moment_of(o).code(), o.local.format("%H:%M")))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if mine.is_empty() {
        return Err(Error::invalid(
            "date",
            format!("no scheduled dose of this medication on {date}"),
        ));
    }
    let chosen: Vec<&DoseOccurrence> = match moment {
        Some(m) => mine.iter().filter(|o| moment_of(o) == m).collect(),
        None => mine.iter().collect(),
    };
    match chosen.len() {
        1 => Ok(chosen[0].clone()),
        0 => Err(Error::invalid(
            "moment",
            format!(
                "no dose of this medication at {} on {date}; its doses that day: {}",
                moment.map_or("", RoutineEvent::code),
                times(&mine)
            ),
        )),
        n => Err(Error::invalid(
            "moment",
            format!(
                "{n} doses of this medication on {date} ({}); say which with the moment",
                times(&mine)
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DoseForm, MedicationStatus};

    fn med(id: &str, name: &str, status: MedicationStatus) -> Medication {
        Medication {
            id: id.into(),
            name: name.into(),
            strength: None,
            form: DoseForm::Tablet,
            instructions: String::new(),
            prescriber_notes: String::new(),
            expected_onset: None,
            started_on: None,
            stopped_on: None,
            status,
            created_at: chrono::DateTime::UNIX_EPOCH,
            updated_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn a_medication_is_found_by_name_or_a_unique_prefix() {
        use MedicationStatus::*;
        let meds = vec![
            med("a1b2c3d4-0000", "Sertraline", Active),
            med("a1b2ffff-0000", "Seroquel", Active),
            med("ffee0000-0000", "Lamotrigine", Active),
            med("0000aaaa-0000", "Lamotrigine", Stopped),
        ];
        let find = |q: &str| pick_medication(&meds, "medication", q).map(|m| m.id.clone());
        assert_eq!(find("sertraline").unwrap(), "a1b2c3d4-0000");
        assert_eq!(find("SERT").unwrap(), "a1b2c3d4-0000");
        assert_eq!(find("a1b2c").unwrap(), "a1b2c3d4-0000");
        // The active one of two with a name.
        assert_eq!(find("lamotrigine").unwrap(), "ffee0000-0000");
        // Ambiguous and unknown say so, without naming anything.
        let ambiguous = find("ser").unwrap_err().to_string();
        assert!(
            ambiguous.contains("2 medications start with this"),
            "{ambiguous}"
        );
        assert!(!ambiguous.contains("Sertraline"));
        assert!(find("a1b2").is_err());
        assert!(find("lithium")
            .unwrap_err()
            .to_string()
            .contains("no medication has this name"));
        assert!(find("  ").is_err());
    }
}
