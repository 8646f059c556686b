// The medication form in a sheet: what it is and the dose (new medications
// only), when in the day, which days, from when, and the instructions. Every
// change goes through the kit's MedicationForm (withForm, toggleMoment,
// addTime, toggleDay...); Save follows its canSave, and a field the kit or
// the core refuses is shown under the part of the form it names.
import CadenceBindings
import CadenceKit
import SwiftUI

/// What the sheet edits: a new medication (`row` nil), or `row`'s schedule from `form.startsOn`.
struct FormTarget: Identifiable {
    let id = UUID()
    let form: MedicationForm
    let row: MedicineRow?
}

/// Routine moments, clock times or as needed.
private enum TimesKind: Hashable {
    case moments, clock, asNeeded
}

@MainActor
struct MedicationFormScreen: View {
    let target: FormTarget
    /// Called after a save, before the sheet closes (the list reloads).
    let saved: () async -> Void
    @EnvironmentObject private var model: AppModel
    @Environment(\.dismiss) private var dismiss
    @State private var form: MedicationForm
    @State private var newTime = LocalTime(8, 0).today
    @State private var invalid: (field: String, reason: String)?
    @State private var failure: String?
    @State private var saving = false

    private static let forms: [DoseForm] = [.tablet, .capsule, .liquid, .injection, .patch, .inhaler, .drops, .other]

    init(target: FormTarget, saved: @escaping () async -> Void) {
        self.target = target
        self.saved = saved
        _form = State(initialValue: target.form)
    }

