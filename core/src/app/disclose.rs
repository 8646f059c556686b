//! Use cases: every disclosure. Each loads a [`Snapshot`] of the period in
//! one read, asks the pure policy for the [`Disclosure`], renders it (FHIR,
//! report, statistics) and, when it leaves the device, writes the audit
//! entry — exactly which categories and days left — in one write.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use super::App;
use crate::analytics::{self, previous_window, Refill, Stats, StatsOptions};
use crate::care::policy::{self, audit_entry, sha256_hex};
use crate::care::{
    fhir, AuditEntry, CategoryCount, DatedLog, Disclosure, DisclosureKind, Snapshot, Viewer,
};
use crate::error::Result;
use crate::report;
use crate::schedule::MAX_WINDOW_DAYS;
use crate::store::{PeriodQuery, PeriodRows};

/// Whether the clock check applies: everything that leaves the device (and
/// its preview) refuses a clock set back; the person's own in-app figures
/// do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clock {
    Checked,
    InApp,
}

impl App {
    /// Loads the snapshot of `from..=to` (and the window before it, for
    /// trends) for `member_id` (or the client) in one read, and expands the
    /// schedule over the days the viewer could be granted.
    fn snapshot(
        &self,
        member_id: Option<&str>,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
        clock: Clock,
    ) -> Result<(Snapshot, Viewer)> {
        if to < from {
            return Err(crate::Error::invalid("to", "must not be before `from`"));
        }
        let (prev_from, _) = previous_window(from, to);
        // Local dates differ from UTC ones by at most 14 h (26 h between two
        // zones after travel): two days of margin either side.
        let rows: PeriodRows = self.store.load_period(&PeriodQuery {
            from: prev_from,
            to,
            logs_from: prev_from.and_time(NaiveTime::MIN).and_utc() - Duration::days(2),
            logs_to: to.and_time(NaiveTime::MIN).and_utc() + Duration::days(3),
            member_id: member_id.map(str::to_string),
            now,
        })?;
        let ctx = rows.context;
        let zone = ctx.zone_at(now);
        let viewer = match rows.member {
            Some((member, grants)) => Viewer::Member { member, grants },
            None => Viewer::Client,
        };
        // Expand only the days some grant in force could cover.
        let (lo, hi) = match &viewer {
            Viewer::Client => (prev_from, to),
            Viewer::Member { grants, .. } => {
                let live: Vec<_> = grants
                    .iter()
                    .filter(|g| policy::grant_in_force(g, now))
                    .collect();
                let lo = live.iter().map(|g| g.data_from).min().unwrap_or(to);
                let hi = live
                    .iter()
                    .map(|g| g.data_to.unwrap_or(now.date_naive()))
                    .max()
                    .unwrap_or(prev_from);
                (lo.max(prev_from), hi.min(to))
            }
        };
        let mut occurrences = Vec::new();
        let mut start = lo;
        while start <= hi {
            let end = (start + Duration::days(MAX_WINDOW_DAYS - 1)).min(hi);
            occurrences.extend(ctx.occurrences(start, end)?);
            start = end + Duration::days(1);
        }
        let dates: HashMap<&str, NaiveDate> = occurrences
            .iter()
            .map(|o| (o.id.as_str(), o.local_date))
            .collect();
        let mut logs = Vec::with_capacity(rows.logs.len());
        for entry in rows.logs {
            let date = entry.local_date.or_else(|| {
                entry
                    .occurrence_id
                    .as_deref()
                    .and_then(|id| dates.get(id).copied())
            });
            let date = match (date, entry.taken_at.or(entry.scheduled_at)) {
                (Some(date), _) => date,
                (None, Some(at)) => at.with_timezone(&ctx.zone_at(at)).date_naive(),
                (None, None) => continue,
            };
            logs.push(DatedLog { entry, date });
        }
        let refills = rows
            .refills
            .into_iter()
            .map(|r| Refill {
                on: r.at.with_timezone(&zone).date_naive(),
                medication_id: r.medication_id,
                days_supply: r.days_supply,
            })
            .filter(|r| r.on <= to)
            .collect();
        let snapshot = Snapshot {
            from: prev_from,
            to,
            zone,
            client_name: rows.profile.map(|p| p.display_name).unwrap_or_default(),
            medications: rows.medications,
            plans: ctx.plans,
            occurrences,
            logs,
            refills,
            journal: rows.journal,
            goals: rows.goals,
            care_plan: rows.care_plan,
            care_team: rows.care_team,
            clock_watermark: match clock {
                Clock::Checked => rows.clock_watermark,
                Clock::InApp => None,
            },
        };
        Ok((snapshot, viewer))
    }

