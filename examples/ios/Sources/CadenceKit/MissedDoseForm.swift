// The prescriber's missed-dose plan for a medication, as the person copies it
// from their prescriber's or pharmacist's instructions: one of the core's
// patterns with its hours or days, and the prescriber's note. The guidance
// sheet then follows it; the limits already on the rule are kept.
import CadenceBindings
import Foundation

/// The patterns the form offers, one per core `MissedDosePattern`.
public enum MissedDoseKind: CaseIterable, Equatable, Hashable, Sendable {
    /// Take it when remembered unless the next dose is near (the default).
    case general
    /// Take it only within a few hours of its time (progestogen-only pill).
    case narrowWindow
    /// Take it even if that means two in a day, within a time (combined pill).
    case takeEvenIfTwo
    /// Take it unless it is more than some hours late (sertraline).
    case skipIfLate
    /// Weekly doses: within some days, keeping a gap before the next (semaglutide).
    case weeklyWindow
    /// Call the prescriber after some missed doses in a row (lamotrigine).
    case contactPrescriberAfterMissed

    /// Every kind in declaration order (Kotlin's `values()`). Written out,
    /// not synthesized, so check-bindings.py sees it.
    public static let allCases: [MissedDoseKind] = [
        .general, .narrowWindow, .takeEvenIfTwo, .skipIfLate, .weeklyWindow, .contactPrescriberAfterMissed,
    ]

    /// The kind of a core pattern.
    public static func of(_ pattern: MissedDosePattern) -> MissedDoseKind {
        switch pattern {
        case .general: return .general
        case .narrowWindow: return .narrowWindow
        case .takeEvenIfTwo: return .takeEvenIfTwo
        case .skipIfLate: return .skipIfLate
        case .weeklyWindow: return .weeklyWindow
        case .contactPrescriberAfterMissed: return .contactPrescriberAfterMissed
        }
    }
}

/// The missed-dose plan being edited for `medicationId`. `rule` is the
/// medication's current rule (its limits are kept as they are); `pattern`
/// and `note` are what the form changes. A value: the screen binds them, and
/// `withKind` returns the next form.
public struct MissedDoseForm: Equatable {
    public let medicationId: String
    public let rule: MissedDoseRule
    public var pattern: MissedDosePattern
    public var note: String

    /// The form for `rule` as it is (Kotlin's defaults: `pattern = rule.pattern`, `note = rule.note`).
    public init(medicationId: String, rule: MissedDoseRule) {
        self.init(medicationId: medicationId, rule: rule, pattern: rule.pattern, note: rule.note)
    }

    public init(medicationId: String, rule: MissedDoseRule, pattern: MissedDosePattern, note: String) {
        self.medicationId = medicationId
        self.rule = rule
        self.pattern = pattern
        self.note = note
    }

    public var kind: MissedDoseKind { MissedDoseKind.of(pattern) }

    /// Switches to `kind` with its usual parameters (kept when it is already the kind).
    public func withKind(_ kind: MissedDoseKind) -> MissedDoseForm {
        if kind == self.kind { return self }
        var next = self
        next.pattern = Self.defaults(kind)
        return next
    }

    /// Saves the plan: the guidance sheet follows it from now on. Bad
    /// parameters come back as `MedicationResult.invalid`; other core errors
    /// (`CadenceClientError`) are thrown.
    public func save(_ client: CadenceClient, row: MedicineRow) throws -> MedicationResult {
        var next = rule
        next.pattern = pattern
        next.note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            try client.setMissedDoseRule(medicationId, rule: next)
            return .saved(row: try MedicinesState.row(client, row.medication))
        } catch let CadenceClientError.invalidInput(field, reason) {
            return .invalid(field: field, reason: reason)
        }
    }

    /// The form for `row`'s current rule (the core's general rule when none was set).
    public static func of(_ row: MedicineRow) -> MissedDoseForm {
        MissedDoseForm(medicationId: row.id, rule: row.missedDoseRule)
    }

    /// Each pattern with the parameters of its textbook example (the core's
    /// `missedDoseDefaults`, one per pattern, general first).
    public static func defaults(_ kind: MissedDoseKind) -> MissedDosePattern {
        let all = missedDoseDefaults()
        return all.first { MissedDoseKind.of($0) == kind } ?? all[0]
    }
}
