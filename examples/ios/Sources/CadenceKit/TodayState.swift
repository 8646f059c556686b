// The Today screen's state: doses grouped by routine moment, each with its
// status badge and the actions that make sense for it right now (both the
// core's: `TodayDose.badge`, `TodayDose.actions`).
import CadenceBindings
import Foundation

/// One dose on Today.
public struct DoseRow: Equatable, Identifiable {
    public var id: String { occurrenceId }

    public let occurrenceId: String
    public let medicationId: String
    public let medicationName: String
    /// The dose as the core states it ("100 mg"); amount and unit are in `dose`.
    public let doseText: String
    public let dose: Dose
    /// Scheduled wall time in the dose's zone.
    public let time: LocalTime
    public let scheduledAt: Date
    public let badge: DoseBadge
    /// Minutes past the scheduled time (negative: ahead), for due, late, missed and taken.
    public let minutesLate: Int64?
    public let takenAt: Date?
    /// The latest time the rule allows taking it, when it sets one.
    public let takeBy: Date?
    public let skipReason: SkipReason?
    /// The log entry to undo, when logged.
    public let logEntryId: String?
    /// Buttons in display order; the first is the primary one (the core's rule).
    public let actions: [DoseRowAction]
}

/// Doses of one routine moment ("Breakfast, 08:00").
public struct TodaySection: Equatable {
    public let moment: RoutineEvent
    public let time: LocalTime
    public let rows: [DoseRow]
}

/// The whole Today screen.
public struct TodayState: Equatable {
    public let date: LocalDate
    public let zone: TimeZone
    public let sections: [TodaySection]
    public let taken: Int
    public let scheduled: Int
    /// The dose the screen should point at (the core's `TodayView.focus`): the first due or late one, else the next upcoming.
    public let focus: DoseRow?
    /// Prescriptions kept as the prescriber wrote them, without a schedule yet ("take one tablet
    /// daily as directed"): no reminders; show the text and offer the set-up form for the plan.
    public var needsSchedule: [NeedsSchedule] = []

    /// Nothing scheduled today and nothing waiting for a schedule (an empty state, not an error).
    public var isEmpty: Bool { sections.isEmpty && needsSchedule.isEmpty }

    /// All doses of the day logged (taken or skipped).
    public var allDone: Bool {
        !sections.isEmpty && sections.allSatisfy { s in s.rows.allSatisfy { $0.logEntryId != nil } }
    }

    /// The state for the core's Today view.
    public static func from(_ view: TodayView) throws -> TodayState {
        let sections = try view.groups.map { g in
            TodaySection(moment: g.moment, time: try wallTime(g.time), rows: try g.doses.map(row))
        }
        let rows = sections.flatMap(\.rows)
        let focus = view.focus.flatMap { id in rows.first { $0.occurrenceId == id } }
        // `CadenceKit.zone`: the property `zone` would hide the function here.
        return TodayState(date: try isoDate(view.date), zone: try CadenceKit.zone(view.zone), sections: sections,
                          taken: Int(view.takenCount), scheduled: Int(view.scheduledCount), focus: focus,
                          needsSchedule: view.needsSchedule)
    }

    /// Today's state, read from `client`.
    public static func load(_ client: CadenceClient) throws -> TodayState { try from(client.today()) }

    private static func row(_ d: TodayDose) throws -> DoseRow {
        let occ = d.occurrence
        var minutesLate: Int64?
        var takenAt: Date?
        var takeBy: Date?
        var skipReason: SkipReason?
        switch d.status {
        case .upcoming:
            break
        case let .due(minutesOverdue, by):
            minutesLate = minutesOverdue
            takeBy = by
        case let .taken(at, _, late):
            minutesLate = late
            takenAt = at
        case let .skipped(reason):
            skipReason = reason
        case let .missed(minutesOverdue):
            minutesLate = minutesOverdue
        }
        return DoseRow(
            occurrenceId: occ.id,
            medicationId: occ.medicationId,
            medicationName: d.medicationName,
            doseText: doseText(occ.dose),
            dose: occ.dose,
            time: try offsetDateTime(occ.local).toLocalTime(),
            scheduledAt: occ.utc,
            badge: d.badge,
            minutesLate: minutesLate,
            takenAt: takenAt,
            takeBy: takeBy,
            skipReason: skipReason,
            logEntryId: d.logEntryId,
            actions: d.actions
        )
    }
}

/// "100 mg", "0.5 tablet", "2.5 mL": the amount without a needless ".0".
public func doseText(_ dose: Dose) -> String {
    let whole = dose.amount.truncatingRemainder(dividingBy: 1) == 0 && abs(dose.amount) < 1e15
    let amount = whole ? String(Int64(dose.amount)) : String(dose.amount)
    return "\(amount) \(dose.unit)"
}
