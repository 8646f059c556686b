// The missed-dose guidance sheet: the prescriber's rule applied to a late
// dose, as a headline, the core's plain sentence, and the buttons to act on
// it (headline and buttons are the core's `guidanceSheetView`).
import CadenceBindings
import Foundation

/// The guidance sheet for one dose. `headline` and `message` are the default
/// English; apps that localize word it from `action`, `reason` and the times.
public struct GuidanceSheet: Equatable, Identifiable {
    public var id: String { occurrenceId }

    public let occurrenceId: String
    public let medicationName: String
    public let doseText: String
    public let action: GuidanceAction
    public let reason: GuidanceReason
    public let headline: String
    /// The core's sentence: what to do and why, from the prescriber's rule.
    public let message: String
    /// The prescriber's own words for this medication, shown as written.
    public let prescriberNote: String?
    public let scheduledAt: ZonedDateTime
    public let minutesLate: Int64
    /// The latest time the rule allows taking this dose.
    public let latestTakeTime: ZonedDateTime
    /// When to take it, for "wait until" guidance.
    public let takeAt: ZonedDateTime?
    public let nextDoseAt: ZonedDateTime?
    /// The prescribers on the care team, for "contact your prescriber".
    public let contacts: [CareMember]
    /// The primary button first.
    public let buttons: [SheetButton]

    /// The sheet for `guidance` of a dose of `medicationName`.
    public static func from(_ guidance: Guidance, medicationName: String, careTeam: [CareMember]) throws -> GuidanceSheet {
        let p = guidance.params
        let z = try zone(p.zone)
        let takeAt = p.takeAt?.atZone(z)
        let view = guidanceSheetView(guidance: guidance)
        let note = guidance.prescriberNote?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == false
            ? guidance.prescriberNote : nil
        return GuidanceSheet(
            occurrenceId: guidance.occurrenceId,
            medicationName: medicationName,
            // `CadenceKit.doseText`: the property `doseText` would hide the function here.
            doseText: CadenceKit.doseText(p.dose),
            action: guidance.action,
            reason: guidance.reason,
            headline: view.headline,
            message: guidance.message,
            prescriberNote: note,
            scheduledAt: p.scheduledAt.atZone(z),
            minutesLate: p.minutesLate,
            latestTakeTime: p.latestTakeTime.atZone(z),
            takeAt: takeAt,
            nextDoseAt: p.nextDoseAt?.atZone(z),
            contacts: careTeam.filter { $0.role == .prescriber },
            buttons: view.buttons
        )
    }

    /// The sheet for one dose, read from `client`.
    public static func load(_ client: CadenceClient, occurrenceId: String) throws -> GuidanceSheet {
        let guidance = try client.guidance(occurrenceId)
        let day = guidance.params.scheduledAt.atZone(try zone(guidance.params.zone)).toLocalDate()
        guard let occ = try client.occurrences(from: day, to: day).first(where: { $0.id == occurrenceId }) else {
            throw CadenceClientError.notFound(kind: "dose occurrence")
        }
        return try from(guidance, medicationName: try client.medication(occ.medicationId).name,
                        careTeam: try client.careMembers())
    }

    /// Carries out `button` for this dose: logs it, or snoozes the reminder
    /// to `takeAt`. `contactPrescriber` and `close` change nothing in the core.
    /// A skip records `skipReason`, the core's default unless the app asked.
    public func perform(_ client: CadenceClient, button: SheetButton,
                        skipReason: SkipReason = defaultSkipReason()) throws {
        switch button {
        case .takeNow:
            _ = try client.take(occurrenceId)
        case .skipDose:
            _ = try client.skip(occurrenceId, reason: skipReason)
        case .remindAt:
            guard let takeAt else { return }
            _ = try client.snoozeUntil(occurrenceId, until: takeAt.toInstant())
        case .contactPrescriber, .close:
            break
        }
    }
}