    var body: some View {
        NavigationStack {
            Form {
                if target.row == nil {
                    Section {
                        TextField("Name", text: $form.name)
                        Picker("Form", selection: Binding(get: { form.form }, set: { form = form.withForm($0) })) {
                            ForEach(Self.forms, id: \.self) { f in Text(ScheduleWords.doseForm(f)).tag(f) }
                        }
                        HStack {
                            TextField("Strength (optional)", text: $form.strength).keyboardType(.decimalPad)
                            TextField("Strength unit", text: $form.strengthUnit)
                        }
                        TextField("Instructions (optional)", text: $form.instructions, axis: .vertical)
                        problem(["medication"])
                    }
                }
                Section("Dose") {
                    HStack {
                        TextField("Dose", text: $form.dose).keyboardType(.decimalPad)
                        TextField("Dose unit", text: $form.doseUnit)
                    }
                    problem(["dose"])
                }
                Section("When") {
                    Picker("When", selection: kind) {
                        Text("With my routine").tag(TimesKind.moments)
                        Text("At set times").tag(TimesKind.clock)
                        Text("As needed").tag(TimesKind.asNeeded)
                    }
                    .pickerStyle(.segmented)
                    times
                    problem(["times"])
                }
                Section("Which days") {
                    days
                    problem(["days"])
                }
                Section {
                    if target.row == nil {
                        DatePicker("Starts on", selection: startsOn, displayedComponents: .date)
                    } else {
                        if let earliest = target.row?.changeableFrom {
                            // The picker starts there (display only: the kit refuses an earlier date all the same).
                            DatePicker("Change from", selection: startsOn,
                                       in: earliest.atTime(LocalTime(0, 0), in: TimeZone.current)..., displayedComponents: .date)
                            Text("Doses already due keep their times: \(ScheduleWords.date(earliest)) at the earliest.")
                                .font(.caption).foregroundStyle(.secondary)
                        } else {
                            DatePicker("Change from", selection: startsOn, displayedComponents: .date)
                        }
                    }
                }
                if let invalid, !Self.shown.contains(where: { invalid.field.hasPrefix($0) }) {
                    Text("Not saved: \(invalid.field): \(invalid.reason)").foregroundStyle(.red)
                }
                if let failure {
                    Text(failure).foregroundStyle(.red)
                }
            }
            .navigationTitle(target.row.map { Text("Change the schedule of \($0.medication.name)") } ?? Text("Add a medication"))
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) { Button("Cancel") { dismiss() } }
                ToolbarItem(placement: .confirmationAction) {
                    Button("Save") { save() }.disabled(!form.canSave || saving)
                }
            }
        }
    }

    /// The field prefixes shown under a section; others go at the bottom.
    private static let shown = ["medication", "dose", "times", "days"]

    /// The refused field's reason, under the section it belongs to.
    @ViewBuilder private func problem(_ prefixes: [String]) -> some View {
        if let invalid, prefixes.contains(where: { invalid.field.hasPrefix($0) }) {
            Text("Not saved: \(invalid.reason)").foregroundStyle(.red)
        }
    }

    @ViewBuilder private var times: some View {
        switch form.times {
        case let .atMoments(moments):
            // The offered moments, and any other a prescriber's plan uses (kept as they are).
            ForEach(Schedule.moments + form.times.ordered.filter { !Schedule.moments.contains($0) }, id: \.self) { moment in
                Toggle(ScheduleWords.moment(moment),
                       isOn: Binding(get: { moments.contains(moment) }, set: { _ in form = form.toggleMoment(moment) }))
            }
        case let .atClockTimes(chosen):
            ForEach(chosen, id: \.self) { time in
                HStack {
                    Text(time.toWallTime())
                    Spacer()
                    Button("Remove", role: .destructive) { form = form.removeTime(time) }.buttonStyle(.borderless)
                }
            }
            HStack {
                DatePicker("Add a time", selection: $newTime, displayedComponents: .hourAndMinute)
                Button("Add") { form = form.addTime(LocalTime(picked: newTime)) }.buttonStyle(.borderless)
            }
        case let .asNeeded(maxPerDay, minHoursApart):
            // 0 is "no limit" (nil in the kit).
            Stepper(value: Binding(get: { maxPerDay ?? 0 }, set: { n in
                form.times = .asNeeded(maxPerDay: n == 0 ? nil : n, minHoursApart: minHoursApart)
            }), in: 0...24) {
                if let n = maxPerDay { Text("Most doses a day: \(n)") } else { Text("Most doses a day: no limit") }
            }
            Stepper(value: Binding(get: { minHoursApart ?? 0 }, set: { h in
                form.times = .asNeeded(maxPerDay: maxPerDay, minHoursApart: h == 0 ? nil : h)
            }), in: 0...24) {
                if let h = minHoursApart { Text("Hours between doses: \(h)") } else { Text("Hours between doses: any") }
            }
        }
    }

    @ViewBuilder private var days: some View {
        Toggle("Every few days", isOn: Binding(get: { everyFewDays }, set: { on in
            // Counted from the start date (the kit sets it on save).
            form.days = on ? .everyNDays(every: Int(formLimits().everyDaysMin), start: form.startsOn) : .everyDay
        }))
        if case let .everyNDays(every, start) = form.days {
            Stepper("Every \(every) days", value: Binding(get: { every }, set: { n in
                form.days = .everyNDays(every: n, start: start)
            }), in: Int(formLimits().everyDaysMin)...Int(formLimits().everyDaysMax))
        } else {
            ForEach(Weekday.allCases, id: \.self) { day in
                Toggle(ScheduleWords.day(day), isOn: Binding(get: { takes(day) }, set: { _ in form = form.toggleDay(day) }))
            }
        }
    }

    private var everyFewDays: Bool {
        if case .everyNDays = form.days { return true }
        return false
    }

    private func takes(_ day: Weekday) -> Bool {
        switch form.days {
        case .everyDay: return true
        case let .onWeekdays(chosen): return chosen.contains(day)
        case .everyNDays: return false
        }
    }

    /// The segmented choice; a new kind starts with nothing chosen, so Save waits for a moment or a time.
    private var kind: Binding<TimesKind> {
        Binding(
            get: {
                switch form.times {
                case .atMoments: return .moments
                case .atClockTimes: return .clock
                case .asNeeded: return .asNeeded
                }
            },
            set: { kind in
                switch kind {
                case .moments: form.times = .atMoments(moments: [])
                case .clock: form.times = .atClockTimes(times: [])
                case .asNeeded: form.times = .asNeeded(maxPerDay: nil, minHoursApart: nil)
                }
            }
        )
    }

    private var startsOn: Binding<Date> {
        Binding(get: { form.startsOn.atTime(LocalTime(12, 0), in: TimeZone.current) },
                set: { form.startsOn = LocalDate($0, in: TimeZone.current) })
    }

    private func save() {
        let form = self.form, row = target.row
        saving = true
        Task {
            defer { saving = false }
            do {
                invalid = try await model.save { client -> MedicationResult in
                    if let row { return try form.changeSchedule(client, row: row) }
                    return try form.submit(client)
                }
                failure = nil
                if invalid == nil {
                    await saved()
                    dismiss()
                }
            } catch {
                failure = "\(error)"
            }
        }
    }
}
