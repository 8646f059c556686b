// The journal's screens: the entry list by day, the questionnaire form
// (PHQ-9 / GAD-7), and what to show after saving (score, band, escalation).
import CadenceBindings
import Foundation

/// One entry in the journal list; structured so apps word it in their language.
public struct JournalRow: Equatable, Identifiable {
    public let id: String
    public let kind: EntryKind
    public let time: LocalTime
    /// Mood valence -3...3, for mood entries.
    public let valence: Int?
    public let symptom: Symptom?
    public let severity: Severity?
    public let instrument: Instrument?
    public let total: Int?
    public let band: SeverityBand?
    /// Shared with the care team when they hold a grant; private otherwise.
    public let shareable: Bool
    /// The note, shown only on this device (never in a share unless `shareable`).
    public let note: String
    public let edited: Bool
}

/// The entries of one local day, newest first.
public struct JournalDay: Equatable {
    public let date: LocalDate
    public let rows: [JournalRow]
}

/// The journal list: days newest first; `nextCursor` loads older entries.
public struct JournalState: Equatable {
    public let days: [JournalDay]
    public let nextCursor: String?

    /// The journal of `from`...`to`, `pageSize` entries at a time.
    public static func load(_ client: CadenceClient, from: LocalDate, to: LocalDate, pageSize: Int = 50,
                            cursor: String? = nil) throws -> JournalState {
        let page = try client.journal(from: from, to: to, limit: pageSize, cursor: cursor)
        var days: [(date: LocalDate, rows: [JournalRow])] = [] // in the page's order, as Kotlin's groupBy
        for entry in page.entries {
            let date = try isoDate(entry.localDate)
            let r = try row(entry)
            if let i = days.firstIndex(where: { $0.date == date }) {
                days[i].rows.append(r)
            } else {
                days.append((date, [r]))
            }
        }
        return JournalState(days: days.map { JournalDay(date: $0.date, rows: $0.rows) }, nextCursor: page.nextCursor)
    }

    /// The list row for one entry.
    public static func row(_ e: JournalEntry) throws -> JournalRow {
        let local = e.occurredAt.atZone(try zone(e.zone)).toLocalTime()
        var valence: Int?
        var symptom: Symptom?
        var severity: Severity?
        switch e.detail {
        case let .mood(mood):
            valence = Int(mood.valence)
        case let .sideEffect(effect):
            symptom = effect.symptom
            severity = effect.severity
        default:
            break
        }
        return JournalRow(
            id: e.id,
            kind: e.kind,
            time: LocalTime(local.hour, local.minute),
            valence: valence,
            symptom: symptom,
            severity: severity,
            instrument: e.score?.instrument,
            total: e.score.map { Int($0.total) },
            band: e.score?.band,
            shareable: e.shareable,
            note: e.note,
            edited: e.version > 1
        )
    }
}

/// The PHQ-9 / GAD-7 form: one answer (0...3) per item. A value: `answer`
/// returns the next state. Submit only when `complete`; the core refuses an
/// incomplete questionnaire, and so does `submit`.
public struct QuestionnaireForm: Equatable {
    public let instrument: Instrument
    public let answers: [Int?]
    public let difficulty: Difficulty?

    /// A form with `answers` (all unanswered when nil).
    public init(_ instrument: Instrument, answers: [Int?]? = nil, difficulty: Difficulty? = nil) {
        self.instrument = instrument
        self.answers = answers ?? Array(repeating: nil, count: QuestionnaireForm.itemCount(instrument))
        self.difficulty = difficulty
    }

    /// Items still unanswered (1-based, as printed on the form).
    public var missingItems: [Int] { answers.indices.filter { answers[$0] == nil }.map { $0 + 1 } }

    /// Every item answered.
    public var complete: Bool { missingItems.isEmpty }

    /// The running total of the items answered so far.
    public var runningTotal: Int { answers.reduce(0) { $0 + ($1 ?? 0) } }

