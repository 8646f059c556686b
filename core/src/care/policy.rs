//! The disclosure policy: the ONE function that decides what may leave the
//! device ([`disclose`]), a pure function of a [`Snapshot`], the viewer
//! (a member and their grants, or the client), the requested period and
//! `now`. It never sees the store.
//!
//! Consent semantics (README, "Consent"):
//! - deny by default: a record is disclosed only if an active data grant of
//!   the member covers the record's category AND its local date (grant data
//!   period ∩ requested period);
//! - each category uses only its own grants' periods, and so does
//!   everything derived from it; the previous window (for trends) travels
//!   only for a category whose grants cover every day of it;
//! - medication names only for medications a medication-list grant covers;
//! - a revoked grant is revoked for every `now`; a `now` earlier than the
//!   newest disclosure or revocation on record is refused (a clock set
//!   back);
//! - deleted medications, with their plans, logs and journal links, are
//!   never disclosed (they are not in a snapshot, and links to them are cut);
//! - private notes never leave: journal entries go through
//!   [`JournalEntry::for_sharing`], private note entries are dropped, and a
//!   shareable note's text is kept only when `shareable_notes` is granted for
//!   its date; dose-log notes are always blanked.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use sha2::{Digest, Sha256};

use super::audit::{AuditEntry, DisclosureKind};
use super::consent::{ConsentCategory, ConsentGrant, GrantKind};
use super::disclosure::{
    union_categories, Audience, DisclosedMedication, Disclosure, GrantScope, PreviousWindow,
};
use super::snapshot::{Snapshot, Viewer};
use super::team::{CareMember, ContactChannel, MemberRole};
use crate::analytics::previous_window;
use crate::error::{Error, Result};
use crate::journal::{EntryDetail, EntryKind, JournalEntry};
use crate::model::LogStatus;
use crate::schedule::DosingPlan;

/// The member id the client's own report is recorded under in the audit log.
pub const CLIENT_SELF_ID: &str = "self";

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

/// Whether a grant may be relied on at `now`: a data grant, given by then,
/// never revoked (whatever `now` says), not expired.
pub fn grant_in_force(g: &ConsentGrant, now: DateTime<Utc>) -> bool {
    g.revoked_at.is_none() && g.granted_at <= now && g.expires_at.is_none_or(|e| e > now)
}

/// The data days a grant covers at `now` (open-ended: up to today).
fn grant_span(g: &ConsentGrant, now: DateTime<Utc>) -> Option<(NaiveDate, NaiveDate)> {
    if g.kind != GrantKind::Data || !grant_in_force(g, now) {
        return None;
    }
    let end = g.data_to.unwrap_or(now.date_naive());
    (g.data_from <= end).then_some((g.data_from, end))
}

