//! Read models that join the store with the pure engines: the Today view
//! and the supply forecast. Cost follows the window asked for, not the
//! length of the history (every lookup is by index).

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

use super::guidance::take_by_times;
use super::App;
use crate::error::Result;
use crate::guidance::catch_up::with_catch_ups;
use crate::model::Supply;
use crate::schedule::DoseOccurrence;
use crate::today::{build_today, needing_schedule, TodayView};

/// How far ahead the supply forecast looks.
pub(super) const SUPPLY_HORIZON_DAYS: i64 = 120;

impl App {
    /// Today's doses across medications, grouped by routine moment, with
    /// their status at `now` (the grace window of each comes from its
    /// medication's missed-dose rule).
    pub fn today_view(&self, now: DateTime<Utc>) -> Result<TodayView> {
        let ctx = self.store.schedule_context()?;
        let zone = ctx.zone_at(now);
        let date = now.with_timezone(&zone).date_naive();
        // Two days more so the last doses of today know their next dose.
        let all = ctx.occurrences(date, date + Duration::days(2))?;
        let rules = self.store.missed_dose_rules()?;
        // A dose taken since a missed one was its catch-up (pure rule).
        let since = all.first().map_or(now, |o| o.utc);
        let taken = self
            .store
            .taken_entries(since, now + Duration::seconds(1))?;
        let take_by: HashMap<String, DateTime<Utc>> = all
            .iter()
            .map(|o| o.id.to_string())
            .zip(with_catch_ups(
                &all,
                take_by_times(&all, &ctx.plans, &rules),
                &taken,
            ))
            .collect();
        let occurrences: Vec<DoseOccurrence> =
            all.into_iter().filter(|o| o.local_date == date).collect();
        let entries = self.store.logs_for(&occurrences)?;
        let medications = self.store.medications(false)?;
        let mut view = build_today(
            date,
            zone,
            occurrences,
            &entries,
            &medications,
            |o| take_by.get(o.id.as_str()).copied(),
            now,
        );
        view.needs_schedule = needing_schedule(date, &ctx.plans, &medications);
        // A prescribed range is worded as written ("1–2 tablets").
        for d in view.groups.iter_mut().flat_map(|g| g.doses.iter_mut()) {
            let o = &d.occurrence;
            let min = ctx
                .plans
                .iter()
                .find(|p| p.id == o.plan_id && p.version == o.plan_version)
                .and_then(|p| p.prescribed.as_ref()?.dose_min)
                .filter(|_| o.step.is_none());
            d.dose_text = crate::schedule::dose_words(&o.dose, min);
        }
        Ok(view)
    }

    /// The supply of a medication and when it runs out at its current
    /// schedule (looking up to 120 days ahead).
    pub fn supply_status(&self, medication_id: &str, now: DateTime<Utc>) -> Result<Option<Supply>> {
        let ctx = self.store.schedule_context()?;
        let today = now.with_timezone(&ctx.zone_at(now)).date_naive();
        let upcoming: Vec<DoseOccurrence> = ctx
            .occurrences(today, today + Duration::days(SUPPLY_HORIZON_DAYS))?
            .into_iter()
            .filter(|o| o.medication_id == medication_id && o.utc >= now)
            .collect();
        self.store.supply(medication_id, today, &upcoming)
    }
}
