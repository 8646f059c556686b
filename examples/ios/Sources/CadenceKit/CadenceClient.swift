// The Swift face of the Cadence core: one client with close(), Foundation
// types at its surface, typed errors, and the app's clock passed to every call.
import CadenceBindings
import Foundation

/// Where the client reads "now" from (Kotlin: `java.time.Clock`; not named
/// `Clock` because Swift's concurrency library has a `Clock` protocol).
public protocol CadenceClock {
    /// The instant the client treats as now.
    func now() -> Date
}

/// The device clock.
public struct SystemClock: CadenceClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// One person's Cadence, opened from a database file.
///
/// Calls are synchronous and touch SQLite: make them off the main thread
/// (a background queue or a detached task). The client is safe to share
/// between threads. Close it with `close()` (deinit closes it too); a call
/// after closing throws `CadenceClientError.closed`. Every call passes
/// `clock`'s instant as the core's `now`, so tests (and "what if" previews)
/// control time.
///
/// Errors are `CadenceClientError`s; nothing else escapes a call.
///
/// The generated `Cadence` object is only ever named `core` (or `bindings`)
/// here: examples/ios/check-bindings.py checks every call on it against the
/// generated Swift.
public final class CadenceClient: @unchecked Sendable {
    /// Keys are 32 random bytes (SQLCipher raw key), kept by the Keychain.
    public static let keyBytes = 32

    /// The clock every call reads "now" from.
    public let clock: CadenceClock

    private let lock = NSLock()
    private let routineLock = NSLock()
    private var core: Cadence?

    private init(core: Cadence, clock: CadenceClock) {
        self.core = core
        self.clock = clock
    }

    deinit { close() }

    /// Opens (creating if needed) the encrypted database at `path`. `key` is
    /// the 32-byte database key from the iOS Keychain; it is required (the
    /// apps never open a plain file). A wrong key, or a plain file, is
    /// `CadenceClientError.wrongKey` and leaves the file untouched.
    public static func open(_ path: URL, key: Data, clock: CadenceClock = SystemClock()) throws -> CadenceClient {
        CadenceClient(core: try call { try Cadence.open(path: path.path, key: key) }, clock: clock)
    }

    /// A new backup recovery key: twelve common words (96 random bits), the
    /// default secret of a backup. Show it once for the person to write
    /// down, then pass it to `backupTo`; on restore it may be typed back in
    /// any case and spacing.
    public static func newRecoveryKey() throws -> String {
        try call { try newBackupRecoveryKey() }
    }

