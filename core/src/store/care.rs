//! Care team, care plan, consent grants and the disclosure audit log.
//! The rules live in `crate::care`; this module loads and saves. Grants are
//! never deleted (revocation is a timestamp: the grant history); the audit
//! log is append-only.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::{check_id, from_ms, new_id, to_ms, Store};
use crate::error::{corrupt_value, CorruptValue, Error, RecordKind, Result};
use crate::model::{
    AuditEntry, CareMember, CareMemberInput, CarePlan, CarePlanInput, ConsentCategory,
    ConsentGrant, ConsentGrantInput, ContactChannel, DisclosureKind, GrantKind, GrantStatus,
    MemberRole,
};

const MEMBER_COLUMNS: &str = "id, name, role, channel, contact, notes, created_at, updated_at";
const GRANT_COLUMNS: &str =
    "id, member_id, kind, categories, data_from, data_to, expires_at, purpose, granted_at, revoked_at";
const AUDIT_COLUMNS: &str =
    "id, member_id, member_name, member_role, kind, grant_ids, categories, \
     data_from, data_to, record_counts, total_records, sha256, disclosed_at";

// Until the error type names these records, a missing one is reported as
// invalid input on the id field (no personal data).
fn member_not_found() -> Error {
    Error::not_found(RecordKind::CareMember)
}

fn grant_not_found() -> Error {
    Error::not_found(RecordKind::ConsentGrant)
}

fn date(table: &'static str, column: &'static str, s: &str) -> Result<NaiveDate, CorruptValue> {
    s.parse::<NaiveDate>()
        .map_err(|_| corrupt_value(table, column))
}

fn member_from_row(r: &Row<'_>) -> rusqlite::Result<CareMember> {
    let role: String = r.get(2)?;
    let channel: String = r.get(3)?;
    Ok(CareMember {
        id: r.get(0)?,
        name: r.get(1)?,
        role: MemberRole::from_code("role", &role)
            .map_err(|_| corrupt_value("care_member", "role"))?,
        channel: ContactChannel::from_code("channel", &channel)
            .map_err(|_| corrupt_value("care_member", "channel"))?,
        contact: r.get(4)?,
        notes: r.get(5)?,
        created_at: from_ms(r.get(6)?)?,
        updated_at: from_ms(r.get(7)?)?,
    })
}

fn categories_from(table: &'static str, s: &str) -> Result<Vec<ConsentCategory>, CorruptValue> {
    s.split(',')
        .filter(|c| !c.is_empty())
        .map(|c| {
            ConsentCategory::from_code("categories", c)
                .map_err(|_| corrupt_value(table, "categories"))
        })
        .collect()
}

fn categories_to(c: &[ConsentCategory]) -> String {
    c.iter().map(|c| c.code()).collect::<Vec<_>>().join(",")
}

fn grant_from_row(r: &Row<'_>) -> rusqlite::Result<ConsentGrant> {
    let kind: String = r.get(2)?;
    let categories: String = r.get(3)?;
    let data_from: String = r.get(4)?;
    let data_to: Option<String> = r.get(5)?;
    let expires_at: Option<i64> = r.get(6)?;
    let revoked_at: Option<i64> = r.get(9)?;
    Ok(ConsentGrant {
        id: r.get(0)?,
        member_id: r.get(1)?,
        kind: GrantKind::from_stored(&kind).ok_or(corrupt_value("consent_grant", "kind"))?,
        categories: categories_from("consent_grant", &categories)?,
        data_from: date("consent_grant", "data_from", &data_from)?,
        data_to: data_to
            .map(|d| date("consent_grant", "data_to", &d))
            .transpose()?,
        expires_at: expires_at.map(from_ms).transpose()?,
        purpose: r.get(7)?,
        granted_at: from_ms(r.get(8)?)?,
        revoked_at: revoked_at.map(from_ms).transpose()?,
        status: GrantStatus::Active,
    })
}