    /// The disclosure to `member_id` (or, with `None`, to the client) of
    /// `from..=to` at `now`.
    fn disclosure(
        &self,
        member_id: Option<&str>,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
        clock: Clock,
    ) -> Result<Disclosure> {
        if member_id.is_none() {
            analytics::disclosed::validate_window(from, to)?;
        }
        let (snapshot, viewer) = self.snapshot(member_id, from, to, now, clock)?;
        policy::disclose(&snapshot, &viewer, from, to, now)
    }

    /// What `member_id` may see of `from..=to` at `now`, decided by the
    /// policy (nothing is disclosed or audited): for previews and tests.
    pub fn disclosure_for(
        &self,
        member_id: &str,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Disclosure> {
        self.disclosure(Some(member_id), from, to, now, Clock::Checked)
    }

    /// Records that `d` left the device as `kind` with these bytes.
    pub(crate) fn audit(
        &self,
        d: &Disclosure,
        kind: DisclosureKind,
        bytes: &[u8],
        now: DateTime<Utc>,
    ) -> Result<AuditEntry> {
        self.store
            .append_audit_entry(audit_entry(d, kind, &sha256_hex(bytes), now))
    }

    /// How many records per category `member_id` would receive for
    /// `from..=to` at `now`, with the days of each (nothing is disclosed or
    /// audited).
    pub fn disclosure_preview(
        &self,
        member_id: &str,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Vec<CategoryCount>> {
        Ok(self
            .disclosure_for(member_id, from, to, now)?
            .record_counts())
    }

    /// Whether `member_id` holds a grant in force that allows missed-dose
    /// alerts at `now` (a revoked grant never does).
    pub fn receives_missed_dose_alerts(&self, member_id: &str, now: DateTime<Utc>) -> Result<bool> {
        let member = self.store.care_member(member_id)?;
        let grants = self.store.consent_grants(Some(&member.id), now)?;
        Ok(policy::may_receive_missed_dose_alerts(&grants, now))
    }

    /// The FHIR R4 bundle of what `member_id` may see of `from..=to`,
    /// recorded in the audit log.
    pub fn fhir_export(
        &self,
        member_id: &str,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<String> {
        let d = self.disclosure_for(member_id, from, to, now)?;
        let json = fhir::export_json(&d, now);
        self.audit(&d, DisclosureKind::FhirExport, json.as_bytes(), now)?;
        Ok(json)
    }

    /// The person's adherence statistics of `from..=to` (in the app; nothing
    /// leaves the device).
    pub fn stats(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
        options: &StatsOptions,
    ) -> Result<Stats> {
        let d = self.disclosure(None, from, to, now, Clock::InApp)?;
        Ok(report::stats_of(&d, options))
    }

    /// The clinician report of `from..=to` as a self-contained HTML page: a
    /// disclosure to the client, audited as a report (it goes to the share
    /// sheet).
    pub fn report_html(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<String> {
        self.own_report(from, to, now, report::html_of)
    }

    /// The short plain-text summary of `from..=to`, audited as a report.
    pub fn report_text(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<String> {
        self.own_report(from, to, now, report::text_of)
    }

    /// The client's own report rendered by `render`, audited as a report.
    fn own_report(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
        render: fn(&Disclosure) -> String,
    ) -> Result<String> {
        let d = self.disclosure(None, from, to, now, Clock::Checked)?;
        let page = render(&d);
        self.audit(&d, DisclosureKind::Report, page.as_bytes(), now)?;
        Ok(page)
    }
}
