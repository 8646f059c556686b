//! Analytics and report API of the `Cadence` object: adherence statistics
//! for any window, the self-contained HTML clinician report, and a short
//! plain-text summary for a message.

use chrono::{DateTime, NaiveDate, Utc};

use cadence_core::analytics::{Stats, StatsOptions, DEFAULT_TIMING_WINDOW_MINUTES};

use crate::error::{call, CadenceError};
use crate::facade::{now_or_clock, Cadence};

#[uniffi::export]
impl Cadence {
    /// Adherence statistics of the local dates `from..=to` (at most 5
    /// years): taking, correct-dosing and timing adherence, days covered,
    /// streaks, drug holidays, patterns, barriers, as-needed use, the trend
    /// against the previous window, dose changes, milestones and the
    /// efficacy timeline. `timing_window_minutes`: a dose is on time within
    /// ± this (default 120).
    #[uniffi::method(default(now = None, timing_window_minutes = None))]
    pub fn stats(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        now: Option<DateTime<Utc>>,
        timing_window_minutes: Option<u32>,
    ) -> Result<Stats, CadenceError> {
        call(|| {
            let options = StatsOptions {
                timing_window_minutes: timing_window_minutes
                    .unwrap_or(DEFAULT_TIMING_WINDOW_MINUTES)
                    .min(24 * 60),
            };
            self.app.stats(from, to, now_or_clock(now), &options)
        })
    }

    /// The clinician report of `from..=to` as one self-contained HTML page
    /// (no external assets, no script; prints cleanly). Only notes the
    /// person marked shareable appear.
    #[uniffi::method(default(now = None))]
    pub fn report_html(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        now: Option<DateTime<Utc>>,
    ) -> Result<String, CadenceError> {
        call(|| self.app.report_html(from, to, now_or_clock(now)))
    }

    /// A plain-text summary of `from..=to`, short enough for a message.
    #[uniffi::method(default(now = None))]
    pub fn report_text(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        now: Option<DateTime<Utc>>,
    ) -> Result<String, CadenceError> {
        call(|| self.app.report_text(from, to, now_or_clock(now)))
    }
}
