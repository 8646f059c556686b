//! Days covered (PDC, Pharmacy Quality Alliance): days covered by refills
//! with a days' supply / days in the period. A refill picked up while the
//! previous one still lasts starts when it runs out (overlap shifted
//! forward). The period runs from the later of the window start and the day
//! the medication was started, to the earlier of the window end and today.

use chrono::Duration;

use super::input::StatsInput;
use crate::model::Medication;

/// Days covered / days in the period, percent; `None` without a refill that
/// has a days' supply, or when the period is empty.
pub fn days_covered_percent(input: &StatsInput, medication: &Medication) -> Option<f64> {
    let mut refills: Vec<_> = input
        .refills
        .iter()
        .filter(|r| r.medication_id == medication.id && r.on <= input.to)
        .filter_map(|r| r.days_supply.map(|d| (r.on, d)))
        .collect();
    if refills.is_empty() {
        return None;
    }
    refills.sort();
    let start = match medication.started_on {
        Some(s) if s > input.from => s,
        _ => input.from,
    };
    let end = input.to.min(input.today());
    if end < start {
        return None;
    }
    let period = (end - start).num_days() + 1;
    let mut covered = 0i64;
    // `next_free`: the first day not yet covered by an earlier refill.
    let mut next_free = refills[0].0;
    for (on, days) in refills {
        let begin = on.max(next_free);
        let stop = begin + Duration::days(i64::from(days));
        let (a, b) = (begin.max(start), stop.min(end + Duration::days(1)));
        if b > a {
            covered += (b - a).num_days();
        }
        next_free = stop;
    }
    Some(covered as f64 * 100.0 / period as f64)
}
