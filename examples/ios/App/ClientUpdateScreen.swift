// One client on the care team's side (ClinicianScreen.swift): their key's
// fingerprint and their newest update, section by section: adherence (with
// the doses that broke a limit), side effects, mood, questionnaires, goals
// and their questions. A section the client did not share is empty in the
// update: it says so ("Not shared") instead of disappearing. The same update
// as the clinician report with its charts goes to the share sheet.
import CadenceBindings
import CadenceKit
import SwiftUI

@MainActor
struct ClientUpdateScreen: View {
    @EnvironmentObject private var model: AppModel
    let row: ClientRow
    /// The update written as the clinician report, once made.
    @State private var report: ClientReport?
    @State private var problem: String?

    var body: some View {
        List {
            Section {
                LabeledContent("Fingerprint", value: row.fingerprint)
                if let latest = row.latest {
                    LabeledContent("Period", value: ClinicianWords.period(latest.from, latest.to))
                    LabeledContent("Sent", value: latest.createdAt.formatted(date: .abbreviated, time: .shortened))
                    LabeledContent("Records", value: "\(latest.recordCount)")
                    if row.bundles > 1 {
                        Text("The newest of \(row.bundles) periods they sent").font(.caption).foregroundStyle(.secondary)
                    }
                } else {
                    Text("No update yet: open a file they send you.").foregroundStyle(.secondary)
                }
            }
            if row.latest != nil {
                Section {
                    if let report {
                        ShareLink(item: report.file, subject: Text(report.title)) {
                            Label("Report with charts", systemImage: "square.and.arrow.up")
                        }
                    } else {
                        Button("Create report") { Task { await prepareReport() } }
                    }
                    if let problem { Text(problem).foregroundStyle(.red) }
                } footer: {
                    Text("The same update as the clinician report with its charts: only what the client shared, and what they did not share named at the top.")
                }
            }
            if let latest = row.latest {
                UpdateSections(update: latest.update, shared: Set(latest.categories))
            }
        }
        .navigationTitle(row.label)
    }

    /// Writes the client's newest update as the report into the caches
    /// folder (the previous client report there is deleted), then offers it
    /// to the share sheet.
    private func prepareReport() async {
        let caches = FileManager.default.urls(for: .cachesDirectory, in: .userDomainMask)[0]
            .appendingPathComponent("reports", isDirectory: true)
        let clientId = row.id
        do {
            report = try await model.run { client in try CareTeamInbox.report(client, clientId: clientId, dir: caches) }
            problem = nil
        } catch {
            problem = "\(error)"
        }
    }
}

/// The sections of a clinician update; `shared` is what the client granted
/// for it, to word an empty section.
private struct UpdateSections: View {
    let update: ClinicianUpdate
    let shared: Set<ConsentCategory>

    var body: some View {
        adherence
        Section("Side effects") {
            if update.sideEffects.isEmpty { empty(.sideEffects) }
            ForEach(update.sideEffects, id: \.symptom) { effect in
                VStack(alignment: .leading, spacing: 2) {
                    Text(ClinicianWords.symptom(effect.symptom))
                    Text("Worst \(ClinicianWords.severity(effect.worst)), latest \(ClinicianWords.severity(effect.latest))")
                    Text("\(Int(effect.entries)) entries, \(ClinicianWords.period(effect.firstOn, effect.lastOn))")
                        .font(.caption).foregroundStyle(.secondary)
                }
            }
        }
        Section("Mood") {
            if let mood = update.mood {
                LabeledContent("Check-ins", value: "\(mood.checkIns)")
                LabeledContent("Average, first half", value: ClinicianWords.average(mood.firstHalfAverage))
                LabeledContent("Average, second half", value: ClinicianWords.average(mood.secondHalfAverage))
                Text("Mood is rated from -3 to +3.").font(.caption).foregroundStyle(.secondary)
            } else {
                empty(.mood)
            }
        }
        Section("Questionnaires") {
            if update.questionnaires.isEmpty { empty(.questionnaires) }
            ForEach(Array(update.questionnaires.enumerated()), id: \.offset) { item in
                let point = item.element
                LabeledContent("\(ClinicianWords.instrument(point.instrument)), \(ClinicianWords.date(point.date))",
                               value: "\(point.total) · \(ClinicianWords.band(point.band))")
            }
        }
        Section("Goals") {
            if update.goals.isEmpty { empty(.goals) }
            ForEach(Array(update.goals.enumerated()), id: \.offset) { item in
                VStack(alignment: .leading, spacing: 2) {
                    Text(item.element.goal)
                    Text(rating(item.element)).font(.caption).foregroundStyle(.secondary)
                }
            }
        }
        Section("Their questions for you") {
            if update.questions.isEmpty { empty(.shareableNotes) }
            ForEach(Array(update.questions.enumerated()), id: \.offset) { item in
                Text(item.element)
            }
        }
    }

    /// Adherence and the flagged doses (the dose-log category).
    private var adherence: some View {
        Section("Adherence") {
            if let adherence = update.adherence {
                let overall = adherence.overall
                LabeledContent("Doses taken", value: String(localized: "\(Int(overall.taken)) of \(Int(overall.due))"))
                LabeledContent("Taken", value: ClinicianWords.percent(overall.takingPercent))
                LabeledContent("On time", value: ClinicianWords.percent(overall.timingPercent))
                LabeledContent("Trend", value: ClinicianWords.trend(adherence.trend))
                if !overall.barriers.isEmpty {
                    LabeledContent("Top barriers", value: ClinicianWords.barriers(overall.barriers))
                }
                if adherence.holidays.longestDays >= 2 {
                    LabeledContent("Longest gap", value: String(localized: "\(Int(adherence.holidays.longestDays)) days"))
                }
                LabeledContent("Flagged doses", value: "\(update.flagged.count)")
                ForEach(Array(adherence.medications.enumerated()), id: \.offset) { item in
                    let medication = item.element
                    let taken = ClinicianWords.percent(medication.takingPercent)
                    let onTime = ClinicianWords.percent(medication.timingPercent)
                    LabeledContent(medication.name, value: String(localized: "\(taken) taken, \(onTime) on time"))
                }
            } else {
                empty(.doseLog)
            }
        }
    }

    /// "Latest rating 7 of 10 · 3 check-ins".
    private func rating(_ goal: GoalProgress) -> String {
        let checkIns = String(localized: "\(Int(goal.checkIns)) check-ins")
        guard let latest = goal.latestRating else { return checkIns }
        return String(localized: "Latest rating \(Int(latest)) of 10 · \(checkIns)")
    }

    /// The line of an empty section.
    private func empty(_ category: ConsentCategory) -> some View {
        Text(ClinicianWords.empty(category, shared: shared)).foregroundStyle(.secondary)
    }
}
