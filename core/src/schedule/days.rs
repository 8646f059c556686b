//! Which local dates are dose days: calendar periods from an anchor date
//! (days, weeks, months, years) and the day rules beyond FHIR.

use chrono::{Datelike, Months, NaiveDate};

use super::compile::DaySel;
use super::timing::DayRule;

impl DaySel {
    /// True if `date` is a dose day.
    pub(crate) fn selects(&self, date: NaiveDate) -> bool {
        match self {
            DaySel::Every {
                anchor,
                period_days,
                offsets,
            } => {
                if *period_days == 1 {
                    return anchor.is_none_or(|a| date >= a);
                }
                let Some(a) = anchor else { return false };
                let diff = (date - *a).num_days();
                diff >= 0
                    && offsets
                        .binary_search(&((diff % i64::from(*period_days)) as u32))
                        .is_ok()
            }
            DaySel::Weeks {
                anchor_monday,
                every,
                mask,
            } => {
                let wd = date.weekday().num_days_from_monday();
                if mask & (1 << wd) == 0 {
                    return false;
                }
                match anchor_monday {
                    None => true,
                    Some(m) => {
                        let weeks = (date - *m).num_days().div_euclid(7);
                        weeks >= 0 && weeks % i64::from(*every) == 0
                    }
                }
            }
            DaySel::Months { anchor, months, k } => months_selects(*anchor, *months, *k, date),
            DaySel::Rule(rule) => rule_selects(rule, date),
        }
    }
}

fn add_months(d: NaiveDate, m: u32) -> Option<NaiveDate> {
    d.checked_add_months(Months::new(m))
}

fn months_selects(anchor: NaiveDate, months: u32, k: u32, date: NaiveDate) -> bool {
    if date < anchor {
        return false;
    }
    let elapsed = (date.year() - anchor.year()) * 12 + date.month() as i32 - anchor.month() as i32;
    let mut idx = (elapsed.max(0) as u32) / months;
    // Period starts are computed from the anchor each time (no drift after a
    // short month); step back once if the clamped start is after `date`.
    let mut start = match add_months(anchor, idx * months) {
        Some(s) => s,
        None => return false,
    };
    if start > date {
        if idx == 0 {
            return false;
        }
        idx -= 1;
        start = match add_months(anchor, idx * months) {
            Some(s) => s,
            None => return false,
        };
    }
    let Some(end) = add_months(anchor, (idx + 1) * months) else {
        return false;
    };
    let len = (end - start).num_days() as u64;
    let i = (date - start).num_days() as u64;
    if k == 1 {
        return i == 0;
    }
    // Offsets are floor(j * len / k); find the j that could give i.
    let j = (i * u64::from(k)).div_ceil(len);
    j < u64::from(k) && j * len / u64::from(k) == i
}

fn rule_selects(rule: &DayRule, date: NaiveDate) -> bool {
    match rule {
        DayRule::Cycle {
            start,
            days_on,
            days_off,
        } => {
            let diff = (date - *start).num_days();
            diff >= 0 && diff % i64::from(days_on + days_off) < i64::from(*days_on)
        }
        DayRule::EveryNDays { start, every } => {
            let diff = (date - *start).num_days();
            diff >= 0 && diff % i64::from(*every) == 0
        }
        DayRule::DaysOfMonth { days } => {
            let dom = date.day();
            let last = last_day_of_month(date);
            days.iter().any(|&d| {
                let d = u32::from(d);
                d == dom || (d > last && dom == last)
            })
        }
    }
}

fn last_day_of_month(d: NaiveDate) -> u32 {
    let first = d.with_day(1).expect("day 1 exists");
    let next = add_months(first, 1).expect("in range");
    (next - first).num_days() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn monthly_periods_clamp_without_drift() {
        let a = d(2027, 1, 31);
        let days: Vec<_> = (0..400)
            .map(|i| a + chrono::Days::new(i))
            .filter(|x| months_selects(a, 1, 1, *x))
            .collect();
        assert_eq!(
            &days[..4],
            &[
                d(2027, 1, 31),
                d(2027, 2, 28),
                d(2027, 3, 31),
                d(2027, 4, 30)
            ]
        );
        // Twice a month: start and middle of each month-long period.
        let a = d(2027, 1, 1);
        let days: Vec<_> = (0..59)
            .map(|i| a + chrono::Days::new(i))
            .filter(|x| months_selects(a, 1, 2, *x))
            .collect();
        assert_eq!(
            days,
            vec![d(2027, 1, 1), d(2027, 1, 16), d(2027, 2, 1), d(2027, 2, 15)]
        );
    }

    #[test]
    fn day_rules_select_the_documented_days() {
        let c = DayRule::Cycle {
            start: d(2027, 1, 1),
            days_on: 21,
            days_off: 7,
        };
        assert!(rule_selects(&c, d(2027, 1, 21)));
        assert!(!rule_selects(&c, d(2027, 1, 22)));
        assert!(!rule_selects(&c, d(2027, 1, 28)));
        assert!(rule_selects(&c, d(2027, 1, 29)));
        assert!(!rule_selects(&c, d(2026, 12, 31)));
        let e = DayRule::EveryNDays {
            start: d(2027, 1, 1),
            every: 3,
        };
        assert!(rule_selects(&e, d(2027, 1, 4)) && !rule_selects(&e, d(2027, 1, 5)));
        let m = DayRule::DaysOfMonth { days: vec![15, 31] };
        assert!(rule_selects(&m, d(2027, 2, 28)) && rule_selects(&m, d(2027, 2, 15)));
        assert!(!rule_selects(&m, d(2027, 3, 30)) && rule_selects(&m, d(2027, 3, 31)));
        assert!(rule_selects(&m, d(2028, 2, 29)) && !rule_selects(&m, d(2028, 2, 28)));
    }

    #[test]
    fn weeks_count_from_the_anchor_week() {
        let sel = DaySel::Weeks {
            anchor_monday: Some(d(2027, 3, 1)),
            every: 2,
            mask: 0b0000101,
        };
        assert!(sel.selects(d(2027, 3, 1)) && sel.selects(d(2027, 3, 3)));
        assert!(!sel.selects(d(2027, 3, 8)) && sel.selects(d(2027, 3, 15)));
        assert!(!sel.selects(d(2027, 2, 15)));
    }
}