/// The scopes of the active data grants within `from..=to` at `now`.
pub fn scopes(
    grants: &[ConsentGrant],
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Vec<GrantScope> {
    grants
        .iter()
        .filter_map(|g| {
            let (start, end) = grant_span(g, now)?;
            let (start, end) = (start.max(from), end.min(to));
            (start <= end).then(|| GrantScope {
                grant_id: g.id.clone(),
                categories: g.categories.clone(),
                from: start,
                to: end,
                purpose: g.purpose.clone(),
            })
        })
        .collect()
}

/// Whether a grant allows missed-dose alerts at `now`: in force, and
/// alert-only or a data grant with the dose log (a revoked grant never).
fn allows_alerts(g: &ConsentGrant, now: DateTime<Utc>) -> bool {
    grant_in_force(g, now)
        && (g.kind == GrantKind::AlertOnly || g.categories.contains(&ConsentCategory::DoseLog))
}

/// Whether `member`'s grants allow missed-dose alerts at `now` (an
/// alert-only grant, or a data grant with the dose log), revoked grants
/// never.
pub fn may_receive_missed_dose_alerts(grants: &[ConsentGrant], now: DateTime<Utc>) -> bool {
    grants.iter().any(|g| allows_alerts(g, now))
}

/// Refuses a `now` earlier than the newest disclosure or revocation on
/// record: the clock was set back, and consent decided at such a `now`
/// could count a revoked grant again.
pub fn check_clock(watermark: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Result<()> {
    match watermark {
        Some(w) if now < w => Err(Error::invalid(
            "now",
            "is earlier than the last disclosure or revocation on record: check the device clock",
        )),
        _ => Ok(()),
    }
}

/// What `viewer` may see of local dates `from..=to`, decided at `now`.
///
/// `ConsentRequired` when no active data grant of the member covers any day
/// of the period; `InvalidInput { field: "now" }` for a clock set back.
pub fn disclose(
    s: &Snapshot,
    viewer: &Viewer,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Disclosure> {
    if to < from {
        return Err(Error::invalid("to", "must not be before `from`"));
    }
    check_clock(s.clock_watermark, now)?;
    let (audience, member, scopes) = match viewer {
        Viewer::Member { member, grants } => (
            Audience::Member,
            member.clone(),
            scopes(grants, from, to, now),
        ),
        Viewer::Client => (
            Audience::Client,
            client_member(&s.client_name, now),
            vec![everything(from, to)],
        ),
    };
    if scopes.is_empty() {
        return Err(Error::ConsentRequired);
    }
    let categories = union_categories(&scopes);
    let lo = scopes.iter().map(|g| g.from).min().unwrap_or(from);
    let hi = scopes.iter().map(|g| g.to).max().unwrap_or(to);
    // The window before the disclosed one (for trends), and what covers it.
    let prev = previous_window(lo, hi);
    let raw = match viewer {
        Viewer::Member { grants, .. } => self::scopes(grants, prev.0, prev.1, now),
        Viewer::Client => vec![everything(prev.0, prev.1)],
    };
    let mut d = Disclosure {
        audience,
        member,
        grants: scopes,
        categories,
        from: lo,
        to: hi,
        decided_at: now,
        zone: Some(s.zone),
        medications: vec![],
        scheduled: vec![],
        dose_log: vec![],
        refills: vec![],
        mood: vec![],
        side_effects: vec![],
        questionnaires: vec![],
        substance_use: vec![],
        goal_check_ins: vec![],
        notes: vec![],
        goals: vec![],
        care_plan: None,
        care_team: vec![],
        previous: None,
    };
    let known: BTreeSet<&str> = s.medications.iter().map(|m| m.id.as_str()).collect();
    fill_medications(s, &mut d);
    let covers = |d: &Disclosure, c: ConsentCategory, date: NaiveDate| d.covers(c, date);
    // The dose log: what was due and what was done, on covered days only.
    d.scheduled = s
        .occurrences
        .iter()
        .filter(|o| known.contains(o.medication_id.as_str()))
        .filter(|o| covers(&d, ConsentCategory::DoseLog, o.local_date))
        .cloned()
        .collect();
    d.dose_log = s
        .logs
        .iter()
        .filter(|l| l.entry.status != LogStatus::Undone)
        .filter(|l| known.contains(l.entry.medication_id.as_str()))
        .filter(|l| covers(&d, ConsentCategory::DoseLog, l.date))
        .map(|l| {
            let mut e = l.entry.clone();
            e.note.clear();
            e
        })
        .collect();
    d.refills = s
        .refills
        .iter()
        .filter(|r| known.contains(r.medication_id.as_str()))
        .filter(|r| match audience {
            Audience::Client => r.on <= to,
            Audience::Member => covers(&d, ConsentCategory::DoseLog, r.on),
        })
        .cloned()
        .collect();
    for entry in &s.journal {
        if let Some(shared) = shared_entry(
            &d,
            entry,
            &known,
            d.covers(category_of(entry.kind), entry.local_date),
        ) {
            match category_of(entry.kind) {
                ConsentCategory::Mood => d.mood.push(shared),
                ConsentCategory::SideEffects => d.side_effects.push(shared),
                ConsentCategory::Questionnaires => d.questionnaires.push(shared),
                ConsentCategory::SubstanceUse => d.substance_use.push(shared),
                ConsentCategory::Goals => d.goal_check_ins.push(shared),
                ConsentCategory::ShareableNotes => d.notes.push(shared),
                _ => {}
            }
        }
    }
    if d.has(ConsentCategory::Goals) {
        d.goals = s
            .goals
            .iter()
            .filter(|g| g.created_at.date_naive() <= d.to)
            .cloned()
            .collect();
    }
    if d.has(ConsentCategory::CarePlan) {
        d.care_plan = s.care_plan.clone();
        let named: BTreeSet<&str> = s.care_plan.iter().flat_map(|p| p.member_ids()).collect();
        d.care_team = s
            .care_team
            .iter()
            .filter(|m| audience == Audience::Client || named.contains(m.id.as_str()))
            .cloned()
            .collect();
    }
    d.previous = previous(s, &d, &raw, prev, &known);
    Ok(d)
}

/// The client's own view: every category over `from..=to`.
fn everything(from: NaiveDate, to: NaiveDate) -> GrantScope {
    GrantScope {
        grant_id: CLIENT_SELF_ID.into(),
        categories: ConsentCategory::ALL.to_vec(),
        from,
        to,
        purpose: "your own report".into(),
    }
}

/// The client as the audience of their own report.
fn client_member(name: &str, now: DateTime<Utc>) -> CareMember {
    CareMember {
        id: CLIENT_SELF_ID.into(),
        name: if name.trim().is_empty() {
            "You".into()
        } else {
            name.to_string()
        },
        role: MemberRole::Other,
        channel: ContactChannel::InPerson,
        contact: String::new(),
        notes: String::new(),
        created_at: now,
        updated_at: now,
    }
}

/// The entry as it may leave under `d`, or `None`: private notes never; a
/// note's text only with `shareable_notes` for its date; links to
/// medications that are not in the snapshot (deleted) cut.
fn shared_entry(
    d: &Disclosure,
    entry: &JournalEntry,
    known: &BTreeSet<&str>,
    covered: bool,
) -> Option<JournalEntry> {
    if entry.is_private_note() || !covered {
        return None;
    }
    let mut shared = entry.for_sharing();
    if !d.covers(ConsentCategory::ShareableNotes, entry.local_date) {
        shared.note.clear();
    }
    if let EntryDetail::SideEffect { side_effect } = &mut shared.detail {
        side_effect
            .medication_ids
            .retain(|id| known.contains(id.as_str()));
    }
    Some(shared)
}

fn fill_medications(s: &Snapshot, d: &mut Disclosure) {
    if !d.has(ConsentCategory::MedicationList) {
        return;
    }
    for m in &s.medications {
        let start = m.started_on.unwrap_or(NaiveDate::MIN);
        let end = m.stopped_on.unwrap_or(NaiveDate::MAX);
        let covered = |a: NaiveDate, b: NaiveDate| {
            a <= b
                && d.grants
                    .iter()
                    .any(|g| g.overlaps(ConsentCategory::MedicationList, a, b))
        };
        if !covered(start, end) {
            continue;
        }
        let plans: Vec<DosingPlan> = s
            .plans
            .iter()
            .filter(|p| p.medication_id == m.id)
            .filter(|p| {
                covered(
                    p.start.unwrap_or(NaiveDate::MIN).max(start),
                    p.end.unwrap_or(NaiveDate::MAX).min(end),
                )
            })
            .cloned()
            .collect();
        d.medications.push(DisclosedMedication {
            medication: m.clone(),
            plans,
        });
    }
}

/// The previous window's records of each category whose grants (`raw`,
/// clipped to that window) cover every day of it.
fn previous(
    s: &Snapshot,
    d: &Disclosure,
    raw: &[GrantScope],
    (pfrom, pto): (NaiveDate, NaiveDate),
    known: &BTreeSet<&str>,
) -> Option<PreviousWindow> {
    const TREND: [ConsentCategory; 4] = [
        ConsentCategory::DoseLog,
        ConsentCategory::Mood,
        ConsentCategory::SideEffects,
        ConsentCategory::Questionnaires,
    ];
    let whole = |c: ConsentCategory| {
        let mut day = pfrom;
        while day <= pto {
            if !raw.iter().any(|g| g.covers(c, day)) {
                return false;
            }
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
        true
    };
    let categories: Vec<ConsentCategory> = TREND
        .into_iter()
        .filter(|c| d.has(*c) && whole(*c))
        .collect();
    if categories.is_empty() {
        return None;
    }
    let has = |c| categories.contains(&c);
    let in_prev = |date: NaiveDate| pfrom <= date && date <= pto;
    let mut p = PreviousWindow {
        from: pfrom,
        to: pto,
        categories: categories.clone(),
        scheduled: vec![],
        dose_log: vec![],
        mood: vec![],
        side_effects: vec![],
        questionnaires: vec![],
    };
    if has(ConsentCategory::DoseLog) {
        p.scheduled = s
            .occurrences
            .iter()
            .filter(|o| known.contains(o.medication_id.as_str()) && in_prev(o.local_date))
            .cloned()
            .collect();
        p.dose_log = s
            .logs
            .iter()
            .filter(|l| l.entry.status != LogStatus::Undone && in_prev(l.date))
            .filter(|l| known.contains(l.entry.medication_id.as_str()))
            .map(|l| {
                let mut e = l.entry.clone();
                e.note.clear();
                e
            })
            .collect();
    }
    for entry in &s.journal {
        let c = category_of(entry.kind);
        if !has(c) || !in_prev(entry.local_date) {
            continue;
        }
        if let Some(mut shared) = shared_entry(d, entry, known, true) {
            shared.note.clear();
            match c {
                ConsentCategory::Mood => p.mood.push(shared),
                ConsentCategory::SideEffects => p.side_effects.push(shared),
                ConsentCategory::Questionnaires => p.questionnaires.push(shared),
                _ => {}
            }
        }
    }
    Some(p)
}

/// The audit entry of a missed-dose alert sent to `member`: refused unless a
/// grant in force allows alerts at `now` (a revoked grant never does) or
/// when the clock was set back. An alert says only that `doses` doses due
/// at one time on `date` are unlogged: no names, no other data.
pub fn alert_audit(
    member: &CareMember,
    grants: &[ConsentGrant],
    doses: u32,
    date: NaiveDate,
    message: &str,
    watermark: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<AuditEntry> {
    check_clock(watermark, now)?;
    let used: Vec<String> = grants
        .iter()
        .filter(|g| allows_alerts(g, now))
        .map(|g| g.id.clone())
        .collect();
    if used.is_empty() {
        return Err(Error::ConsentRequired);
    }
    Ok(AuditEntry {
        id: String::new(),
        member_id: member.id.clone(),
        member_name: member.name.clone(),
        member_role: member.role,
        kind: DisclosureKind::MissedDoseAlert,
        grant_ids: used,
        categories: Vec::new(),
        data_from: Some(date),
        data_to: Some(date),
        record_counts: Vec::new(),
        total_records: doses,
        sha256: sha256_hex(message.as_bytes()),
        disclosed_at: now,
    })
}

/// SHA-256 of `bytes`, lower-case hex (for the audit log).
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The audit entry of a disclosure: who, which categories and which days of
/// each, how many records, when, and the hash of what left the device.
pub fn audit_entry(
    d: &Disclosure,
    kind: DisclosureKind,
    sha256_hex: &str,
    now: DateTime<Utc>,
) -> AuditEntry {
    let record_counts = d.record_counts();
    let total = record_counts.iter().map(|c| c.count).sum();
    let lo = record_counts
        .iter()
        .flat_map(|c| c.periods.iter().map(|p| p.from))
        .min()
        .unwrap_or(d.from);
    let hi = record_counts
        .iter()
        .flat_map(|c| c.periods.iter().map(|p| p.to))
        .max()
        .unwrap_or(d.to);
    AuditEntry {
        id: String::new(),
        member_id: d.member.id.clone(),
        member_name: d.member.name.clone(),
        member_role: d.member.role,
        kind,
        grant_ids: d.grants.iter().map(|g| g.grant_id.clone()).collect(),
        categories: d.categories.clone(),
        data_from: Some(lo),
        data_to: Some(hi),
        record_counts,
        total_records: total,
        sha256: sha256_hex.to_ascii_lowercase(),
        disclosed_at: now,
    }
}
