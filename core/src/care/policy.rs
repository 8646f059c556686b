//! The disclosure policy: the ONE function that decides what may leave the
//! device for a care-team member. Share bundles and FHIR exports are built
//! from a [`Disclosure`] and read nothing else.
//!
//! Deny by default. A record is in a disclosure only if an active grant
//! (not revoked, not expired at `now`) of that member covers the record's
//! category AND its local date (grant data period ∩ requested period).
//! Private notes never leave: journal entries go through
//! [`JournalEntry::for_sharing`], private note entries are dropped, and a
//! shareable note's text is kept only when `shareable_notes` is granted for
//! its date. Dose-log notes carry no shareable flag and are always blanked.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::audit::{AuditEntry, CategoryCount, DisclosureKind};
use super::consent::{ConsentCategory, ConsentGrant, GrantKind};
use super::plan::CarePlan;
use super::team::CareMember;
use crate::error::{Error, Result};
use crate::journal::{EntryKind, Goal, JournalEntry, JournalQuery};
use crate::model::{DoseLogEntry, LogStatus, Medication};
use crate::schedule::DosingPlan;
use crate::store::Store;

/// The part of one grant a disclosure relies on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantScope {
    /// The grant (id).
    pub grant_id: String,
    /// Its categories.
    pub categories: Vec<ConsentCategory>,
    /// First data day covered (grant period ∩ requested period).
    pub from: NaiveDate,
    /// Last data day covered.
    pub to: NaiveDate,
    /// Its purpose.
    pub purpose: String,
}

impl GrantScope {
    fn covers(&self, category: ConsentCategory, date: NaiveDate) -> bool {
        self.categories.contains(&category) && self.from <= date && date <= self.to
    }

    fn overlaps(&self, category: ConsentCategory, from: NaiveDate, to: NaiveDate) -> bool {
        self.categories.contains(&category) && self.from <= to && from <= self.to
    }
}

/// A medication with the plan versions that applied in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisclosedMedication {
    /// The medication.
    pub medication: Medication,
    /// Its dosing plan versions overlapping the covered period.
    pub plans: Vec<DosingPlan>,
}

/// Everything a member may see for a period, decided at `now`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Disclosure {
    /// The member.
    pub member: CareMember,
    /// The grants used, each with the period it covers.
    pub grants: Vec<GrantScope>,
    /// The categories granted (union, sorted).
    pub categories: Vec<ConsentCategory>,
    /// First data day covered by any grant.
    pub from: NaiveDate,
    /// Last data day covered by any grant.
    pub to: NaiveDate,
    /// When the policy was applied.
    pub decided_at: DateTime<Utc>,
    /// Medications and plans (`medication_list`).
    pub medications: Vec<DisclosedMedication>,
    /// Dose log entries (`dose_log`), oldest first, notes blanked.
    pub dose_log: Vec<DoseLogEntry>,
    /// Mood check-ins (`mood`), oldest first.
    pub mood: Vec<JournalEntry>,
    /// Side effects (`side_effects`).
    pub side_effects: Vec<JournalEntry>,
    /// PHQ-9 / GAD-7 (`questionnaires`).
    pub questionnaires: Vec<JournalEntry>,
    /// Substance use (`substance_use`).
    pub substance_use: Vec<JournalEntry>,
    /// Goal check-ins (`goals`).
    pub goal_check_ins: Vec<JournalEntry>,
    /// Note entries marked shareable (`shareable_notes`).
    pub notes: Vec<JournalEntry>,
    /// Goals (`goals`).
    pub goals: Vec<Goal>,
    /// The care plan (`care_plan`).
    pub care_plan: Option<CarePlan>,
}

impl Disclosure {
    /// Whether a grant used here covers `category` on `date`.
    pub fn covers(&self, category: ConsentCategory, date: NaiveDate) -> bool {
        self.grants.iter().any(|g| g.covers(category, date))
    }

    /// Whether `category` is granted at all.
    pub fn has(&self, category: ConsentCategory) -> bool {
        self.categories.contains(&category)
    }

    /// Records per granted category (goals count definitions + check-ins).
    pub fn record_counts(&self) -> Vec<CategoryCount> {
        self.categories
            .iter()
            .map(|&category| {
                let n = match category {
                    ConsentCategory::MedicationList => self.medications.len(),
                    ConsentCategory::DoseLog => self.dose_log.len(),
                    ConsentCategory::Mood => self.mood.len(),
                    ConsentCategory::SideEffects => self.side_effects.len(),
                    ConsentCategory::Questionnaires => self.questionnaires.len(),
                    ConsentCategory::SubstanceUse => self.substance_use.len(),
                    ConsentCategory::Goals => self.goals.len() + self.goal_check_ins.len(),
                    ConsentCategory::ShareableNotes => self.notes.len(),
                    ConsentCategory::CarePlan => usize::from(self.care_plan.is_some()),
                };
                CategoryCount {
                    category,
                    count: u32::try_from(n).unwrap_or(u32::MAX),
                }
            })
            .collect()
    }