fn audit_from_row(r: &Row<'_>) -> rusqlite::Result<AuditEntry> {
    let role: String = r.get(3)?;
    let kind: String = r.get(4)?;
    let grant_ids: String = r.get(5)?;
    let categories: String = r.get(6)?;
    let data_from: Option<String> = r.get(7)?;
    let data_to: Option<String> = r.get(8)?;
    let counts: String = r.get(9)?;
    Ok(AuditEntry {
        id: r.get(0)?,
        member_id: r.get(1)?,
        member_name: r.get(2)?,
        member_role: MemberRole::from_code("role", &role)
            .map_err(|_| corrupt_value("disclosure_audit", "member_role"))?,
        kind: DisclosureKind::from_stored(&kind)
            .ok_or(corrupt_value("disclosure_audit", "kind"))?,
        grant_ids: serde_json::from_str(&grant_ids)
            .map_err(|_| corrupt_value("disclosure_audit", "grant_ids"))?,
        categories: categories_from("disclosure_audit", &categories)?,
        data_from: data_from
            .map(|d| date("disclosure_audit", "data_from", &d))
            .transpose()?,
        data_to: data_to
            .map(|d| date("disclosure_audit", "data_to", &d))
            .transpose()?,
        record_counts: serde_json::from_str(&counts)
            .map_err(|_| corrupt_value("disclosure_audit", "record_counts"))?,
        total_records: r.get(10)?,
        sha256: r.get(11)?,
        disclosed_at: from_ms(r.get(12)?)?,
    })
}

fn get_member(tx: &Transaction<'_>, id: &str) -> Result<CareMember> {
    tx.query_row(
        &format!("SELECT {MEMBER_COLUMNS} FROM care_member WHERE id = ?1 AND deleted_at IS NULL"),
        [id],
        member_from_row,
    )
    .optional()?
    .ok_or_else(member_not_found)
}

fn get_grant(tx: &Transaction<'_>, id: &str, now: DateTime<Utc>) -> Result<ConsentGrant> {
    let mut g = tx
        .query_row(
            &format!("SELECT {GRANT_COLUMNS} FROM consent_grant WHERE id = ?1"),
            [id],
            grant_from_row,
        )
        .optional()?
        .ok_or_else(grant_not_found)?;
    g.status = g.status_at(now);
    Ok(g)
}

fn canonical(field: &str, id: &str) -> Result<String> {
    check_id(field, id.trim())?;
    Ok(id.trim().to_ascii_lowercase())
}

