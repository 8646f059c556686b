// Today: doses by routine moment with their badge and buttons, and the
// clinician report handed to the share sheet. (Named *Screen: `TodayView`
// is the core's record.)
import CadenceBindings
import CadenceKit
import SwiftUI

@MainActor
struct TodayScreen: View {
    @EnvironmentObject private var model: AppModel
    @State private var state: TodayState?
    @State private var report: ReportLink?
    @State private var problem: String?

    var body: some View {
        NavigationStack {
            List {
                if let status = model.reminderStatus {
                    // Why reminders may not reach the person, most serious first.
                    ForEach(status.problems, id: \.self) { problem in
                        Text(ReminderStatus.message(problem, status)).foregroundStyle(.orange)
                    }
                }
                if let state, state.isEmpty {
                    Text("Nothing scheduled today.").foregroundStyle(.secondary)
                }
                ForEach(state?.sections ?? [], id: \.moment) { section in
                    Section("\(String(describing: section.moment).capitalized), \(section.time.toWallTime())") {
                        ForEach(section.rows) { row in DoseRowView(row: row, act: act) }
                    }
                }
                if let problem {
                    Text(problem).foregroundStyle(.red)
                }
            }
            .navigationTitle(state.map { "Today, \($0.taken) of \($0.scheduled) taken" } ?? "Today")
            .toolbar {
                ToolbarItem(placement: .primaryAction) {
                    if let report {
                        ShareLink(item: report.file, subject: Text(report.title)) {
                            Label("Report", systemImage: "square.and.arrow.up")
                        }
                    } else {
                        Button("Report") { Task { await prepareReport() } }
                    }
                }
            }
            .refreshable { await load() }
            .task { await load() }
            // A notification action, the foreground, a new zone: doses may have changed elsewhere.
            .onChange(of: model.revision) { _ in Task { await load() } }
        }
    }

    private func load() async {
        do {
            state = try await model.run { client in try TodayState.load(client) }
        } catch {
            problem = "\(error)"
        }
    }

    private func act(_ row: DoseRow, _ action: DoseRowAction) {
        if action == .guidance {
            model.guidanceFor = GuidanceTarget(id: row.occurrenceId)
            return
        }
        Task {
            do {
                _ = try await model.run { client -> Void in
                    switch action {
                    case .take: _ = try client.take(row.occurrenceId)
                    case .skip: _ = try client.skip(row.occurrenceId, reason: defaultSkipReason())
                    case .snooze: _ = try client.snooze(row.occurrenceId, minutes: ReminderScheduler.defaultSnoozeMinutes)
                    case .undo: if let entry = row.logEntryId { _ = try client.undo(entry) }
                    case .guidance: break
                    }
                }
                model.refreshReminders()
                await load()
            } catch {
                problem = "\(error)"
            }
        }
    }

    /// Writes the last 90 days' report into the caches folder, then offers it to the share sheet.
    private func prepareReport() async {
        let caches = FileManager.default.urls(for: .cachesDirectory, in: .userDomainMask)[0]
            .appendingPathComponent("reports", isDirectory: true)
        do {
            report = try await model.run { client in
                try ReportLink.create(client, dir: caches, to: LocalDate(client.now(), in: TimeZone.current))
            }
        } catch {
            problem = "\(error)"
        }
    }
}

private struct DoseRowView: View {
    let row: DoseRow
    let act: (DoseRow, DoseRowAction) -> Void

    var body: some View {
        VStack(alignment: .leading, spacing: 6) {
            HStack {
                Text(row.medicationName).font(.headline)
                Text(row.doseText).foregroundStyle(.secondary)
                Spacer()
                Text(badgeText).font(.caption).foregroundStyle(badgeColor)
            }
            HStack {
                ForEach(row.actions, id: \.self) { action in
                    Button(title(action)) { act(row, action) }.buttonStyle(.bordered)
                }
            }
        }
    }

    private var badgeText: String {
        switch row.badge {
        case .upcoming: return row.time.toWallTime()
        case .due: return "Due"
        case .late: return "Late \(row.minutesLate ?? 0) min"
        case .takenOnTime, .takenLate: return "Taken"
        case .skipped: return "Skipped"
        case .missed: return "Missed"
        }
    }

    private var badgeColor: Color {
        switch row.badge {
        case .due, .late: return .orange
        case .missed: return .red
        case .takenOnTime, .takenLate: return .green
        case .upcoming, .skipped: return .secondary
        }
    }

    private func title(_ action: DoseRowAction) -> String {
        switch action {
        case .take: return "Take"
        case .skip: return "Skip"
        case .snooze: return "Snooze"
        case .guidance: return "What now?"
        case .undo: return "Undo"
        }
    }
}
