//! A titration or taper entered as its steps — "25 mg from 1 March, 50 mg
//! from 15 March" — turned into one plan whose steps follow each other
//! without a gap: each step lasts until the next one starts, the last is
//! open-ended (or ends on `end`). The command line's `plan titrate` uses it,
//! so nobody writes JSON to change a dose over time.

use chrono::NaiveDate;

use super::input::DosingPlanInput;
use super::plan::{Dose, DoseStep};
use super::timing::Timing;
use crate::error::{Error, Result};

/// One step as entered: from `start`, `dose` at each time of the timing.
#[derive(Debug, Clone, PartialEq)]
pub struct StepEntry {
    /// The first local date of the step.
    pub start: NaiveDate,
    /// The dose from then on.
    pub dose: Dose,
}

/// The plan of `steps` (at least two, in date order, on different dates)
/// on `timing`, ending on `end` if given. Steps out of order or on the same
/// date are `InvalidInput` on `steps[i].start`; an end before the last step
/// on `end`.
pub fn titration_plan(
    timing: &Timing,
    steps: &[StepEntry],
    end: Option<NaiveDate>,
) -> Result<DosingPlanInput> {
    if steps.len() < 2 {
        return Err(Error::invalid(
            "steps",
            "a titration or taper has at least two steps (one dose: `plan set`)",
        ));
    }
    for (i, pair) in steps.windows(2).enumerate() {
        if pair[1].start <= pair[0].start {
            return Err(Error::invalid(
                format!("steps[{}].start", i + 1),
                format!(
                    "steps go in date order: {} is not after {}",
                    pair[1].start, pair[0].start
                ),
            ));
        }
    }
    let last = steps.last().expect("two steps");
    if end.is_some_and(|e| e < last.start) {
        return Err(Error::invalid(
            "end",
            "the plan ends before its last step starts",
        ));
    }
    let out_steps = steps
        .iter()
        .enumerate()
        .map(|(i, s)| DoseStep {
            start: s.start,
            days: steps
                .get(i + 1)
                .map(|n| (n.start - s.start).num_days() as u32),
            dose: s.dose.clone(),
            slot_doses: Vec::new(),
            timing: timing.clone(),
        })
        .collect();
    let mut plan = DosingPlanInput::new(steps[0].dose.clone(), timing.clone());
    plan.start = Some(steps[0].start);
    plan.end = end;
    plan.steps = out_steps;
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::{compile::validate_plan, EventTiming};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn steps_follow_each_other_and_the_plan_validates() {
        let t = Timing::daily_when(&[EventTiming::Cm], None);
        let steps = [
            StepEntry {
                start: d("2027-03-01"),
                dose: Dose::new(25.0, "mg"),
            },
            StepEntry {
                start: d("2027-03-15"),
                dose: Dose::new(50.0, "mg"),
            },
        ];
        let p = titration_plan(&t, &steps, None).unwrap();
        assert_eq!(p.steps[0].days, Some(14));
        assert_eq!(p.steps[1].days, None);
        assert_eq!(p.start, Some(d("2027-03-01")));
        let id = "00000000-0000-4000-8000-000000000001";
        let mut plan = crate::schedule::DosingPlan::new(id, id, p.dose.clone(), p.timing.clone());
        plan.start = p.start;
        plan.steps = p.steps.clone();
        validate_plan(&plan).unwrap();
        // Out of order, or one step: refused, naming the step.
        let mut bad = steps.clone();
        bad.swap(0, 1);
        let e = titration_plan(&t, &bad, None).unwrap_err().to_string();
        assert!(e.contains("steps[1].start"), "{e}");
        assert!(titration_plan(&t, &steps[..1], None).is_err());
        assert!(titration_plan(&t, &steps, Some(d("2027-03-10"))).is_err());
    }
}
