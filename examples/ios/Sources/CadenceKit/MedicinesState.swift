// The medicines screen: what the person takes, each with its schedule in
// the form's terms and its supply, and the actions on a medication (stop,
// restart, count the supply, record a refill). Which plan is current, the
// supply's unit and the first changeable day are the core's
// (`medicineOverview`, one call per row).
import CadenceBindings
import Foundation

/// One medication as the list shows it.
public struct MedicineRow: Equatable, Identifiable {
    public let medication: Medication
    /// The current plan; nil when none was added (nothing is scheduled).
    public let plan: DosingPlan?
    /// `plan` in the form's terms; nil without a plan.
    public let schedule: Schedule?
    /// Amount on hand and when it runs out; nil when never counted.
    public let supply: Supply?
    /// The first day a schedule change may start (the day after the last dose
    /// already due: those keep their times and logs); nil without a plan.
    public let changeableFrom: LocalDate?
    /// What to do about a missed dose: the prescriber's rule, or the core's general one.
    public let missedDoseRule: MissedDoseRule
    /// The unit the supply is counted in (the core's rule): the form's
    /// ("tablet") when doses are given by strength ("50 mg" of 50 mg
    /// tablets: the core converts), else the dose's own unit ("ml").
    public let supplyUnit: String

    public init(medication: Medication, plan: DosingPlan?, schedule: Schedule?, supply: Supply?,
                changeableFrom: LocalDate?, missedDoseRule: MissedDoseRule, supplyUnit: String) {
        self.medication = medication
        self.plan = plan
        self.schedule = schedule
        self.supply = supply
        self.changeableFrom = changeableFrom
        self.missedDoseRule = missedDoseRule
        self.supplyUnit = supplyUnit
    }

    public var id: String { medication.id }

    public var stopped: Bool { medication.status == .stopped }

    /// Shows "Change schedule": a plan the form can edit.
    public var canChangeSchedule: Bool { !stopped && schedule?.custom == false }
}

/// The medicines screen: active medications by name, then stopped ones.
public struct MedicinesState: Equatable {
    public let active: [MedicineRow]
    public let stopped: [MedicineRow]

    /// Nothing added yet: the screen invites the first medication.
    public var isEmpty: Bool { active.isEmpty && stopped.isEmpty }

    /// The screen's state, read from `client`.
    public static func load(_ client: CadenceClient) throws -> MedicinesState {
        let rows = try client.medicineOverviews().map(from)
        return MedicinesState(active: rows.filter { !$0.stopped }, stopped: rows.filter(\.stopped))
    }

    /// One medication's row, read from `client` in one call.
    public static func row(_ client: CadenceClient, _ m: Medication) throws -> MedicineRow {
        try from(client.medicineOverview(m.id))
    }

    /// The row of the core's `overview`: plans running side by side (50 mg
    /// mornings and 25 mg evenings, as a prescriber's FHIR dosages may say)
    /// read as one custom schedule: the form edits one plan and would
    /// misstate the other.
    public static func from(_ overview: MedicineOverview) throws -> MedicineRow {
        let plan = overview.plan
        var schedule = try plan.map(Schedule.of)
        if overview.runningPlans > 1 {
            schedule = schedule.map { Schedule(dose: $0.dose, times: nil, days: $0.days, start: $0.start, end: $0.end) }
        }
        return MedicineRow(medication: overview.medication, plan: plan, schedule: schedule, supply: overview.supply,
                           changeableFrom: try overview.changeableFrom.map(isoDate),
                           missedDoseRule: overview.missedDoseRule, supplyUnit: overview.supplyUnit)
    }

    /// Stops `row`'s medication from `on`: no more reminders; its history stays.
    public static func stop(_ client: CadenceClient, row: MedicineRow, on: LocalDate) throws -> MedicineRow {
        try Self.row(client, client.stopMedication(row.id, on: on))
    }

    /// Takes a stopped medication up again, on its last schedule.
    public static func restart(_ client: CadenceClient, row: MedicineRow) throws -> MedicineRow {
        try Self.row(client, client.restartMedication(row.id))
    }

    /// Counts what is on hand, in `MedicineRow.supplyUnit`: refill
    /// reminders and the run-out date follow from it.
    public static func countSupply(_ client: CadenceClient, row: MedicineRow, onHand: Double) throws -> MedicineRow {
        try client.setSupply(row.id, onHand: onHand, unit: row.supplyUnit)
        return try Self.row(client, client.medication(row.id))
    }

    /// Adds a refill of `amount` to the supply.
    public static func refill(_ client: CadenceClient, row: MedicineRow, amount: Double) throws -> MedicineRow {
        try client.refill(row.id, amount: amount)
        return try Self.row(client, client.medication(row.id))
    }
}