    /// Every journal entry disclosed, whatever its kind.
    pub fn journal_entries(&self) -> impl Iterator<Item = &JournalEntry> {
        self.mood
            .iter()
            .chain(&self.side_effects)
            .chain(&self.questionnaires)
            .chain(&self.substance_use)
            .chain(&self.goal_check_ins)
            .chain(&self.notes)
    }
}

/// The category a journal entry belongs to.
pub fn category_of(kind: EntryKind) -> ConsentCategory {
    match kind {
        EntryKind::Mood => ConsentCategory::Mood,
        EntryKind::SideEffect => ConsentCategory::SideEffects,
        EntryKind::Substance => ConsentCategory::SubstanceUse,
        EntryKind::Questionnaire => ConsentCategory::Questionnaires,
        EntryKind::GoalCheckIn => ConsentCategory::Goals,
        EntryKind::Note => ConsentCategory::ShareableNotes,
    }
}

fn consent_required() -> Error {
    Error::ConsentRequired
}

/// The scopes of the member's active data grants within `from..=to` at `now`.
pub fn scopes(
    grants: &[ConsentGrant],
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Vec<GrantScope> {
    grants
        .iter()
        .filter_map(|g| {
            let (start, end) = g.covered_period(from, to, now)?;
            Some(GrantScope {
                grant_id: g.id.clone(),
                categories: g.categories.clone(),
                from: start,
                to: end,
                purpose: g.purpose.clone(),
            })
        })
        .collect()
}

/// What `member_id` may see of local dates `from..=to`, decided at `now`.
///
/// Fails with `InvalidInput { field: "member_id" }` (to become
/// `ConsentRequired`) when no active data grant of the member covers any day
/// of the period, and `NotFound` for an unknown member.
pub fn disclosure(
    store: &Store,
    member_id: &str,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Disclosure> {
    if to < from {
        return Err(Error::invalid("to", "must not be before `from`"));
    }
    let member = store.care_member(member_id)?;
    let grants = store.consent_grants(Some(&member.id), now)?;
    let scopes = scopes(&grants, from, to, now);
    if scopes.is_empty() {
        return Err(consent_required());
    }
    let categories: Vec<ConsentCategory> = scopes
        .iter()
        .flat_map(|s| s.categories.iter().copied())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let lo = scopes.iter().map(|s| s.from).min().unwrap_or(from);
    let hi = scopes.iter().map(|s| s.to).max().unwrap_or(to);
    let mut d = Disclosure {
        member,
        grants: scopes,
        categories,
        from: lo,
        to: hi,
        decided_at: now,
        medications: vec![],
        dose_log: vec![],
        mood: vec![],
        side_effects: vec![],
        questionnaires: vec![],
        substance_use: vec![],
        goal_check_ins: vec![],
        notes: vec![],
        goals: vec![],
        care_plan: None,
    };
    fill_medications(store, &mut d)?;
    fill_dose_log(store, &mut d)?;
    fill_journal(store, &mut d)?;
    if d.has(ConsentCategory::Goals) {
        d.goals = store
            .goals(true)?
            .into_iter()
            .filter(|g| g.created_at.date_naive() <= d.to)
            .collect();
    }
    if d.has(ConsentCategory::CarePlan) {
        d.care_plan = store.care_plan()?;
    }
    Ok(d)
}

fn fill_medications(store: &Store, d: &mut Disclosure) -> Result<()> {
    if !d.has(ConsentCategory::MedicationList) {
        return Ok(());
    }
    let context = store.history_context()?;
    let far_past = NaiveDate::MIN;
    let far_future = NaiveDate::MAX;
    for m in store.medications(true)? {
        let start = m.started_on.unwrap_or(far_past);
        let end = m.stopped_on.unwrap_or(far_future);
        let plans: Vec<DosingPlan> = context
            .plans
            .iter()
            .filter(|p| p.medication_id == m.id)
            .filter(|p| {
                let ps = p.start.unwrap_or(far_past).max(start);
                let pe = p.end.unwrap_or(far_future).min(end);
                ps <= pe
                    && d.grants
                        .iter()
                        .any(|g| g.overlaps(ConsentCategory::MedicationList, ps, pe))
            })
            .cloned()
            .collect();
        let span_covered = start <= end
            && d.grants
                .iter()
                .any(|g| g.overlaps(ConsentCategory::MedicationList, start, end));
        if span_covered {
            d.medications.push(DisclosedMedication {
                medication: m,
                plans,
            });
        }
    }
    Ok(())
}

fn fill_dose_log(store: &Store, d: &mut Disclosure) -> Result<()> {
    if !d.has(ConsentCategory::DoseLog) {
        return Ok(());
    }
    let context = store.history_context()?;
    // Local dates differ from UTC ones by at most 14 h: a day of margin.
    let start = d
        .from
        .and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_utc().checked_sub_signed(Duration::days(1)));
    let end =
        d.to.and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_utc().checked_add_signed(Duration::days(2)));
    let (Some(start), Some(end)) = (start, end) else {
        return Ok(());
    };
    for mut e in store.logs_between(start, end)? {
        let date = match (e.local_date, e.taken_at.or(e.scheduled_at)) {
            (Some(date), _) => date,
            (None, Some(at)) => at.with_timezone(&context.zone_at(at)).date_naive(),
            (None, None) => continue,
        };
        if e.status != LogStatus::Undone && d.covers(ConsentCategory::DoseLog, date) {
            e.note.clear();
            d.dose_log.push(e);
        }
    }
    Ok(())
}

