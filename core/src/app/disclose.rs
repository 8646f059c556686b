//! Use cases: every disclosure — the FHIR export, the report and the
//! statistics, the preview of what a member would see, and who may receive
//! missed-dose alerts.

use chrono::{DateTime, NaiveDate, Utc};

use super::App;
use crate::analytics::{Stats, StatsOptions};
use crate::care::{self, policy, CategoryCount, DisclosureKind};
use crate::error::Result;
use crate::report;

impl App {
    /// How many records per category `member_id` would receive for
    /// `from..=to` at `now` (nothing is disclosed or audited).
    pub fn disclosure_preview(
        &self,
        member_id: &str,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Vec<CategoryCount>> {
        Ok(policy::disclosure(&self.store, member_id, from, to, now)?.record_counts())
    }

    /// Whether `member_id` holds an active grant that allows missed-dose
    /// alerts at `now`.
    pub fn receives_missed_dose_alerts(&self, member_id: &str, now: DateTime<Utc>) -> Result<bool> {
        policy::may_receive_missed_dose_alerts(&self.store, member_id, now)
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
        let d = policy::disclosure(&self.store, member_id, from, to, now)?;
        let json = care::fhir::export_json(&d, now);
        let hash = policy::sha256_hex(json.as_bytes());
        policy::record_disclosure(&self.store, &d, DisclosureKind::FhirExport, &hash, now)?;
        Ok(json)
    }

    /// Adherence statistics of `from..=to`.
    pub fn stats(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
        options: &StatsOptions,
    ) -> Result<Stats> {
        report::stats(&self.store, from, to, now, options)
    }

    /// The clinician report of `from..=to` as a self-contained HTML page.
    pub fn report_html(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<String> {
        report::html_report(&self.store, from, to, now)
    }

    /// The short plain-text summary of `from..=to`.
    pub fn report_text(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<String> {
        report::text_report(&self.store, from, to, now)
    }
}