    /// Answers item `number` (1-based) with `value` (0 not at all ... 3 nearly every day).
    public func answer(_ number: Int, _ value: Int) throws -> QuestionnaireForm {
        guard (1...answers.count).contains(number) else {
            throw CadenceClientError.invalidInput(field: "answers", reason: "item \(number) does not exist")
        }
        guard (0...3).contains(value) else {
            throw CadenceClientError.invalidInput(field: "answers[\(number - 1)]", reason: "must be 0 to 3")
        }
        var next = answers
        next[number - 1] = value
        return QuestionnaireForm(instrument, answers: next, difficulty: difficulty)
    }

    /// Answers the closing "how difficult" question (PHQ-9 / GAD-7 item 10).
    public func difficulty(_ value: Difficulty) -> QuestionnaireForm {
        QuestionnaireForm(instrument, answers: answers, difficulty: value)
    }

    /// Saves the questionnaire; shareable with the care team by default (they asked for it).
    public func submit(_ client: CadenceClient, shareable: Bool = true) throws -> SavedEntry {
        guard complete else {
            let items = missingItems.map { String($0) }.joined(separator: ", ")
            throw CadenceClientError.invalidInput(field: "answers", reason: "items \(items) are unanswered")
        }
        return try SavedEntry.from(client.logQuestionnaire(instrument, answers: answers.compactMap { $0 },
                                                           difficulty: difficulty, shareable: shareable))
    }

    /// Items of an instrument: 9 for PHQ-9, 7 for GAD-7.
    public static func itemCount(_ instrument: Instrument) -> Int {
        switch instrument {
        case .phq9: return 9
        case .gad7: return 7
        }
    }
}

/// What the app shows after a journal entry is saved.
public struct SavedEntry: Equatable {
    public let row: JournalRow
    /// Score, band and the maximum, for questionnaires.
    public let total: Int?
    public let maxTotal: Int?
    public let band: SeverityBand?
    /// What the care plan says to do now, most urgent first; empty when nothing.
    public let escalations: [EscalationCard]

    /// A crisis card is showing: the app puts it above everything and keeps it until dismissed.
    public var crisis: Bool { escalations.contains { $0.crisis } }

    /// The state for the core's saved entry.
    public static func from(_ logged: LoggedEntry) throws -> SavedEntry {
        let e = logged.entry
        return SavedEntry(
            row: try JournalState.row(e),
            total: e.score.map { Int($0.total) },
            maxTotal: e.score.map { Int($0.maxTotal) },
            band: e.score?.band,
            escalations: logged.escalations.map(EscalationCard.from).stableSorted { $0.action.ordinal < $1.action.ordinal }
        )
    }
}

/// One escalation from the care plan: what to do, the configured contacts,
/// and (for a crisis) the crisis lines. The core holds no phone numbers of
/// its own: every contact here was configured by the person or their team.
public struct EscalationCard: Equatable {
    public let action: EscalationAction
    public let message: String
    public let instructions: String
    public let contacts: [CareContact]
    public let crisisResources: [CrisisResource]

    /// Crisis: show the crisis lines first, with one-tap call/text.
    public var crisis: Bool { action == .crisis }

    /// The card for the core's escalation.
    public static func from(_ e: Escalation) -> EscalationCard {
        EscalationCard(action: e.action, message: e.message, instructions: e.instructions, contacts: e.contacts,
                       crisisResources: e.crisisResources)
    }
}

/// The outcome of a form's save: saved, or the field to mark and why.
public enum FormResult: Equatable {
    /// Saved; show `entry` (and its escalations first).
    case saved(entry: SavedEntry)
    /// Not saved: mark `field` (the core's dotted path) with `reason`.
    case invalid(field: String, reason: String)

    /// Runs a save, turning a rule broken by the input into `invalid`.
    public static func of(_ save: () throws -> LoggedEntry) throws -> FormResult {
        do {
            return .saved(entry: try SavedEntry.from(save()))
        } catch let CadenceClientError.invalidInput(field, reason) {
            return .invalid(field: field, reason: reason)
        }
    }
}
