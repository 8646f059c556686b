// The Kotlin face of the Cadence core: one AutoCloseable client, java.time at
// its surface, typed errors, and the app's clock passed to every call.
package health.cadence.kit

import health.cadence.Cadence
import health.cadence.CadenceException
import health.cadence.ClientBundleView
import health.cadence.ImportedMedication
import health.cadence.MedicationWithPlan
import health.cadence.newBackupRecoveryKey
import health.cadence.core.AuditEntry
import health.cadence.core.BackupInfo
import health.cadence.core.CareMember
import health.cadence.core.CareMemberInput
import health.cadence.core.CategoryCount
import health.cadence.core.ConsentCategory
import health.cadence.core.ConsentGrant
import health.cadence.core.ConsentGrantInput
import health.cadence.core.DayKind
import health.cadence.core.DeliveryCheck
import health.cadence.core.DeliveryReport
import health.cadence.core.Difficulty
import health.cadence.core.DoseAction
import health.cadence.core.DoseLogEntry
import health.cadence.core.DoseOccurrence
import health.cadence.core.DosingPlan
import health.cadence.core.DosingPlanInput
import health.cadence.core.EntryDetail
import health.cadence.core.ExportedBundle
import health.cadence.core.GrantKind
import health.cadence.core.Guidance
import health.cadence.core.ImportOutcome
import health.cadence.core.Instrument
import health.cadence.core.JournalEntryInput
import health.cadence.core.JournalPage
import health.cadence.core.JournalQuery
import health.cadence.core.LoggedEntry
import health.cadence.core.Medication
import health.cadence.core.MedicineOverview
import health.cadence.core.MedicationInput
import health.cadence.core.MissedDoseRule
import health.cadence.core.Mood
import health.cadence.core.PairedKey
import health.cadence.core.Profile
import health.cadence.core.ProfileInput
import health.cadence.core.QuestionnaireAnswers
import health.cadence.core.ReminderDiff
import health.cadence.core.ReminderPlan
import health.cadence.core.Routine
import health.cadence.core.RoutineEvent
import health.cadence.core.RoutineTime
import health.cadence.core.Severity
import health.cadence.core.SideEffect
import health.cadence.core.ShareClient
import health.cadence.core.ShareIdentity
import health.cadence.core.SkipReason
import health.cadence.core.SnoozedDose
import health.cadence.core.Supply
import health.cadence.core.Symptom
import health.cadence.core.SyncApplied
import health.cadence.core.SyncDevice
import health.cadence.core.SyncFileOut
import health.cadence.core.SyncStatus
import health.cadence.core.TodayView
import java.nio.file.Path
import java.time.Clock
import java.time.Instant
import java.time.LocalDate
import java.time.LocalTime
import java.time.ZoneId
import java.util.concurrent.atomic.AtomicBoolean

/**
 * One person's Cadence, opened from a database file.
 *
 * Calls are synchronous and touch SQLite: make them off the main thread
 * (a background executor or `Dispatchers.IO`). The client is safe to share
 * between threads. Close it with `use {}` or [close]; a call after closing
 * throws [CadenceError.Closed]. Every call passes [clock]'s instant as the
 * core's `now`, so tests (and "what if" previews) control time.
 *
 * Errors are [CadenceError]s; nothing else escapes a call.
 */
