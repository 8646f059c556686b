//! Streaks (consecutive days with every due dose taken) and drug holidays
//! (runs of 2 or more due days without any dose taken: 2, 3 and 4+ days).
//!
//! Days with no dose due neither extend nor break a streak; they end a
//! holiday run (a planned pause is not a holiday). Today, while doses are
//! still ahead, does not break the current streak.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::doses::DayAdherence;

/// Current and longest streak.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Streaks {
    /// Days in a row up to today with every due dose taken.
    pub current_days: u32,
    /// The longest run in the window.
    pub longest_days: u32,
    /// The last day of the longest run.
    pub longest_ended_on: Option<NaiveDate>,
}

/// Drug holidays by length.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HolidayCounts {
    /// Gaps of exactly 2 days.
    pub two_days: u32,
    /// Gaps of exactly 3 days.
    pub three_days: u32,
    /// Gaps of 4 days or more.
    pub four_or_more_days: u32,
    /// The longest gap, in days (0: none of 2 or more).
    pub longest_days: u32,
}

/// Streaks over a calendar (oldest first) that ends on or before `today`.
pub fn streaks(days: &[DayAdherence], today: NaiveDate) -> Streaks {
    let mut longest = 0;
    let mut ended = None;
    let mut run = 0;
    for d in days.iter().filter(|d| d.due > 0) {
        if d.complete {
            run += 1;
            if run > longest {
                longest = run;
                ended = Some(d.date);
            }
        } else if d.date != today {
            run = 0;
        }
    }
    let mut current = 0;
    for d in days.iter().rev().filter(|d| d.due > 0) {
        if d.complete {
            current += 1;
        } else if d.date != today {
            break;
        }
    }
    Streaks {
        current_days: current,
        longest_days: longest,
        longest_ended_on: ended,
    }
}

/// The gaps of 2 or more due days without any dose: (first day, length),
/// oldest first.
pub fn gaps(days: &[DayAdherence]) -> Vec<(NaiveDate, u32)> {
    let mut out = Vec::new();
    let mut run: Option<(NaiveDate, u32)> = None;
    for d in days {
        if d.due > 0 && d.taken == 0 {
            run = Some(match run {
                Some((s, n)) => (s, n + 1),
                None => (d.date, 1),
            });
        } else if let Some(r) = run.take() {
            out.push(r);
        }
    }
    out.extend(run);
    out.retain(|(_, n)| *n >= 2);
    out
}

/// Holidays over a calendar (oldest first).
pub fn holidays(days: &[DayAdherence]) -> HolidayCounts {
    let mut out = HolidayCounts {
        two_days: 0,
        three_days: 0,
        four_or_more_days: 0,
        longest_days: 0,
    };
    for (_, n) in gaps(days) {
        match n {
            2 => out.two_days += 1,
            3 => out.three_days += 1,
            _ => out.four_or_more_days += 1,
        }
        out.longest_days = out.longest_days.max(n);
    }
    out
}
