// The daily routine (pushed from the Medicines tab): when the person wakes,
// eats and goes to bed, on weekdays and at weekends. Doses tied to a moment
// move with it: each change goes to the kit (RoutineState.set), then
// reminders are reconciled.
import CadenceBindings
import CadenceKit
import SwiftUI

@MainActor
struct RoutineScreen: View {
    @EnvironmentObject private var model: AppModel
    @State private var state: RoutineState?
    @State private var problem: String?

    var body: some View {
        Form {
            Section {
                Text("Doses taken with a meal, on waking or at bedtime follow these times.")
                    .foregroundStyle(.secondary)
            }
            ForEach(state?.rows ?? [], id: \.event) { row in
                Section(ScheduleWords.event(row.event)) {
                    DatePicker("Weekdays", selection: time(row, .weekday), displayedComponents: .hourAndMinute)
                    DatePicker("Weekends", selection: time(row, .weekend), displayedComponents: .hourAndMinute)
                }
            }
            if let problem {
                Text(problem).foregroundStyle(.red)
            }
        }
        .navigationTitle("Daily routine")
        .task { await load() }
    }

    private func load() async {
        do {
            state = try await model.run { client in try RoutineState.load(client) }
        } catch {
            problem = "\(error)"
        }
    }

    /// The moment's time on `kind` days; setting it moves the moment.
    private func time(_ row: RoutineRow, _ kind: DayKind) -> Binding<Date> {
        Binding(get: { row.at(kind).today }, set: { date in move(row.event, kind, to: LocalTime(picked: date)) })
    }

    private func move(_ event: RoutineEvent, _ kind: DayKind, to time: LocalTime) {
        Task {
            do {
                state = try await model.run { client in try RoutineState.set(client, event: event, kind: kind, time: time) }
                problem = nil
                model.refreshReminders() // doses at that moment move with it
            } catch {
                problem = "\(error)"
            }
        }
    }
}
