//! The medicines list's rules, so the apps only show them: which of a
//! medication's plans is the current one ([`current_plan`]), whether plans
//! run side by side (then the set-up form cannot edit the schedule), the unit
//! a form of medication is dosed in ([`default_dose_unit`]) and the unit its
//! supply is counted in ([`supply_unit`]). Pure functions of their arguments.

use chrono::NaiveDate;

use crate::model::{DoseForm, Medication};
use crate::schedule::DosingPlan;

/// The unit a dose of `form` is counted in on the set-up form: tablet,
/// capsule, ml (liquids and injections), patch, puff, drop, else "dose".
pub fn default_dose_unit(form: DoseForm) -> &'static str {
    match form {
        DoseForm::Tablet => "tablet",
        DoseForm::Capsule => "capsule",
        DoseForm::Liquid | DoseForm::Injection => "ml",
        DoseForm::Patch => "patch",
        DoseForm::Inhaler => "puff",
        DoseForm::Drops => "drop",
        DoseForm::Other => "dose",
    }
}

/// The current plan of a medication on `today`: the latest-starting of the
/// plans still running (no end, or ending today or later), else the
/// latest-starting of all; with how many run side by side (more than one:
/// 50 mg mornings and 25 mg evenings, as a prescriber's FHIR dosages may
/// say, which the set-up form cannot edit as one schedule).
pub fn current_plan(plans: &[DosingPlan], today: NaiveDate) -> (Option<&DosingPlan>, u32) {
    let running: Vec<&DosingPlan> = plans
        .iter()
        .filter(|p| p.end.is_none_or(|end| end >= today))
        .collect();
    let current = running
        .iter()
        .copied()
        .max_by_key(|p| p.start)
        .or_else(|| plans.iter().max_by_key(|p| p.start));
    (current, running.len() as u32)
}

/// The unit the supply is counted in: the form's ("tablet") when doses are
/// given by strength ("50 mg" of 50 mg tablets: the core converts), or
/// without a plan; else the dose's own unit ("ml").
pub fn supply_unit(medication: &Medication, plan: Option<&DosingPlan>) -> String {
    let form_unit = default_dose_unit(medication.form).to_string();
    match plan {
        None => form_unit,
        Some(p)
            if medication.strength.as_ref().map(|s| s.unit.as_str())
                == Some(p.dose.unit.as_str()) =>
        {
            form_unit
        }
        Some(p) => p.dose.unit.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MedicationStatus, Strength};
    use crate::schedule::{Dose, EventTiming, Timing};
    use chrono::Utc;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, d).unwrap()
    }

    fn plan(id: &str, unit: &str, start: u32, end: Option<u32>) -> DosingPlan {
        let mut p = DosingPlan::new(
            id,
            "med",
            Dose::new(50.0, unit),
            Timing::daily_when(&[EventTiming::Cm], None),
        );
        p.start = Some(day(start));
        p.end = end.map(day);
        p
    }

    fn medication(form: DoseForm, strength_unit: Option<&str>) -> Medication {
        Medication {
            id: "med".into(),
            name: "Sertraline".into(),
            strength: strength_unit.map(|u| Strength {
                amount: 50.0,
                unit: u.into(),
            }),
            form,
            instructions: String::new(),
            prescriber_notes: String::new(),
            expected_onset: None,
            status: MedicationStatus::Active,
            started_on: None,
            stopped_on: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn the_current_plan_is_the_latest_still_running_else_the_last() {
        let old = plan("old", "mg", 1, Some(9));
        let new = plan("new", "mg", 10, None);
        let plans = [new.clone(), old.clone()];
        assert_eq!(current_plan(&plans, day(5)), (Some(&new), 2));
        assert_eq!(current_plan(&plans, day(9)), (Some(&new), 2)); // the old one ends today
        assert_eq!(current_plan(&plans, day(12)), (Some(&new), 1));
        // All ended: the last one, and none running (nothing scheduled).
        let ended = [plan("a", "mg", 1, Some(3)), plan("b", "mg", 4, Some(6))];
        assert_eq!(
            current_plan(&ended, day(20)).0.map(|p| p.id.as_str()),
            Some("b")
        );
        assert_eq!(current_plan(&ended, day(20)).1, 0);
        assert_eq!(current_plan(&[], day(20)), (None, 0));
    }

    #[test]
    fn supply_is_counted_in_the_form_unit_when_doses_are_given_by_strength() {
        let tablets = medication(DoseForm::Tablet, Some("mg"));
        assert_eq!(
            supply_unit(&tablets, Some(&plan("p", "mg", 1, None))),
            "tablet"
        );
        assert_eq!(
            supply_unit(&tablets, Some(&plan("p", "tablet", 1, None))),
            "tablet"
        );
        assert_eq!(supply_unit(&tablets, None), "tablet");
        let liquid = medication(DoseForm::Liquid, Some("mg"));
        assert_eq!(supply_unit(&liquid, Some(&plan("p", "ml", 1, None))), "ml");
        // No strength: the dose's own unit.
        let drops = medication(DoseForm::Drops, None);
        assert_eq!(
            supply_unit(&drops, Some(&plan("p", "drop", 1, None))),
            "drop"
        );
    }

    #[test]
    fn every_form_has_a_dose_unit() {
        for form in DoseForm::ALL {
            assert!(!default_dose_unit(form).is_empty(), "{form:?}");
        }
        assert_eq!(default_dose_unit(DoseForm::Inhaler), "puff");
        assert_eq!(default_dose_unit(DoseForm::Injection), "ml");
    }
}