fn fill_journal(store: &Store, d: &mut Disclosure) -> Result<()> {
    let kinds: Vec<EntryKind> = EntryKind::ALL
        .into_iter()
        .filter(|k| d.has(category_of(*k)))
        .collect();
    if kinds.is_empty() {
        return Ok(());
    }
    let mut query = JournalQuery {
        from: Some(d.from),
        to: Some(d.to),
        kinds,
        limit: 200,
        ..JournalQuery::default()
    };
    let mut all = Vec::new();
    loop {
        let page = store.journal_entries(&query)?;
        all.extend(page.entries);
        match page.next_cursor {
            Some(c) => query.cursor = Some(c),
            None => break,
        }
    }
    all.reverse(); // oldest first
    for entry in all {
        if entry.is_private_note() {
            continue;
        }
        let category = category_of(entry.kind);
        if !d.covers(category, entry.local_date) {
            continue;
        }
        let mut shared = entry.for_sharing();
        if !d.covers(ConsentCategory::ShareableNotes, entry.local_date) {
            shared.note.clear();
        }
        match category {
            ConsentCategory::Mood => d.mood.push(shared),
            ConsentCategory::SideEffects => d.side_effects.push(shared),
            ConsentCategory::Questionnaires => d.questionnaires.push(shared),
            ConsentCategory::SubstanceUse => d.substance_use.push(shared),
            ConsentCategory::Goals => d.goal_check_ins.push(shared),
            ConsentCategory::ShareableNotes => d.notes.push(shared),
            _ => {}
        }
    }
    Ok(())
}

/// Whether `member_id` holds an active grant (alert-only or data) that
/// allows missed-dose alerts at `now`.
pub fn may_receive_missed_dose_alerts(
    store: &Store,
    member_id: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let member = store.care_member(member_id)?;
    Ok(store
        .consent_grants(Some(&member.id), now)?
        .iter()
        .any(|g| {
            g.is_active(now)
                && (g.kind == GrantKind::AlertOnly
                    || g.categories.contains(&ConsentCategory::DoseLog))
        }))
}

/// SHA-256 of `bytes`, lower-case hex (for the audit log).
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Records a disclosure in the audit log: who, which categories, which
/// period, how many records, when, and the hash of what left the device.
pub fn record_disclosure(
    store: &Store,
    d: &Disclosure,
    kind: DisclosureKind,
    sha256_hex: &str,
    now: DateTime<Utc>,
) -> Result<AuditEntry> {
    let record_counts = d.record_counts();
    let total = record_counts.iter().map(|c| c.count).sum();
    store.append_audit_entry(AuditEntry {
        id: String::new(),
        member_id: d.member.id.clone(),
        member_name: d.member.name.clone(),
        member_role: d.member.role,
        kind,
        grant_ids: d.grants.iter().map(|g| g.grant_id.clone()).collect(),
        categories: d.categories.clone(),
        data_from: Some(d.from),
        data_to: Some(d.to),
        record_counts,
        total_records: total,
        sha256: sha256_hex.to_ascii_lowercase(),
        disclosed_at: now,
    })
}
