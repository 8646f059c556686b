// Medicines: what the person takes, active then stopped, each with its
// schedule in words, its supply and its actions (change the schedule, stop,
// restart, count the supply, refill) and, on active ones, the missed-dose
// plan in words with its Edit sheet (MissedDosePlanScreen.swift). "Add a
// medication" opens the form (MedicationFormScreen.swift), "Daily routine"
// the routine (RoutineScreen.swift).
// Every change reconciles reminders, as on the other screens.
import CadenceBindings
import CadenceKit
import SwiftUI

/// A button on a medicine's row.
private enum MedicineAction: Hashable {
    case changeSchedule, stop, restart, countSupply, refill, missedDosePlan
}

/// The supply being entered: a count of what is on hand, or a refill to add.
private struct SupplyEdit {
    let row: MedicineRow
    let refill: Bool
}

@MainActor
struct MedicinesScreen: View {
    @EnvironmentObject private var model: AppModel
    @State private var state: MedicinesState?
    @State private var editing: FormTarget?
    @State private var planning: MedicineRow?
    @State private var supply: SupplyEdit?
    @State private var amount = ""
    @State private var stopping: MedicineRow?
    @State private var problem: String?

    var body: some View {
        NavigationStack {
            List {
                Section {
                    if let state, state.isEmpty {
                        Text("Nothing here yet. Add a medication to get reminders and see your doses on Today.")
                            .foregroundStyle(.secondary)
                    }
                    NavigationLink("Daily routine") { RoutineScreen() }
                }
                Section {
                    ForEach(state?.active ?? []) { row in MedicineRowView(row: row, act: act) }
                }
                if let stopped = state?.stopped, !stopped.isEmpty {
                    Section("Stopped") {
                        ForEach(stopped) { row in MedicineRowView(row: row, act: act) }
                    }
                }
                if let problem {
                    Text(problem).foregroundStyle(.red)
                }
            }
            .navigationTitle("Your medicines")
            .toolbar {
                ToolbarItem(placement: .primaryAction) {
                    Button { add() } label: { Label("Add a medication", systemImage: "plus") }
                }
            }
            .sheet(item: $editing) { target in
                MedicationFormScreen(target: target) { await load() }.environmentObject(model)
            }
            .sheet(item: $planning) { row in
                MissedDosePlanScreen(row: row) { await load() }.environmentObject(model)
            }
            .alert(supplyTitle, isPresented: isPresent($supply), presenting: supply) { edit in
                TextField("Amount", text: $amount).keyboardType(.decimalPad)
                Button("Save") { saveSupply(edit) }
                Button("Cancel", role: .cancel) {}
            }
            .alert(Text("Stop \(stopping?.medication.name ?? "") from today?"), isPresented: isPresent($stopping),
                   presenting: stopping) { row in
                Button("Stop", role: .destructive) {
                    change { client in
                        try MedicinesState.stop(client, row: row, on: try client.localDate())
                    }
                }
                Button("Cancel", role: .cancel) {}
            } message: { _ in
                Text("Its reminders end; its history stays, and you can restart it.")
            }
            .refreshable { await load() }
            .task { await load() }
        }
    }

    private var supplyTitle: Text {
        guard let supply else { return Text("") }
        let unit = supply.row.supplyUnit
        return supply.refill ? Text("How much did you get? (\(unit))") : Text("How much do you have now? (\(unit))")
    }

    private func load() async {
        do {
            state = try await model.run { client in try MedicinesState.load(client) }
            problem = nil
        } catch {
            problem = "\(error)"
        }
    }

    private func add() {
        editing = FormTarget(form: MedicationForm(startsOn: LocalDate(Date(), in: TimeZone.current)), row: nil)
    }

    private func act(_ row: MedicineRow, _ action: MedicineAction) {
        switch action {
        case .changeSchedule:
            // From today, or the first day after the doses already due (the kit moves it).
            if let form = MedicationForm.changing(row, from: LocalDate(Date(), in: TimeZone.current)) {
                editing = FormTarget(form: form, row: row)
            }
        case .stop:
            stopping = row
        case .restart:
            change { client in try MedicinesState.restart(client, row: row) }
        case .countSupply, .refill:
            amount = ""
            supply = SupplyEdit(row: row, refill: action == .refill)
        case .missedDosePlan:
            planning = row
        }
    }

    private func saveSupply(_ edit: SupplyEdit) {
        let text = amount.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: ",", with: ".")
        guard let value = Double(text), value.isFinite else {
            problem = String(localized: "Enter a number, such as 30 or 2.5.")
            return
        }
        change { client in
            if edit.refill { return try MedicinesState.refill(client, row: edit.row, amount: value) }
            return try MedicinesState.countSupply(client, row: edit.row, onHand: value)
        }
    }

    /// Runs a change to one medication, then reconciles reminders and reloads the list.
    private func change(_ body: @escaping (CadenceClient) throws -> MedicineRow) {
        Task {
            do {
                _ = try await model.run(body)
                model.refreshReminders()
                await load()
            } catch {
                problem = "\(error)"
            }
        }
    }
}

/// True while `item` is set; dismissing clears it.
private func isPresent<T>(_ item: Binding<T?>) -> Binding<Bool> {
    Binding(get: { item.wrappedValue != nil }, set: { shown in if !shown { item.wrappedValue = nil } })
}

private struct MedicineRowView: View {
    let row: MedicineRow
    let act: (MedicineRow, MedicineAction) -> Void

    var body: some View {
        VStack(alignment: .leading, spacing: 6) {
            Text(title).font(.headline)
            Text(ScheduleWords.schedule(row.schedule))
            if let supply = row.supply {
                Text(ScheduleWords.supply(supply)).font(.caption).foregroundStyle(.secondary)
            }
            if let stoppedOn = row.medication.stoppedOn, let date = try? isoDate(stoppedOn) {
                Text("Stopped on \(ScheduleWords.date(date))").font(.caption).foregroundStyle(.secondary)
            }
            if !row.stopped {
                MissedDosePlanLine(rule: row.missedDoseRule) { act(row, .missedDosePlan) }
            }
            ScrollView(.horizontal, showsIndicators: false) {
                HStack {
                    if row.canChangeSchedule {
                        Button("Change schedule") { act(row, .changeSchedule) }
                    }
                    if row.stopped {
                        Button("Restart") { act(row, .restart) }
                    } else {
                        Button("Count supply") { act(row, .countSupply) }
                        if row.supply != nil {
                            Button("Refill") { act(row, .refill) }
                        }
                        Button("Stop", role: .destructive) { act(row, .stop) }
                    }
                }
                .buttonStyle(.bordered)
            }
        }
    }

    /// "Sertraline · 50 mg".
    private var title: String {
        guard let strength = row.medication.strength else { return row.medication.name }
        return "\(row.medication.name) · \(doseText(Dose(amount: strength.amount, unit: strength.unit)))"
    }
}