    private static func call<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as CadenceError {
            throw CadenceClientError.from(e)
        }
    }

    /// The instant the client treats as now.
    public func now() -> Date { clock.now() }

    private func withCore<T>(_ body: (Cadence) throws -> T) throws -> T {
        lock.lock()
        let current = core
        lock.unlock()
        guard let core = current else { throw CadenceClientError.closed }
        return try Self.call { try body(core) }
    }

    /// The generated binding object, for the calls this layer does not wrap
    /// (goals, check-ins, reminder settings...). Its errors are the generated
    /// `CadenceError`; prefer the wrapped calls.
    public var bindings: Cadence {
        get throws { try withCore { core in core } }
    }

    /// Releases the database. Idempotent.
    public func close() {
        lock.lock()
        core = nil // the generated object frees the Rust side when released
        lock.unlock()
    }

    // ---- profile, zone and routine ----

    /// The profile, or nil before set-up.
    public func profile() throws -> Profile? { try withCore { core in try core.profile() } }

    /// Creates or replaces the profile; the device zone becomes home and current zone.
    public func setUp(displayName: String, zone: TimeZone) throws -> Profile {
        let name = try zone.toZoneName()
        return try withCore { core in
            try core.setProfile(input: ProfileInput(displayName: displayName, homeZone: name, currentZone: name), now: now())
        }
    }

    /// Today's date where the person is: the core's `localToday` (the zone
    /// the phone is in; UTC before `setUp`), the date of Today and reminders.
    public func localDate() throws -> LocalDate {
        try withCore { core in try isoDate(core.localToday(now: now())) }
    }

    /// Tells the core the device is now in `zone` (travel, DST-free moves).
    /// Medications that follow the device re-anchor from now on; pinned ones
    /// keep their zone. Reconcile reminders afterwards.
    public func deviceZoneChanged(_ zone: TimeZone) throws {
        let name = try zone.toZoneName()
        try withCore { core in try core.setCurrentZone(zone: name, at: now()) }
    }

    /// The routine (when the person wakes, eats, goes to bed).
    public func routine() throws -> Routine { try withCore { core in try core.routine() } }

    /// Moves one routine moment; doses anchored to it move with it.
    public func setRoutineTime(_ event: RoutineEvent, dayKind: DayKind, time: LocalTime) throws -> Routine {
        try withCore { core in
            // Read-modify-write: two moves at once must not lose one.
            routineLock.lock()
            defer { routineLock.unlock() }
            let times = try core.routine().times.filter { !($0.event == event && $0.dayKind == dayKind) }
                + [RoutineTime(event: event, dayKind: dayKind, time: time.toWallTime())]
            return try core.setRoutineTimes(times: times, now: now())
        }
    }

    // ---- medications ----

    /// Active medications (and stopped ones when `includeStopped`).
    public func medications(includeStopped: Bool = false) throws -> [Medication] {
        try withCore { core in try core.medications(includeStopped: includeStopped) }
    }

    /// Adds a medication.
    public func addMedication(_ input: MedicationInput) throws -> Medication {
        try withCore { core in try core.addMedication(input: input, now: now()) }
    }

    /// Adds a dosing plan from a FHIR R4 Dosage (JSON), as a prescriber sends it.
    public func addPlanFromFhirDosage(_ medicationId: String, dosageJson: String) throws -> DosingPlan {
        try withCore { core in try core.addPlanFromFhirDosage(medicationId: medicationId, dosageJson: dosageJson, now: now()) }
    }

    /// Imports a prescription (a FHIR R4 MedicationRequest, JSON): the medication and its plans in
    /// one write. The plans start on `start` when given, else on the prescription's own date, else today.
    public func importMedicationRequest(_ requestJson: String, start: LocalDate? = nil) throws -> ImportedMedication {
        try withCore { core in
            try core.importMedicationRequest(requestJson: requestJson, start: start?.toIso(), now: now())
        }
    }

    /// One medication.
    public func medication(_ id: String) throws -> Medication { try withCore { core in try core.medication(id: id) } }

    /// Adds a medication and its first plan together; an invalid plan stores neither.
    public func addMedicationWithPlan(_ input: MedicationInput, plan: DosingPlanInput) throws -> MedicationWithPlan {
        try withCore { core in try core.addMedicationWithPlan(input: input, plan: plan, now: now()) }
    }

    /// The current version of each plan of a medication.
    public func plans(_ medicationId: String) throws -> [DosingPlan] {
        try withCore { core in try core.plans(medicationId: medicationId) }
    }

    /// Every medication (stopped ones too) with its current plan, supply and supply unit: the medicines list.
    public func medicineOverviews() throws -> [MedicineOverview] {
        try withCore { core in try core.medicineOverviews(now: now()) }
    }

    /// One medication's row of the medicines list.
    public func medicineOverview(_ medicationId: String) throws -> MedicineOverview {
        try withCore { core in try core.medicineOverview(medicationId: medicationId, now: now()) }
    }

    /// Changes a plan from `effectiveFrom`: earlier doses keep their times and history.
    public func updatePlan(_ planId: String, plan: DosingPlanInput, effectiveFrom: LocalDate) throws -> DosingPlan {
        try withCore { core in
            try core.updatePlan(planId: planId, plan: plan, effectiveFrom: effectiveFrom.toIso(), now: now())
        }
    }

    /// The first day a change to the plan may take effect from: the day after
    /// its last dose already due (those keep their times and log entries), or
    /// today when none is. `updatePlan` refuses earlier dates.
    public func earliestPlanChange(_ planId: String) throws -> LocalDate {
        try withCore { core in try isoDate(core.earliestPlanChange(planId: planId, now: now())) }
    }

    /// Sets the prescriber's missed-dose rule for a medication; the guidance sheet follows it.
    public func setMissedDoseRule(_ medicationId: String, rule: MissedDoseRule) throws {
        try withCore { core in try core.setMissedDoseRule(medicationId: medicationId, rule: rule, now: now()) }
    }

    /// A medication's missed-dose rule (the core's general rule when none was set).
    public func missedDoseRule(_ medicationId: String) throws -> MissedDoseRule {
        try withCore { core in try core.missedDoseRule(medicationId: medicationId) }
    }

    /// Stops a medication from `on`; its history stays.
    public func stopMedication(_ id: String, on: LocalDate) throws -> Medication {
        try withCore { core in try core.stopMedication(id: id, on: on.toIso(), now: now()) }
    }

    /// Takes a stopped medication up again.
    public func restartMedication(_ id: String) throws -> Medication {
        try withCore { core in try core.restartMedication(id: id, now: now()) }
    }

    /// Sets the amount on hand, in `unit` (tablets, ml...).
    public func setSupply(_ medicationId: String, onHand: Double, unit: String) throws {
        try withCore { core in try core.setSupply(medicationId: medicationId, onHand: onHand, unit: unit, now: now()) }
    }

    /// Records a refill of `amount`, in the supply's unit.
    public func refill(_ medicationId: String, amount: Double) throws {
        try withCore { core in try core.refill(medicationId: medicationId, amount: amount, daysSupply: nil, now: now()) }
    }

    /// The supply on hand and when it runs out, or nil when never counted.
    public func supply(_ medicationId: String) throws -> Supply? {
        try withCore { core in try core.supply(medicationId: medicationId, now: now()) }
    }

    /// Scheduled doses of the local dates `from`...`to`.
    public func occurrences(from: LocalDate, to: LocalDate) throws -> [DoseOccurrence] {
        try withCore { core in try core.occurrences(from: from.toIso(), to: to.toIso()) }
    }

    // ---- doses ----

    /// Today's doses, grouped by routine moment, in the current zone.
    public func today() throws -> TodayView { try withCore { core in try core.today(now: now()) } }

    /// Logs a scheduled dose as taken (`at` defaults to now). Logging twice is harmless.
    /// A dose more than an hour before its time needs `early: true` (the person confirms).
    public func take(_ occurrenceId: String, at: Date? = nil, amount: Double? = nil, early: Bool = false) throws -> DoseLogEntry {
        try withCore { core in
            try core.logDose(occurrenceId: occurrenceId, action: .taken(at: at, amount: amount, early: early), now: now())
        }
    }

    /// Logs a scheduled dose as skipped, with the reason (it helps the care team).
    public func skip(_ occurrenceId: String, reason: SkipReason, note: String? = nil) throws -> DoseLogEntry {
        try withCore { core in
            try core.logDose(occurrenceId: occurrenceId, action: .skipped(reason: reason, note: note), now: now())
        }
    }

    /// Undoes a log entry (the dose is open again; history is kept).
    public func undo(_ entryId: String) throws -> DoseLogEntry {
        try withCore { core in try core.undoLog(entryId: entryId, now: now()) }
    }

    /// What to do about a late or missed dose, by the prescriber's rule.
    public func guidance(_ occurrenceId: String) throws -> Guidance {
        try withCore { core in try core.guidance(occurrenceId: occurrenceId, now: now()) }
    }

    /// Snoozes a reminder (notification or occurrence id), never past the rule's limit.
    public func snooze(_ targetId: String, minutes: Int64) throws -> [SnoozedDose] {
        try withCore { core in try core.snooze(targetId: targetId, minutes: minutes, now: now()) }
    }

    /// Snoozes until `until` (at most 12 hours ahead), never past the rule's limit.
    public func snoozeUntil(_ targetId: String, until: Date) throws -> [SnoozedDose] {
        try withCore { core in try core.snoozeUntil(targetId: targetId, until: until, now: now()) }
    }

    // ---- reminders ----

    /// The next `limit` notifications to schedule, soonest first.
    public func reminderPlan(limit: Int) throws -> ReminderPlan {
        try withCore { core in try core.reminderPlan(limit: UInt32(clamping: limit), now: now()) }
    }

    /// The plan as changes against what the OS holds (`scheduledIds`).
    public func reminderDiff(scheduledIds: some Collection<String>, limit: Int) throws -> ReminderDiff {
        try withCore { core in
            try core.reminderDiff(scheduledIds: Array(scheduledIds), limit: UInt32(clamping: limit), now: now())
        }
    }

    /// Records the notifications handed to the OS (for the delivery check).
    @discardableResult
    public func reportScheduled(_ ids: some Collection<String>) throws -> Int {
        try withCore { core in Int(try core.reportScheduled(notificationIds: Array(ids), now: now())) }
    }

    /// Records that the OS showed `notificationId` at `at`.
    @discardableResult
    public func reportDelivered(_ notificationId: String, at: Date) throws -> Int {
        try withCore { core in
            Int(try core.reportDelivered(reports: [DeliveryReport(notificationId: notificationId, deliveredAt: at)]))
        }
    }

    /// Records that a caregiver alert from the plan was sent.
    public func markAlertSent(_ alertId: String) throws {
        try withCore { core in try core.markAlertSent(alertId: alertId, now: now()) }
    }

    /// Dose reminders of the last 48 hours that never arrived (warn the person).
    public func deliveryCheck() throws -> DeliveryCheck { try withCore { core in try core.deliveryCheck(now: now()) } }

    // ---- journal ----

    /// Logs a mood check-in (valence -3...3; the rest optional).
    public func logMood(_ mood: Mood, note: String = "", shareable: Bool = false, zone: TimeZone? = nil) throws -> LoggedEntry {
        try addEntry(.mood(mood: mood), note: note, shareable: shareable, zone: zone)
    }

    /// Logs a side effect.
    public func logSideEffect(
        _ symptom: Symptom,
        severity: Severity,
        medicationIds: [String] = [],
        startedOn: LocalDate? = nil,
        note: String = "",
        shareable: Bool = false
    ) throws -> LoggedEntry {
        let effect = SideEffect(symptom: symptom, description: "", severity: severity, startedOn: startedOn?.toIso(),
                                resolvedOn: nil, medicationIds: medicationIds, bother: nil, prescriberKnows: false)
        return try addEntry(.sideEffect(sideEffect: effect), note: note, shareable: shareable, zone: nil)
    }

    /// Logs a PHQ-9 or GAD-7 (every item answered 0...3). The result carries
    /// the score, band and any escalation the care plan configured.
    public func logQuestionnaire(
        _ instrument: Instrument,
        answers: [Int],
        difficulty: Difficulty? = nil,
        shareable: Bool = true
    ) throws -> LoggedEntry {
        // Out-of-range answers wrap as Kotlin's toUInt() does; the core refuses them by field.
        let items = answers.map { UInt32(truncatingIfNeeded: $0) }
        let detail = EntryDetail.questionnaire(
            questionnaire: QuestionnaireAnswers(instrument: instrument, answers: items, difficulty: difficulty))
        return try addEntry(detail, note: "", shareable: shareable, zone: nil)
    }

    private func addEntry(_ detail: EntryDetail, note: String, shareable: Bool, zone: TimeZone?) throws -> LoggedEntry {
        let named = try zone?.toZoneName()
        return try withCore { core in
            guard let place = try named ?? core.profile()?.currentZone else {
                throw CadenceClientError.invalidInput(field: "profile", reason: "set up the profile before journaling")
            }
            let input = JournalEntryInput(occurredAt: now(), zone: place, detail: detail, note: note,
                                          shareable: shareable, goalIds: [])
            return try core.addJournalEntry(input: input, now: now())
        }
    }

    /// Journal entries of local dates `from`...`to`, newest first, `limit` per page.
    public func journal(from: LocalDate, to: LocalDate, limit: Int = 50, cursor: String? = nil) throws -> JournalPage {
        try withCore { core in
            try core.journalEntries(query: JournalQuery(from: from.toIso(), to: to.toIso(), kinds: [], medicationId: nil,
                                                        goalId: nil, cursor: cursor, limit: UInt32(clamping: limit)))
        }
    }

    // ---- care team, consent and sharing ----

    /// The care team.
    public func careMembers() throws -> [CareMember] { try withCore { core in try core.careMembers() } }

    /// Adds a care-team member (nothing is shared until a grant says so).
    public func addCareMember(_ input: CareMemberInput) throws -> CareMember {
        try withCore { core in try core.addCareMember(input: input, now: now()) }
    }

    /// Grants (active, revoked and expired), of one member or all.
    public func grants(memberId: String? = nil) throws -> [ConsentGrant] {
        try withCore { core in try core.consentGrants(memberId: memberId, now: now()) }
    }

    /// Grants `memberId` the `categories` of data from `dataFrom` (to `dataTo`,
    /// open-ended when nil), until `expiresAt` (never when nil).
    public func grant(
        _ memberId: String,
        categories: Set<ConsentCategory>,
        dataFrom: LocalDate,
        dataTo: LocalDate? = nil,
        expiresAt: Date? = nil,
        purpose: String = "",
        kind: GrantKind = .data
    ) throws -> ConsentGrant {
        let input = ConsentGrantInput(memberId: memberId, kind: kind, categories: categories.sorted { $0.ordinal < $1.ordinal },
                                      dataFrom: dataFrom.toIso(), dataTo: dataTo?.toIso(), expiresAt: expiresAt, purpose: purpose)
        return try withCore { core in try core.grantConsent(input: input, now: now()) }
    }

    /// Revokes a grant at once: nothing more is shared under it.
    public func revoke(_ grantId: String) throws -> ConsentGrant {
        try withCore { core in try core.revokeConsent(grantId: grantId, now: now()) }
    }

    /// Whether `memberId` may receive missed-dose alerts now (the core's consent rule).
    public func receivesMissedDoseAlerts(_ memberId: String) throws -> Bool {
        try withCore { core in try core.receivesMissedDoseAlerts(memberId: memberId, now: now()) }
    }

    /// How many records of each category a share with `memberId` would hold now.
    public func disclosurePreview(_ memberId: String, from: LocalDate, to: LocalDate) throws -> [CategoryCount] {
        try withCore { core in try core.disclosurePreview(memberId: memberId, from: from.toIso(), to: to.toIso(), now: now()) }
    }

    /// Every disclosure made, newest first.
    public func auditLog() throws -> [AuditEntry] { try withCore { core in try core.auditLog() } }

    /// This device's sharing identity (pairing code and fingerprint to show
    /// the care-team member), created on first use. `keySecret` (32 bytes
    /// from the Keychain) seals the private keys.
    public func shareIdentity(keySecret: Data) throws -> ShareIdentity {
        try withCore { core in try core.shareIdentity() ?? core.createShareKeys(keySecret: keySecret, now: now()) }
    }

    /// After a restore (a backup from another phone, or a lost Keychain):
    /// makes this phone's `keySecret` open the share keys inside the
    /// database. When it already does, or there are none yet, nothing
    /// changes (`.unchanged`). Otherwise the secret they were sealed under
    /// stayed on the old phone, so the core makes new keys (`.rekeyed`): the
    /// pairing code and fingerprint change and every pairing is unverified
    /// until the person confirms it again. Call it after every restore.
    public func shareKeysAfterRestore(keySecret: Data) throws -> ShareKeysAfterRestore {
        try withCore { core in
            guard let before = try core.shareIdentity() else { return .unchanged }
            do {
                _ = try core.createShareKeys(keySecret: keySecret, now: now()) // opens them, or WrongKey
                return .unchanged
            } catch CadenceError.WrongKey {
                let after = try core.resealShareKeys(oldKeySecret: nil, newKeySecret: keySecret, now: now())
                return .rekeyed(previous: before, identity: after, pairings: try core.pairedKeys().count)
            }
        }
    }

    /// Pairs `memberId` by the pairing code their app shows. The pairing is
    /// unverified until `confirmPairing`: nothing can be sent to it before.
    public func pairRecipient(_ memberId: String, pairingCode: String) throws -> PairedKey {
        try withCore { core in try core.pairRecipient(memberId: memberId, pairingCode: pairingCode, now: now()) }
    }

    /// Confirms pairing `pairingId` once the person compared the fingerprints
    /// on both screens (`PairingCheck`): `fingerprint` is the other key's, as
    /// this app showed it. Sharing with the key works from then on; a
    /// fingerprint that is not the pairing's is
    /// `CadenceClientError.invalidInput` (field `fingerprint`) and confirms
    /// nothing.
    public func confirmPairing(_ pairingId: String, fingerprint: String) throws -> PairedKey {
        try withCore { core in try core.confirmPairing(pairingId: pairingId, fingerprint: fingerprint, now: now()) }
    }

    /// Paired keys (care-team members here; clients on a clinician's device).
    public func pairedKeys() throws -> [PairedKey] { try withCore { core in try core.pairedKeys() } }

    /// A FHIR R4 Bundle (JSON) of what `memberId`'s grants cover in `from`...`to`. Audited.
    public func fhirExport(_ memberId: String, from: LocalDate, to: LocalDate) throws -> String {
        try withCore { core in try core.fhirExport(memberId: memberId, from: from.toIso(), to: to.toIso(), now: now()) }
    }

    /// Builds an encrypted, signed share bundle for a paired member: only what
    /// their active grants cover. `keySecret` unseals the sharing keys (it
    /// lives in the Keychain). Audited.
    public func exportShareBundle(keySecret: Data, memberId: String, from: LocalDate, to: LocalDate) throws -> ExportedBundle {
        try withCore { core in
            try core.exportShareBundle(keySecret: keySecret, memberId: memberId, from: from.toIso(), to: to.toIso(), now: now())
        }
    }

    /// A signed notice for `memberId`'s device to delete this client's data
    /// (after revoking their grants); the pairing stops receiving bundles.
    public func shareRevocationNotice(keySecret: Data, memberId: String) throws -> Data {
        try withCore { core in try core.shareRevocationNotice(keySecret: keySecret, memberId: memberId, now: now()) }
    }

    /// On a clinician's device: pairs a client by their pairing code, so
    /// their bundles can be opened.
    public func pairClient(label: String, pairingCode: String) throws -> PairedKey {
        try withCore { core in try core.pairClient(label: label, pairingCode: pairingCode, now: now()) }
    }

    /// On a clinician's device: opens a bundle (or a signed revocation) from
    /// a paired client: signature, sequence and recipient are checked first.
    public func importShareBundle(keySecret: Data, bundle: Data) throws -> ImportOutcome {
        try withCore { core in try core.importShareBundle(keySecret: keySecret, bundle: bundle, now: now()) }
    }

    /// On a clinician's device: the paired clients, with how many update periods each sent.
    public func shareClients() throws -> [ShareClient] { try withCore { core in try core.shareClients() } }

    /// On a clinician's device: one client's updates, one per period.
    public func clientBundles(_ clientId: String) throws -> [ClientBundleView] {
        try withCore { core in try core.clientBundles(clientId: clientId) }
    }

    /// On a clinician's device: one client's newest update, or nil before
    /// the first (one stored update is read).
    public func newestClientBundle(_ clientId: String) throws -> ClientBundleView? {
        try withCore { core in try core.newestClientBundle(clientId: clientId) }
    }

    /// On a clinician's device: the client's newest update as the clinician
    /// report (one self-contained HTML page with its charts), limited to what
    /// they shared, with the scope of their consent on top.
    /// `CadenceClientError.notFound` when no update from them is held.
    public func clientReportHtml(_ clientId: String) throws -> String {
        try withCore { core in try core.clientReportHtml(clientId: clientId) }
    }

    /// On a clinician's device: the short text summary of the client's newest
    /// update, starting with what they shared.
    public func clientReportText(_ clientId: String) throws -> String {
        try withCore { core in try core.clientReportText(clientId: clientId) }
    }

    // ---- own devices (sync) ----

    /// This device's sharing identity, or nil before the share keys exist:
    /// its key id names the sync files addressed to it. (The keys are made
    /// by `shareIdentity(keySecret:)`, which needs the secret.)
    public func existingShareIdentity() throws -> ShareIdentity? { try withCore { core in try core.shareIdentity() } }

    /// Adds one of the person's own devices from the pairing code it shows
    /// (its `shareIdentity` there), under `label` ("Tablet"). Nothing syncs
    /// with it until `confirmDevice`.
    public func pairDevice(_ label: String, pairingCode: String) throws -> SyncDevice {
        try withCore { core in try core.pairDevice(label: label, code: pairingCode, now: now()) }
    }

    /// Confirms device `keyId` once the person compared `fingerprint`, the
    /// one the other device shows for itself; a mismatch is `.invalidInput`
    /// on `fingerprint` and confirms nothing.
    public func confirmDevice(_ keyId: String, fingerprint: String) throws -> SyncDevice {
        try withCore { core in try core.confirmDevice(keyId: keyId, fingerprint: fingerprint, now: now()) }
    }

    /// Removes device `keyId` from the group for good (a lost or sold phone).
    public func removeDevice(_ keyId: String) throws -> SyncDevice {
        try withCore { core in try core.removeDevice(keyId: keyId, now: now()) }
    }

    /// The other devices and where sync stands.
    public func syncStatus() throws -> SyncStatus { try withCore { core in try core.syncStatus() } }

    /// Makes this device's change files (they count as sent: write them
    /// all). Prefer `SyncFolder.sync`.
    public func exportSync(keySecret: Data) throws -> [SyncFileOut] {
        try withCore { core in try core.exportSync(keySecret: keySecret, now: now()) }
    }

    /// Applies one change file from another device of the group, all of it
    /// or nothing. Prefer `SyncFolder.sync`.
    public func importSync(keySecret: Data, bytes: Data) throws -> SyncApplied {
        try withCore { core in try core.importSync(keySecret: keySecret, bytes: bytes, now: now()) }
    }

    // ---- backup ----

    /// Writes an encrypted backup of everything to `path`, sealed with the
    /// `passphrase`: by default a `newRecoveryKey()`, else one the person
    /// chooses (12 to 1024 characters; older backups made with 8 still
    /// restore). The file at
    /// `path` is replaced only once the new backup is written and verified.
    public func backupTo(_ path: URL, passphrase: String) throws -> BackupInfo {
        try withCore { core in try core.backupTo(path: path.path, passphrase: passphrase, key: nil, now: now()) }
    }

    /// Replaces everything with the backup at `path` after verifying it
    /// completely: a wrong passphrase is `.wrongKey`, a damaged file
    /// `.corrupt`; in both cases nothing changed.
    public func restoreFrom(_ path: URL, passphrase: String) throws -> BackupInfo {
        try withCore { core in try core.restoreFrom(path: path.path, passphrase: passphrase, key: nil) }
    }

    /// Verifies the backup at `path` completely without changing anything.
    public func verifyBackup(_ path: URL, passphrase: String) throws -> BackupInfo {
        try withCore { core in try core.verifyBackup(path: path.path, passphrase: passphrase, key: nil) }
    }

    // ---- report ----

    /// The clinician report of `from`...`to` as one self-contained HTML page.
    public func reportHtml(from: LocalDate, to: LocalDate) throws -> String {
        try withCore { core in try core.reportHtml(from: from.toIso(), to: to.toIso(), now: now()) }
    }

    /// A short plain-text summary of `from`...`to`.
    public func reportText(from: LocalDate, to: LocalDate) throws -> String {
        try withCore { core in try core.reportText(from: from.toIso(), to: to.toIso(), now: now()) }
    }
}
