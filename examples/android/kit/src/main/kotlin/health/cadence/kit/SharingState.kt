// Consent and sharing: who is on the care team, what each member may see
// (and until when), what a share would hold, and every disclosure made.
package health.cadence.kit

import health.cadence.core.AuditEntry
import health.cadence.core.CareMember
import health.cadence.core.ConsentCategory
import health.cadence.core.ConsentGrant
import health.cadence.core.DisclosureKind
import health.cadence.core.GrantKind
import health.cadence.core.GrantStatus
import health.cadence.core.PairedKey
import health.cadence.core.ShareIdentity
import java.time.Instant
import java.time.LocalDate

/** One grant, as the consent screen lists it. */
data class GrantRow(
    val id: String,
    val kind: GrantKind,
    val categories: List<ConsentCategory>,
    val dataFrom: LocalDate,
    /** Open-ended (all data from [dataFrom] on) when null. */
    val dataTo: LocalDate?,
    /** Never expires when null. */
    val expiresAt: Instant?,
    val purpose: String,
    val status: GrantStatus,
    val grantedAt: Instant,
    val revokedAt: Instant?,
) {
    /** Shows a Revoke button. */
    val revocable: Boolean get() = status == GrantStatus.ACTIVE

    companion object {
        /** The row for the core's grant. */
        fun from(g: ConsentGrant) = GrantRow(
            g.id, g.kind, g.categories, isoDate(g.dataFrom), g.dataTo?.let(::isoDate), g.expiresAt,
            g.purpose, g.status, g.grantedAt, g.revokedAt,
        )
    }
}

/** One care-team member and what they may see. */
data class MemberSharing(
    val member: CareMember,
    /** Active grants first, then revoked and expired (newest first). */
    val grants: List<GrantRow>,
    /** Categories the member may see now (union of active data grants). */
    val sharedNow: Set<ConsentCategory>,
    /** Receives missed-dose alerts (an alert-only or dose-log grant). */
    val receivesAlerts: Boolean,
    /** The last time anything was disclosed to them. */
    val lastDisclosure: Instant?,
    /**
     * Their paired sharing key (fingerprint to compare): the newest pairing,
     * the one bundles are sealed for; null: bundles cannot be sent yet.
     */
    val pairing: PairedKey?,
) {
    /** Paired, and the person confirmed the fingerprints match: files can go to this key. */
    val verified: Boolean get() = pairing?.verifiedAt != null
}

/**
 * The comparison that turns a pairing on, shown on both devices: the other
 * device's fingerprint as this one received it (they read theirs aloud, or
 * show it, from their own sharing code screen) and this device's own (they
 * check it against what they received). Two fingerprints, not one code
 * derived from both: each is 80 bits of a hash of one key, so an attacker
 * who swapped a key in transit would need a second preimage of that
 * fingerprint, not a collision between two codes (see the README's security
 * section).
 */
data class PairingCheck(
    /** The pairing to confirm. */
    val pairingId: String,
    /** The other device's fingerprint, as this device received their key. */
    val theirs: String,
    /** This device's own fingerprint, for the other person to check. */
    val mine: String,
    /** Already confirmed (when, or null). */
    val verifiedAt: Instant?,
) {
    /** The person says both match: sharing with the key is on. */
    fun confirm(client: CadenceClient): PairedKey = client.confirmPairing(pairingId, theirs)

    companion object {
        /** The check for [pairing], with this device's identity [mine]. */
        fun of(pairing: PairedKey, mine: ShareIdentity): PairingCheck =
            PairingCheck(pairing.id, pairing.fingerprint, mine.fingerprint, pairing.verifiedAt)
    }
}

/** One line of the "who saw what" list. */
data class DisclosureRow(
    val memberName: String,
    val kind: DisclosureKind,
    val categories: List<ConsentCategory>,
    val dataFrom: LocalDate?,
    val dataTo: LocalDate?,
    val records: Int,
    val at: Instant,
    /** SHA-256 of exactly what left the device. */
    val sha256: String,
)

/** The consent & sharing screen. */
data class SharingState(val members: List<MemberSharing>, val disclosures: List<DisclosureRow>) {
    companion object {
        /** The screen's state, read from [client]. */
        fun load(client: CadenceClient): SharingState {
            val grants = client.grants().groupBy { it.memberId }
            val audit = client.auditLog()
            val keys = client.pairedKeys().filter { it.revokedAt == null }
            val members = client.careMembers().map { m ->
                val mine = grants[m.id].orEmpty()
                    .sortedWith(compareBy<ConsentGrant> { it.status != GrantStatus.ACTIVE }.thenByDescending { it.grantedAt })
                val active = mine.filter { it.status == GrantStatus.ACTIVE }
                MemberSharing(
                    member = m,
                    grants = mine.map(GrantRow::from),
                    sharedNow = active.filter { it.kind == GrantKind.DATA }.flatMap { it.categories }.toSet(),
                    receivesAlerts = client.receivesMissedDoseAlerts(m.id),
                    lastDisclosure = audit.filter { it.memberId == m.id }.maxOfOrNull { it.disclosedAt },
                    pairing = keys.firstOrNull { it.memberId == m.id }, // the newest: bundles are sealed for it
                )
            }
            return SharingState(members, audit.map(::disclosure))
        }

        /**
         * What [memberId] would receive of [from]..[to] under their active
         * grants right now, as record counts per category. Nothing is
         * disclosed or logged; an empty map means a share would be empty.
         */
        fun preview(client: CadenceClient, memberId: String, from: LocalDate, to: LocalDate): Map<ConsentCategory, Int> =
            client.disclosurePreview(memberId, from, to).filter { it.count > 0u }.associate { it.category to it.count.toInt() }

        private fun disclosure(a: AuditEntry) = DisclosureRow(
            a.memberName, a.kind, a.categories, a.dataFrom?.let(::isoDate), a.dataTo?.let(::isoDate),
            a.totalRecords.toInt(), a.disclosedAt, a.sha256,
        )
    }
}

/**
 * A grant being set up: the member, the categories ticked, the period of
 * data and the expiry. Nothing is shared until [grant].
 */
data class ConsentDraft(
    val memberId: String,
    val categories: Set<ConsentCategory> = emptySet(),
    val dataFrom: LocalDate,
    val dataTo: LocalDate? = null,
    val expiresAt: Instant? = null,
    val purpose: String = "",
) {
    /** Ticks or unticks a category. */
    fun toggle(category: ConsentCategory): ConsentDraft =
        copy(categories = if (category in categories) categories - category else categories + category)

    /** The Grant button is enabled. */
    val canGrant: Boolean get() = categories.isNotEmpty()

    /** Grants it. */
    fun grant(client: CadenceClient): GrantRow {
        if (!canGrant) throw CadenceError.InvalidInput("grant.categories", "choose at least one category")
        return GrantRow.from(client.grant(memberId, categories, dataFrom, dataTo, expiresAt, purpose))
    }
}