impl Store {
    /// Adds a member to the care team.
    pub fn add_care_member(
        &self,
        input: &CareMemberInput,
        now: DateTime<Utc>,
    ) -> Result<CareMember> {
        let m = input.normalised()?;
        let id = new_id();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO care_member (id, name, role, channel, contact, notes, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                params![id, m.name, m.role.code(), m.channel.code(), m.contact, m.notes, to_ms(now)],
            )?;
            get_member(tx, &id)
        })
    }

    /// Edits a member.
    pub fn update_care_member(
        &self,
        id: &str,
        input: &CareMemberInput,
        now: DateTime<Utc>,
    ) -> Result<CareMember> {
        let id = canonical("member_id", id)?;
        let m = input.normalised()?;
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE care_member SET name = ?2, role = ?3, channel = ?4, contact = ?5,
                    notes = ?6, updated_at = ?7 WHERE id = ?1 AND deleted_at IS NULL",
                params![
                    id,
                    m.name,
                    m.role.code(),
                    m.channel.code(),
                    m.contact,
                    m.notes,
                    to_ms(now)
                ],
            )?;
            if n == 0 {
                return Err(member_not_found());
            }
            get_member(tx, &id)
        })
    }

    /// Removes a member; every grant of theirs still in force is revoked at
    /// `now` in the same transaction (the history and audit log stay).
    pub fn remove_care_member(&self, id: &str, now: DateTime<Utc>) -> Result<()> {
        let id = canonical("member_id", id)?;
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE care_member SET deleted_at = ?2, updated_at = ?2
                 WHERE id = ?1 AND deleted_at IS NULL",
                params![id, to_ms(now)],
            )?;
            if n == 0 {
                return Err(member_not_found());
            }
            tx.execute(
                "UPDATE consent_grant SET revoked_at = ?2 WHERE member_id = ?1 AND revoked_at IS NULL",
                params![id, to_ms(now)],
            )?;
            Ok(())
        })
    }

    /// One member.
    pub fn care_member(&self, id: &str) -> Result<CareMember> {
        let id = canonical("member_id", id)?;
        self.read(|tx| get_member(tx, &id))
    }

    /// The care team, oldest first.
    pub fn care_members(&self) -> Result<Vec<CareMember>> {
        self.read(care_members_in)
    }

    /// Sets (replaces) the care plan. Members it names must exist.
    pub fn set_care_plan(&self, input: &CarePlanInput, now: DateTime<Utc>) -> Result<CarePlan> {
        input.validate()?;
        self.write(|tx| {
            let version: u32 = tx
                .query_row("SELECT version FROM care_plan WHERE id = 1", [], |r| {
                    r.get(0)
                })
                .optional()?
                .unwrap_or(0);
            let plan = CarePlan {
                goals: input.goals.iter().map(|g| g.trim().to_string()).collect(),
                responsibilities: input.responsibilities.clone(),
                indicators: input.indicators.clone(),
                escalation_paths: input.escalation_paths.clone(),
                review_on: input.review_on,
                version: version + 1,
                updated_at: now,
            };
            for id in plan.member_ids() {
                get_member(tx, &canonical("care_plan.member_id", id)?)?;
            }
            tx.execute(
                "INSERT INTO care_plan (id, spec, version, updated_at) VALUES (1, ?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET spec = ?1, version = ?2, updated_at = ?3",
                params![serde_json::to_string(&plan)?, plan.version, to_ms(now)],
            )?;
            Ok(plan)
        })
    }

    /// The care plan, if one was set.
    pub fn care_plan(&self) -> Result<Option<CarePlan>> {
        self.read(care_plan_in)
    }

    /// Grants consent to a member (who must exist).
    pub fn grant_consent(
        &self,
        input: &ConsentGrantInput,
        now: DateTime<Utc>,
    ) -> Result<ConsentGrant> {
        let g = input.normalised(now)?;
        let member_id = canonical("consent.member_id", &g.member_id)?;
        let id = new_id();
        self.write(|tx| {
            get_member(tx, &member_id)?;
            tx.execute(
                &format!("INSERT INTO consent_grant ({GRANT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL)"),
                params![
                    id,
                    member_id,
                    g.kind.code(),
                    categories_to(&g.categories),
                    g.data_from.to_string(),
                    g.data_to.map(|d| d.to_string()),
                    g.expires_at.map(to_ms),
                    g.purpose,
                    to_ms(now)
                ],
            )?;
            get_grant(tx, &id, now)
        })
    }

    /// Revokes a grant at once (kept in the history). Revoking a grant that
    /// is already revoked keeps its first revocation time.
    pub fn revoke_consent(&self, grant_id: &str, now: DateTime<Utc>) -> Result<ConsentGrant> {
        let id = canonical("grant_id", grant_id)?;
        self.write(|tx| {
            get_grant(tx, &id, now)?;
            tx.execute(
                "UPDATE consent_grant SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
                params![id, to_ms(now)],
            )?;
            get_grant(tx, &id, now)
        })
    }

    /// The grant history (all grants, or one member's), newest first, each
    /// with its status at `now`.
    pub fn consent_grants(
        &self,
        member_id: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Vec<ConsentGrant>> {
        let member_id = member_id.map(|m| canonical("member_id", m)).transpose()?;
        self.read(|tx| grants_in(tx, member_id.as_deref(), now))
    }

    /// Appends an entry to the audit log (the use cases of disclosure call
    /// this, once per disclosure).
    pub(crate) fn append_audit_entry(&self, entry: AuditEntry) -> Result<AuditEntry> {
        self.write(|tx| insert_audit_in(tx, entry))
    }

    /// The audit log ("who saw what"), newest first.
    pub fn audit_log(&self) -> Result<Vec<AuditEntry>> {
        self.read(|tx| {
            let mut stmt = tx.prepare(&format!(
                "SELECT {AUDIT_COLUMNS} FROM disclosure_audit ORDER BY disclosed_at DESC, id"
            ))?;
            let rows = stmt.query_map([], audit_from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}

/// The care team, oldest first.
pub(crate) fn care_members_in(tx: &Transaction<'_>) -> Result<Vec<CareMember>> {
    let mut stmt = tx.prepare(&format!(
        "SELECT {MEMBER_COLUMNS} FROM care_member WHERE deleted_at IS NULL
                 ORDER BY created_at, id"
    ))?;
    let rows = stmt.query_map([], member_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The care plan, if one was set.
pub(crate) fn care_plan_in(tx: &Transaction<'_>) -> Result<Option<CarePlan>> {
    let spec: Option<String> = tx
        .query_row("SELECT spec FROM care_plan WHERE id = 1", [], |r| r.get(0))
        .optional()?;
    Ok(spec
        .map(|s| serde_json::from_str(&s).map_err(|_| corrupt_value("care_plan", "spec")))
        .transpose()?)
}

/// One member's grants (or every grant), newest first, each with its status
/// at `now`.
pub(crate) fn grants_in(
    tx: &Transaction<'_>,
    member_id: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Vec<ConsentGrant>> {
    let mut stmt = tx.prepare(&format!(
        "SELECT {GRANT_COLUMNS} FROM consent_grant WHERE (?1 IS NULL OR member_id = ?1)
         ORDER BY granted_at DESC, id"
    ))?;
    let rows = stmt.query_map([member_id], grant_from_row)?;
    let mut out: Vec<ConsentGrant> = rows.collect::<rusqlite::Result<_>>()?;
    for g in &mut out {
        g.status = g.status_at(now);
    }
    Ok(out)
}

/// One member (not removed).
pub(crate) fn member_in(tx: &Transaction<'_>, id: &str) -> Result<CareMember> {
    get_member(tx, &canonical("member_id", id)?)
}

/// The newest instant the file recorded a disclosure or a revocation: a
/// disclosure decided at an earlier `now` means the clock was set back.
pub(crate) fn clock_watermark_in(tx: &Transaction<'_>) -> Result<Option<DateTime<Utc>>> {
    let ms: Option<i64> = tx.query_row(
        "SELECT max(t) FROM (SELECT max(disclosed_at) AS t FROM disclosure_audit
                             UNION ALL SELECT max(revoked_at) FROM consent_grant)",
        [],
        |r| r.get(0),
    )?;
    Ok(ms.map(from_ms).transpose()?)
}

/// Appends `entry` (a new id is given) to the append-only audit log.
pub(crate) fn insert_audit_in(tx: &Transaction<'_>, mut entry: AuditEntry) -> Result<AuditEntry> {
    entry.id = new_id();
    tx.execute(
        &format!(
            "INSERT INTO disclosure_audit ({AUDIT_COLUMNS})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
        ),
        params![
            entry.id,
            entry.member_id,
            entry.member_name,
            entry.member_role.code(),
            entry.kind.code(),
            serde_json::to_string(&entry.grant_ids)?,
            categories_to(&entry.categories),
            entry.data_from.map(|d| d.to_string()),
            entry.data_to.map(|d| d.to_string()),
            serde_json::to_string(&entry.record_counts)?,
            entry.total_records,
            entry.sha256,
            to_ms(entry.disclosed_at)
        ],
    )?;

    Ok(entry)
}

/// Purge: care-team members deleted earlier. One no grant refers to is
/// removed; one the consent history still names (grants are never deleted)
/// keeps only its id and role: name, contact and notes are blanked. (The
/// audit log keeps the name each disclosure went to: that record is what
/// the log is for, and it is append-only.) Returns how many were purged.
pub(crate) fn purge_members(tx: &Transaction<'_>) -> Result<u64> {
    let removed = tx.execute(
        "DELETE FROM care_member WHERE deleted_at IS NOT NULL
           AND id NOT IN (SELECT member_id FROM consent_grant)",
        [],
    )?;
    let blanked = tx.execute(
        "UPDATE care_member SET name = '', contact = '', notes = ''
         WHERE deleted_at IS NOT NULL AND (name <> '' OR contact <> '' OR notes <> '')",
        [],
    )?;
    Ok((removed + blanked) as u64)
}
