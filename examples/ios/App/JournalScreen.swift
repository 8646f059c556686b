// The journal: a mood check-in, the PHQ-9 (with its escalation cards, the
// crisis card first) and the last 30 days of entries.
import CadenceBindings
import CadenceKit
import SwiftUI

@MainActor
struct JournalScreen: View {
    @EnvironmentObject private var model: AppModel
    @State private var valence = 0
    @State private var shareMood = false
    @State private var phq = QuestionnaireForm(.phq9)
    @State private var saved: SavedEntry?
    @State private var invalid: String?
    @State private var journal: JournalState?

    private static let phqItems = [
        "Little interest or pleasure in doing things", "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much", "Feeling tired or having little energy",
        "Poor appetite or overeating", "Feeling bad about yourself",
        "Trouble concentrating on things", "Moving or speaking slowly, or being fidgety or restless",
        "Thoughts that you would be better off dead, or of hurting yourself",
    ]
    private static let answers = ["Not at all", "Several days", "More than half the days", "Nearly every day"]

    var body: some View {
        NavigationStack {
            Form {
                if let saved, !saved.escalations.isEmpty {
                    EscalationSection(cards: saved.escalations)
                }
                Section("How are you feeling?") {
                    Stepper("Mood \(valence)", value: $valence, in: -3...3)
                    Toggle("Share with my care team", isOn: $shareMood)
                    Button("Save mood") {
                        let mood = Mood(valence: Int32(valence)), shareable = shareMood
                        save { client in try client.logMood(mood, shareable: shareable) }
                    }
                }
                Section("PHQ-9: over the last two weeks, how often…") {
                    ForEach(0..<Self.phqItems.count, id: \.self) { i in
                        Picker(Self.phqItems[i], selection: answerBinding(i + 1)) {
                            Text("–").tag(-1)
                            ForEach(0..<4) { value in Text(Self.answers[value]).tag(value) }
                        }
                    }
                    Text("Score so far: \(phq.runningTotal)")
                    Button("Save questionnaire") {
                        let form = phq
                        save { client in try client.logQuestionnaire(form.instrument, answers: form.answers.compactMap { $0 }) }
                    }
                    .disabled(!phq.complete)
                }
                if let invalid {
                    Text(invalid).foregroundStyle(.red)
                }
                if let saved, let total = saved.total, let maxTotal = saved.maxTotal {
                    Text("Saved: \(total) of \(maxTotal)")
                }
                ForEach(journal?.days ?? [], id: \.date) { day in
                    Section(day.date.toIso()) {
                        ForEach(day.rows) { row in Text(describe(row)) }
                    }
                }
            }
            .navigationTitle("Journal")
            .task { await load() }
        }
    }

    private func describe(_ row: JournalRow) -> String {
        var text = "\(row.time.toWallTime())  \(row.kind)"
        if let valence = row.valence { text += ", mood \(valence)" }
        if let symptom = row.symptom { text += ", \(symptom)" }
        if let total = row.total { text += ", score \(total)" }
        return row.shareable ? text : text + " (private)"
    }

    private func answerBinding(_ item: Int) -> Binding<Int> {
        Binding(
            get: { phq.answers[item - 1] ?? -1 },
            set: { value in if value >= 0, let next = try? phq.answer(item, value) { phq = next } }
        )
    }

    /// Saves through FormResult: a broken rule marks the form instead of failing.
    private func save(_ body: @escaping (CadenceClient) throws -> LoggedEntry) {
        Task {
            do {
                let result = try await model.run { client in try FormResult.of { try body(client) } }
                switch result {
                case let .saved(entry):
                    saved = entry
                    invalid = nil
                    if entry.row.instrument != nil { phq = QuestionnaireForm(.phq9) }
                case let .invalid(field, reason):
                    invalid = "\(field): \(reason)"
                }
                await load()
            } catch {
                invalid = "\(error)"
            }
        }
    }

    private func load() async {
        let today = LocalDate(Date(), in: TimeZone.current)
        journal = try? await model.run { client in try JournalState.load(client, from: today.minusDays(29), to: today) }
    }
}

/// Escalation cards, most urgent first; a crisis card lists its lines with one-tap call.
private struct EscalationSection: View {
    let cards: [EscalationCard]

    var body: some View {
        ForEach(cards.indices, id: \.self) { i in
            let card = cards[i]
            Section(card.crisis ? "Get help now" : "Your care plan says") {
                Text(card.message).font(.headline)
                if !card.instructions.isEmpty { Text(card.instructions) }
                ForEach(card.crisisResources, id: \.name) { line in
                    if let call = URL(string: "tel:\(line.phone.filter { !$0.isWhitespace })") {
                        Link("\(line.name): \(line.phone)", destination: call)
                    }
                }
                ForEach(card.contacts, id: \.name) { contact in
                    LabeledContent(contact.name, value: contact.phone.isEmpty ? contact.email : contact.phone)
                }
            }
        }
    }
}
