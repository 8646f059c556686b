// Consent and sharing: who is on the care team, what each member may see
// (and until when), what a share would hold, and every disclosure made.
import CadenceBindings
import Foundation

/// One grant, as the consent screen lists it.
public struct GrantRow: Equatable, Identifiable {
    public let id: String
    public let kind: GrantKind
    public let categories: [ConsentCategory]
    public let dataFrom: LocalDate
    /// Open-ended (all data from `dataFrom` on) when nil.
    public let dataTo: LocalDate?
    /// Never expires when nil.
    public let expiresAt: Date?
    public let purpose: String
    public let status: GrantStatus
    public let grantedAt: Date
    public let revokedAt: Date?

    /// Shows a Revoke button.
    public var revocable: Bool { status == .active }

    /// The row for the core's grant.
    public static func from(_ g: ConsentGrant) throws -> GrantRow {
        GrantRow(id: g.id, kind: g.kind, categories: g.categories, dataFrom: try isoDate(g.dataFrom),
                 dataTo: try g.dataTo.map(isoDate), expiresAt: g.expiresAt, purpose: g.purpose, status: g.status,
                 grantedAt: g.grantedAt, revokedAt: g.revokedAt)
    }
}

/// One care-team member and what they may see.
public struct MemberSharing: Equatable, Identifiable {
    public var id: String { member.id }

    public let member: CareMember
    /// Active grants first, then revoked and expired (newest first).
    public let grants: [GrantRow]
    /// Categories the member may see now (union of active data grants).
    public let sharedNow: Set<ConsentCategory>
    /// Receives missed-dose alerts (an alert-only or dose-log grant).
    public let receivesAlerts: Bool
    /// The last time anything was disclosed to them.
    public let lastDisclosure: Date?
    /// Their paired sharing key (fingerprint to compare): the newest pairing,
    /// the one bundles are sealed for; nil: bundles cannot be sent yet.
    public let pairing: PairedKey?

    /// Paired, and the person confirmed the fingerprints match: files can go to this key.
    public var verified: Bool { pairing?.verifiedAt != nil }
}

/// The comparison that turns a pairing on, shown on both devices: the other
/// device's fingerprint as this one received it (they read theirs aloud, or
/// show it, from their own sharing code screen) and this device's own (they
/// check it against what they received). Two fingerprints, not one code
/// derived from both: each is 80 bits of a hash of one key, so an attacker
/// who swapped a key in transit would need a second preimage of that
/// fingerprint, not a collision between two codes (see the README's security
/// section).
public struct PairingCheck: Equatable {
    /// The pairing to confirm.
    public let pairingId: String
    /// The other device's fingerprint, as this device received their key.
    public let theirs: String
    /// This device's own fingerprint, for the other person to check.
    public let mine: String
    /// Already confirmed (when, or nil).
    public let verifiedAt: Date?

    /// The person says both match: sharing with the key is on.
    public func confirm(_ client: CadenceClient) throws -> PairedKey {
        try client.confirmPairing(pairingId, fingerprint: theirs)
    }

    /// The check for `pairing`, with this device's identity `mine`.
    public static func of(_ pairing: PairedKey, mine: ShareIdentity) -> PairingCheck {
        PairingCheck(pairingId: pairing.id, theirs: pairing.fingerprint, mine: mine.fingerprint, verifiedAt: pairing.verifiedAt)
    }
}

/// One line of the "who saw what" list.
public struct DisclosureRow: Equatable {
    public let memberName: String
    public let kind: DisclosureKind
    public let categories: [ConsentCategory]
    public let dataFrom: LocalDate?
    public let dataTo: LocalDate?
    public let records: Int
    public let at: Date
    /// SHA-256 of exactly what left the device.
    public let sha256: String
}

/// The consent & sharing screen.
public struct SharingState: Equatable {
    public let members: [MemberSharing]
    public let disclosures: [DisclosureRow]

    /// The screen's state, read from `client`.
    public static func load(_ client: CadenceClient) throws -> SharingState {
        let grants = Dictionary(grouping: try client.grants(), by: \.memberId)
        let audit = try client.auditLog()
        let keys = try client.pairedKeys().filter { $0.revokedAt == nil }
        let members = try client.careMembers().map { (m: CareMember) throws -> MemberSharing in
            let mine = (grants[m.id] ?? []).stableSorted { a, b in
                let aInactive = a.status != .active, bInactive = b.status != .active
                return aInactive != bInactive ? !aInactive : a.grantedAt > b.grantedAt
            }
            let active = mine.filter { $0.status == .active }
            return MemberSharing(
                member: m,
                grants: try mine.map(GrantRow.from),
                sharedNow: Set(active.filter { $0.kind == .data }.flatMap(\.categories)),
                receivesAlerts: try client.receivesMissedDoseAlerts(m.id),
                lastDisclosure: audit.filter { $0.memberId == m.id }.map(\.disclosedAt).max(),
                pairing: keys.first { $0.memberId == m.id } // the newest: bundles are sealed for it
            )
        }
        return SharingState(members: members, disclosures: try audit.map(disclosure))
    }

    /// What `memberId` would receive of `from`...`to` under their active
    /// grants right now, as record counts per category. Nothing is
    /// disclosed or logged; an empty map means a share would be empty.
    public static func preview(_ client: CadenceClient, memberId: String, from: LocalDate,
                               to: LocalDate) throws -> [ConsentCategory: Int] {
        var counts: [ConsentCategory: Int] = [:]
        for c in try client.disclosurePreview(memberId, from: from, to: to) where c.count > 0 {
            counts[c.category] = Int(c.count)
        }
        return counts
    }

    private static func disclosure(_ a: AuditEntry) throws -> DisclosureRow {
        DisclosureRow(memberName: a.memberName, kind: a.kind, categories: a.categories,
                      dataFrom: try a.dataFrom.map(isoDate), dataTo: try a.dataTo.map(isoDate),
                      records: Int(a.totalRecords), at: a.disclosedAt, sha256: a.sha256)
    }
}

/// A grant being set up: the member, the categories ticked, the period of
/// data and the expiry. Nothing is shared until `grant`.
public struct ConsentDraft: Equatable {
    public let memberId: String
    public let categories: Set<ConsentCategory>
    public let dataFrom: LocalDate
    public let dataTo: LocalDate?
    public let expiresAt: Date?
    public let purpose: String

    public init(_ memberId: String, categories: Set<ConsentCategory> = [], dataFrom: LocalDate, dataTo: LocalDate? = nil,
                expiresAt: Date? = nil, purpose: String = "") {
        self.memberId = memberId
        self.categories = categories
        self.dataFrom = dataFrom
        self.dataTo = dataTo
        self.expiresAt = expiresAt
        self.purpose = purpose
    }

    /// Ticks or unticks a category.
    public func toggle(_ category: ConsentCategory) -> ConsentDraft {
        var next = categories
        if next.contains(category) {
            next.remove(category)
        } else {
            next.insert(category)
        }
        return ConsentDraft(memberId, categories: next, dataFrom: dataFrom, dataTo: dataTo, expiresAt: expiresAt,
                            purpose: purpose)
    }

    /// The Grant button is enabled.
    public var canGrant: Bool { !categories.isEmpty }

    /// Grants it.
    public func grant(_ client: CadenceClient) throws -> GrantRow {
        guard canGrant else {
            throw CadenceClientError.invalidInput(field: "grant.categories", reason: "choose at least one category")
        }
        return try GrantRow.from(client.grant(memberId, categories: categories, dataFrom: dataFrom, dataTo: dataTo,
                                              expiresAt: expiresAt, purpose: purpose))
    }
}
