// Orderings the Kotlin layer gets from `Enum.ordinal` and stable sorts.
// uniffi's Swift enums are not CaseIterable, so the declaration order is
// written out; check-bindings.py checks these lists name every case of the
// generated enum, in its order.
import CadenceBindings

extension ConsentCategory {
    static let declarationOrder: [ConsentCategory] = [
        .medicationList, .doseLog, .mood, .sideEffects, .questionnaires, .substanceUse, .goals, .shareableNotes, .carePlan,
    ]

    /// The position in the core's declaration (Kotlin's `ordinal`).
    var ordinal: Int { Self.declarationOrder.firstIndex(of: self) ?? Self.declarationOrder.count }
}

extension EscalationAction {
    static let declarationOrder: [EscalationAction] = [
        .crisis, .contactPrescriberToday, .contactPrescriber, .contactTherapist,
    ]

    /// The position in the core's declaration (Kotlin's `ordinal`): most urgent first.
    var ordinal: Int { Self.declarationOrder.firstIndex(of: self) ?? Self.declarationOrder.count }
}

extension EventTiming {
    static let declarationOrder: [EventTiming] = [
        .morn, .mornEarly, .mornLate, .noon, .aft, .aftEarly, .aftLate, .eve, .eveEarly, .eveLate, .night, .phs, .hs,
        .wake, .c, .cm, .cd, .cv, .ac, .acm, .acd, .acv, .pc, .pcm, .pcd, .pcv,
    ]

    /// The position in the core's declaration (Kotlin's `ordinal`): the order of FHIR's EventTiming codes.
    var ordinal: Int { Self.declarationOrder.firstIndex(of: self) ?? Self.declarationOrder.count }
}

extension DayOfWeek {
    static let declarationOrder: [DayOfWeek] = [.mon, .tue, .wed, .thu, .fri, .sat, .sun]

    /// The position in the core's declaration (Kotlin's `ordinal`): Monday is 0.
    var ordinal: Int { Self.declarationOrder.firstIndex(of: self) ?? Self.declarationOrder.count }
}

extension Sequence {
    /// Sorted by `areInIncreasingOrder`, equal elements kept in their order
    /// (Kotlin's sorts are stable; Swift's `sorted` does not promise it).
    func stableSorted(by areInIncreasingOrder: (Element, Element) -> Bool) -> [Element] {
        enumerated()
            .sorted { a, b in
                areInIncreasingOrder(a.element, b.element)
                    || (!areInIncreasingOrder(b.element, a.element) && a.offset < b.offset)
            }
            .map(\.element)
    }
}