class CadenceClient private constructor(
    private val core: Cadence,
    /** The clock every call reads "now" from. */
    val clock: Clock,
) : AutoCloseable {

    private val closed = AtomicBoolean(false)
    private val routineLock = Any()

    companion object {
        /** Keys are 32 random bytes (SQLCipher raw key), kept by the OS key store. */
        const val KEY_BYTES = 32

        /**
         * Opens (creating if needed) the encrypted database at [path]. [key]
         * is the 32-byte database key from Android Keystore / the iOS
         * Keychain; it is required (the apps never open a plain file). A
         * wrong key, or a plain file, is [CadenceError.WrongKey] and leaves
         * the file untouched.
         */
        fun open(path: Path, key: ByteArray, clock: Clock = Clock.systemUTC()): CadenceClient =
            CadenceClient(call { Cadence.open(path.toString(), key) }, clock)

        /**
         * A new backup recovery key: twelve common words (96 random bits),
         * the default secret of a backup. Show it once for the person to
         * write down, then pass it to [backupTo]; on restore it may be typed
         * back in any case and spacing.
         */
        fun newRecoveryKey(): String = call { newBackupRecoveryKey() }

        private inline fun <T> call(body: () -> T): T =
            try {
                body()
            } catch (e: CadenceException) {
                throw CadenceError.from(e)
            }
    }

    /** The instant the client treats as now. */
    fun now(): Instant = clock.instant()

    private inline fun <T> withCore(body: (Cadence) -> T): T {
        if (closed.get()) throw CadenceError.Closed()
        return try {
            call { body(core) }
        } catch (e: IllegalStateException) {
            // Closed by another thread between the check and the call.
            if (closed.get()) throw CadenceError.Closed() else throw e
        }
    }

    /**
     * The generated binding object, for the calls this layer does not wrap
     * (goals, check-ins, reminder settings...). Its errors are the generated
     * `CadenceException`; prefer the wrapped calls.
     */
    val bindings: Cadence
        get() {
            if (closed.get()) throw CadenceError.Closed()
            return core
        }

    /** Releases the database. Idempotent. */
    override fun close() {
        if (closed.compareAndSet(false, true)) core.close()
    }

    // ---- profile, zone and routine ----

    /** The profile, or null before set-up. */
    fun profile(): Profile? = withCore { it.profile() }

    /** Creates or replaces the profile; the device zone becomes home and current zone. */
    fun setUp(displayName: String, zone: ZoneId): Profile {
        val name = zone.toZoneName()
        return withCore { it.setProfile(ProfileInput(displayName, name, name), now()) }
    }

    /**
     * Tells the core the device is now in [zone] (travel, DST-free moves).
     * Medications that follow the device re-anchor from now on; pinned ones
     * keep their zone. Reconcile reminders afterwards.
     */
    fun deviceZoneChanged(zone: ZoneId) {
        val name = zone.toZoneName()
        withCore { it.setCurrentZone(name, now()) }
    }

    /**
     * Today's date where the person is: the core's `localToday` (the zone
     * the phone is in; UTC before [setUp]), the date of Today and reminders.
     */
    fun localDate(): LocalDate = isoDate(withCore { it.localToday(now()) })

    /** The routine (when the person wakes, eats, goes to bed). */
    fun routine(): Routine = withCore { it.routine() }

    /** Moves one routine moment; doses anchored to it move with it. */
    fun setRoutineTime(event: RoutineEvent, dayKind: DayKind, time: LocalTime): Routine = withCore { core ->
        synchronized(routineLock) { // read-modify-write: two moves at once must not lose one
            val times = core.routine().times.filterNot { it.event == event && it.dayKind == dayKind } +
                RoutineTime(event, dayKind, time.toWallTime())
            core.setRoutineTimes(times, now())
        }
    }

    // ---- medications ----

    /** Active medications (and stopped ones when [includeStopped]). */
    fun medications(includeStopped: Boolean = false): List<Medication> = withCore { it.medications(includeStopped) }

    /** Adds a medication. */
    fun addMedication(input: MedicationInput): Medication = withCore { it.addMedication(input, now()) }

    /** Adds a dosing plan from a FHIR R4 Dosage (JSON), as a prescriber sends it. */
    fun addPlanFromFhirDosage(medicationId: String, dosageJson: String): DosingPlan =
        withCore { it.addPlanFromFhirDosage(medicationId, dosageJson, now()) }

    /**
     * Imports a prescription (a FHIR R4 MedicationRequest, JSON): the medication and its plans in
     * one write. The plans start on [start] when given, else on the prescription's own date, else today.
     */
    fun importMedicationRequest(requestJson: String, start: LocalDate? = null): ImportedMedication =
        withCore { it.importMedicationRequest(requestJson, start?.toIso(), now()) }

    /** One medication. */
    fun medication(id: String): Medication = withCore { it.medication(id) }

    /** Adds a medication and its first plan together; an invalid plan stores neither. */
    fun addMedicationWithPlan(input: MedicationInput, plan: DosingPlanInput): MedicationWithPlan =
        withCore { it.addMedicationWithPlan(input, plan, now()) }

    /** The current version of each plan of a medication. */
    fun plans(medicationId: String): List<DosingPlan> = withCore { it.plans(medicationId) }

    /** Every medication (stopped ones too) with its current plan, supply and supply unit: the medicines list. */
    fun medicineOverviews(): List<MedicineOverview> = withCore { it.medicineOverviews(now()) }

    /** One medication's row of the medicines list. */
    fun medicineOverview(medicationId: String): MedicineOverview = withCore { it.medicineOverview(medicationId, now()) }

    /** Changes a plan from [effectiveFrom]: earlier doses keep their times and history. */
    fun updatePlan(planId: String, plan: DosingPlanInput, effectiveFrom: LocalDate): DosingPlan =
        withCore { it.updatePlan(planId, plan, effectiveFrom.toIso(), now()) }

    /**
     * The first day a change to the plan may take effect from: the day after
     * its last dose already due (those keep their times and log entries), or
     * today when none is. [updatePlan] refuses earlier dates.
     */
    fun earliestPlanChange(planId: String): LocalDate = withCore { isoDate(it.earliestPlanChange(planId, now())) }

    /** Sets the prescriber's missed-dose rule for a medication; the guidance sheet follows it. */
    fun setMissedDoseRule(medicationId: String, rule: MissedDoseRule) =
        withCore { it.setMissedDoseRule(medicationId, rule, now()) }

    /** A medication's missed-dose rule (the core's general rule when none was set). */
    fun missedDoseRule(medicationId: String): MissedDoseRule = withCore { it.missedDoseRule(medicationId) }

    /** Stops a medication from [on]; its history stays. */
    fun stopMedication(id: String, on: LocalDate): Medication = withCore { it.stopMedication(id, on.toIso(), now()) }

    /** Takes a stopped medication up again. */
    fun restartMedication(id: String): Medication = withCore { it.restartMedication(id, now()) }

    /** Sets the amount on hand, in [unit] (tablets, ml...). */
    fun setSupply(medicationId: String, onHand: Double, unit: String) =
        withCore { it.setSupply(medicationId, onHand, unit, now()) }

    /** Records a refill of [amount], in the supply's unit. */
    fun refill(medicationId: String, amount: Double) = withCore { it.refill(medicationId, amount, null, now()) }

    /** The supply on hand and when it runs out, or null when never counted. */
    fun supply(medicationId: String): Supply? = withCore { it.supply(medicationId, now()) }

    /** Scheduled doses of the local dates [from]..[to]. */
    fun occurrences(from: LocalDate, to: LocalDate): List<DoseOccurrence> =
        withCore { it.occurrences(from.toIso(), to.toIso()) }

    // ---- doses ----

    /** Today's doses, grouped by routine moment, in the current zone. */
    fun today(): TodayView = withCore { it.today(now()) }

    /** Logs a scheduled dose as taken ([at] defaults to now); a dose more than an hour before its time needs [early] = true (the person confirms). Logging twice is harmless. */
    fun take(occurrenceId: String, at: Instant? = null, amount: Double? = null, early: Boolean = false): DoseLogEntry =
        withCore { it.logDose(occurrenceId, DoseAction.Taken(at, amount, early), now()) }

    /** Logs a scheduled dose as skipped, with the reason (it helps the care team). */
    fun skip(occurrenceId: String, reason: SkipReason, note: String? = null): DoseLogEntry =
        withCore { it.logDose(occurrenceId, DoseAction.Skipped(reason, note), now()) }

    /** Undoes a log entry (the dose is open again; history is kept). */
    fun undo(entryId: String): DoseLogEntry = withCore { it.undoLog(entryId, now()) }

    /** What to do about a late or missed dose, by the prescriber's rule. */
    fun guidance(occurrenceId: String): Guidance = withCore { it.guidance(occurrenceId, now()) }

    /** Snoozes a reminder (notification or occurrence id), never past the rule's limit. */
    fun snooze(targetId: String, minutes: Long): List<SnoozedDose> = withCore { it.snooze(targetId, minutes, now()) }

    /** Snoozes until [until] (at most 12 hours ahead), never past the rule's limit. */
    fun snoozeUntil(targetId: String, until: Instant): List<SnoozedDose> =
        withCore { it.snoozeUntil(targetId, until, now()) }

    // ---- reminders ----

    /** The next [limit] notifications to schedule, soonest first. */
    fun reminderPlan(limit: Int): ReminderPlan = withCore { it.reminderPlan(limit.toUInt(), now()) }

    /** The plan as changes against what the OS holds ([scheduledIds]). */
    fun reminderDiff(scheduledIds: Collection<String>, limit: Int): ReminderDiff =
        withCore { it.reminderDiff(scheduledIds.toList(), limit.toUInt(), now()) }

    /** Records the notifications handed to the OS (for the delivery check). */
    fun reportScheduled(ids: Collection<String>): Int = withCore { it.reportScheduled(ids.toList(), now()).toInt() }

    /** Records that the OS showed [notificationId] at [at]. */
    fun reportDelivered(notificationId: String, at: Instant): Int =
        withCore { it.reportDelivered(listOf(DeliveryReport(notificationId, at))).toInt() }

    /** Records that a caregiver alert from the plan was sent. */
    fun markAlertSent(alertId: String) = withCore { it.markAlertSent(alertId, now()) }

    /** Dose reminders of the last 48 hours that never arrived (warn the person). */
    fun deliveryCheck(): DeliveryCheck = withCore { it.deliveryCheck(now()) }

    // ---- journal ----

    /** Logs a mood check-in (valence -3..3; the rest optional). */
    fun logMood(mood: Mood, note: String = "", shareable: Boolean = false, zone: ZoneId? = null): LoggedEntry =
        addEntry(EntryDetail.Mood(mood), note, shareable, zone)

    /** Logs a side effect. */
    fun logSideEffect(
        symptom: Symptom,
        severity: Severity,
        medicationIds: List<String> = emptyList(),
        startedOn: LocalDate? = null,
        note: String = "",
        shareable: Boolean = false,
    ): LoggedEntry = addEntry(
        EntryDetail.SideEffect(
            SideEffect(symptom, "", severity, startedOn?.toIso(), null, medicationIds, null, false),
        ),
        note, shareable, null,
    )

    /**
     * Logs a PHQ-9 or GAD-7 (every item answered 0..3). The result carries
     * the score, band and any escalation the care plan configured.
     */
    fun logQuestionnaire(
        instrument: Instrument,
        answers: List<Int>,
        difficulty: Difficulty? = null,
        shareable: Boolean = true,
    ): LoggedEntry = addEntry(
        EntryDetail.Questionnaire(QuestionnaireAnswers(instrument, answers.map { it.toUInt() }, difficulty)),
        "", shareable, null,
    )

    private fun addEntry(detail: EntryDetail, note: String, shareable: Boolean, zone: ZoneId?): LoggedEntry = withCore { core ->
        val where = zone?.toZoneName() ?: core.profile()?.currentZone
            ?: throw CadenceError.InvalidInput("profile", "set up the profile before journaling")
        core.addJournalEntry(JournalEntryInput(now(), where, detail, note, shareable, emptyList()), now())
    }

    /** Journal entries of local dates [from]..[to], newest first, [limit] per page. */
    fun journal(from: LocalDate, to: LocalDate, limit: Int = 50, cursor: String? = null): JournalPage =
        withCore { it.journalEntries(JournalQuery(from.toIso(), to.toIso(), emptyList(), null, null, cursor, limit.toUInt())) }

    // ---- care team, consent and sharing ----

    /** The care team. */
    fun careMembers(): List<CareMember> = withCore { it.careMembers() }

    /** Adds a care-team member (nothing is shared until a grant says so). */
    fun addCareMember(input: CareMemberInput): CareMember = withCore { it.addCareMember(input, now()) }

    /** Grants (active, revoked and expired), of one member or all. */
    fun grants(memberId: String? = null): List<ConsentGrant> = withCore { it.consentGrants(memberId, now()) }

    /**
     * Grants [memberId] the [categories] of data from [dataFrom] (to [dataTo],
     * open-ended when null), until [expiresAt] (never when null).
     */
    fun grant(
        memberId: String,
        categories: Set<ConsentCategory>,
        dataFrom: LocalDate,
        dataTo: LocalDate? = null,
        expiresAt: Instant? = null,
        purpose: String = "",
        kind: GrantKind = GrantKind.DATA,
    ): ConsentGrant = withCore {
        it.grantConsent(
            ConsentGrantInput(memberId, kind, categories.sortedBy { c -> c.ordinal }, dataFrom.toIso(), dataTo?.toIso(), expiresAt, purpose),
            now(),
        )
    }

    /** Revokes a grant at once: nothing more is shared under it. */
    fun revoke(grantId: String): ConsentGrant = withCore { it.revokeConsent(grantId, now()) }

    /** Whether [memberId] may receive missed-dose alerts now (the core's consent rule). */
    fun receivesMissedDoseAlerts(memberId: String): Boolean =
        withCore { it.receivesMissedDoseAlerts(memberId, now()) }

    /** How many records of each category a share with [memberId] would hold now. */
    fun disclosurePreview(memberId: String, from: LocalDate, to: LocalDate): List<CategoryCount> =
        withCore { it.disclosurePreview(memberId, from.toIso(), to.toIso(), now()) }

    /** Every disclosure made, newest first. */
    fun auditLog(): List<AuditEntry> = withCore { it.auditLog() }

    /**
     * This device's sharing identity (pairing code and fingerprint to show
     * the care-team member), created on first use. [keySecret] (32 bytes
     * from the OS key store) seals the private keys.
     */
    fun shareIdentity(keySecret: ByteArray): ShareIdentity =
        withCore { it.shareIdentity() ?: it.createShareKeys(keySecret, now()) }

    /**
     * After a restore (a backup from another phone, or a lost key store):
     * makes this phone's [keySecret] open the share keys inside the database.
     * When it already does, or there are none yet, nothing changes
     * ([ShareKeysAfterRestore.Unchanged]). Otherwise the secret they were
     * sealed under stayed on the old phone, so the core makes new keys
     * ([ShareKeysAfterRestore.Rekeyed]): the pairing code and fingerprint
     * change and every pairing is unverified until the person confirms it
     * again. Call it after every restore, before anything is shared.
     */
    fun shareKeysAfterRestore(keySecret: ByteArray): ShareKeysAfterRestore = withCore { core ->
        val before = core.shareIdentity() ?: return@withCore ShareKeysAfterRestore.Unchanged
        try {
            core.createShareKeys(keySecret, now()) // opens the keys there are, or WrongKey
            ShareKeysAfterRestore.Unchanged
        } catch (e: CadenceException.WrongKey) {
            val after = core.resealShareKeys(null, keySecret, now())
            ShareKeysAfterRestore.Rekeyed(before, after, core.pairedKeys().size)
        }
    }

    /**
     * Pairs [memberId] by the pairing code their app shows. The pairing is
     * unverified until [confirmPairing]: nothing can be sent to it before.
     */
    fun pairRecipient(memberId: String, pairingCode: String): PairedKey =
        withCore { it.pairRecipient(memberId, pairingCode, now()) }

    /**
     * Confirms pairing [pairingId] once the person compared the fingerprints
     * on both screens ([PairingCheck]): [fingerprint] is the other key's, as
     * this app showed it. Sharing with the key works from then on; a
     * fingerprint that is not the pairing's is [CadenceError.InvalidInput]
     * (field `fingerprint`) and confirms nothing.
     */
    fun confirmPairing(pairingId: String, fingerprint: String): PairedKey =
        withCore { it.confirmPairing(pairingId, fingerprint, now()) }

    /** Paired keys (care-team members here; clients on a clinician's device). */
    fun pairedKeys(): List<PairedKey> = withCore { it.pairedKeys() }

    /** A FHIR R4 Bundle (JSON) of what [memberId]'s grants cover in [from]..[to]. Audited. */
    fun fhirExport(memberId: String, from: LocalDate, to: LocalDate): String =
        withCore { it.fhirExport(memberId, from.toIso(), to.toIso(), now()) }

    /**
     * Builds an encrypted, signed share bundle for a paired member: only what
     * their active grants cover. [keySecret] unseals the sharing keys (it
     * lives in the OS key store). Audited.
     */
    fun exportShareBundle(keySecret: ByteArray, memberId: String, from: LocalDate, to: LocalDate): ExportedBundle =
        withCore { it.exportShareBundle(keySecret, memberId, from.toIso(), to.toIso(), now()) }

    /**
     * A signed notice for [memberId]'s device to delete this client's data
     * (after revoking their grants); the pairing stops receiving bundles.
     */
    fun shareRevocationNotice(keySecret: ByteArray, memberId: String): ByteArray =
        withCore { it.shareRevocationNotice(keySecret, memberId, now()) }

    /**
     * On a clinician's device: pairs a client by their pairing code, so
     * their bundles can be opened.
     */
    fun pairClient(label: String, pairingCode: String): PairedKey = withCore { it.pairClient(label, pairingCode, now()) }

    /**
     * On a clinician's device: opens a bundle (or a signed revocation) from
     * a paired client: signature, sequence and recipient are checked first.
     */
    fun importShareBundle(keySecret: ByteArray, bundle: ByteArray): ImportOutcome =
        withCore { it.importShareBundle(keySecret, bundle, now()) }

    /** On a clinician's device: the paired clients, with how many update periods each sent. */
    fun shareClients(): List<ShareClient> = withCore { it.shareClients() }

    /** On a clinician's device: one client's updates, one per period. */
    fun clientBundles(clientId: String): List<ClientBundleView> = withCore { it.clientBundles(clientId) }

    /** On a clinician's device: one client's newest update, or null before the first (one stored update is read). */
    fun newestClientBundle(clientId: String): ClientBundleView? = withCore { it.newestClientBundle(clientId) }

    /**
     * On a clinician's device: the client's newest update as the clinician
     * report (one self-contained HTML page with its charts), limited to what
     * they shared, with the scope of their consent on top.
     * [CadenceError.NotFound] when no update from them is held.
     */
    fun clientReportHtml(clientId: String): String = withCore { it.clientReportHtml(clientId) }

    /** On a clinician's device: the short text summary of the client's newest update, starting with what they shared. */
    fun clientReportText(clientId: String): String = withCore { it.clientReportText(clientId) }

    // ---- own devices (sync) ----

    /**
     * This device's sharing identity, or null before the share keys exist:
     * its key id names the sync files addressed to it. (The keys are made by
     * [shareIdentity], which needs the secret.)
     */
    fun existingShareIdentity(): ShareIdentity? = withCore { it.shareIdentity() }

    /**
     * Adds one of the person's own devices from the pairing code it shows
     * (its [shareIdentity] there), under [label] ("Tablet"). Nothing syncs
     * with it until [confirmDevice].
     */
    fun pairDevice(label: String, pairingCode: String): SyncDevice = withCore { it.pairDevice(label, pairingCode, now()) }

    /**
     * Confirms device [keyId] once the person compared [fingerprint], the one
     * the other device shows for itself; a mismatch is
     * [CadenceError.InvalidInput] on `fingerprint` and confirms nothing.
     */
    fun confirmDevice(keyId: String, fingerprint: String): SyncDevice =
        withCore { it.confirmDevice(keyId, fingerprint, now()) }

    /** Removes device [keyId] from the group for good (a lost or sold phone). */
    fun removeDevice(keyId: String): SyncDevice = withCore { it.removeDevice(keyId, now()) }

    /** The other devices and where sync stands. */
    fun syncStatus(): SyncStatus = withCore { it.syncStatus() }

    /** Makes this device's change files (they count as sent: write them all). Prefer [SyncFolder.sync]. */
    fun exportSync(keySecret: ByteArray): List<SyncFileOut> = withCore { it.exportSync(keySecret, now()) }

    /** Applies one change file from another device of the group, all of it or nothing. Prefer [SyncFolder.sync]. */
    fun importSync(keySecret: ByteArray, bytes: ByteArray): SyncApplied = withCore { it.importSync(keySecret, bytes, now()) }

    // ---- backup ----

    /**
     * Writes an encrypted backup of everything to [path], sealed with the
     * [passphrase]: by default a [newRecoveryKey], else one the person
     * chooses (12 to 1024 characters; older backups made with 8 still
     * restore). The file at
     * [path] is replaced only once the new backup is written and verified.
     */
    fun backupTo(path: Path, passphrase: String): BackupInfo =
        withCore { it.backupTo(path.toString(), passphrase, null, now()) }

    /**
     * Replaces everything with the backup at [path] after verifying it
     * completely: a wrong passphrase is [CadenceError.WrongKey], a damaged
     * file [CadenceError.Corrupt]; in both cases nothing changed.
     */
    fun restoreFrom(path: Path, passphrase: String): BackupInfo =
        withCore { it.restoreFrom(path.toString(), passphrase, null) }

    /** Verifies the backup at [path] completely without changing anything. */
    fun verifyBackup(path: Path, passphrase: String): BackupInfo =
        withCore { it.verifyBackup(path.toString(), passphrase, null) }

    // ---- report ----

    /** The clinician report of [from]..[to] as one self-contained HTML page. */
    fun reportHtml(from: LocalDate, to: LocalDate): String = withCore { it.reportHtml(from.toIso(), to.toIso(), now()) }

    /** A short plain-text summary of [from]..[to]. */
    fun reportText(from: LocalDate, to: LocalDate): String = withCore { it.reportText(from.toIso(), to.toIso(), now()) }
}
