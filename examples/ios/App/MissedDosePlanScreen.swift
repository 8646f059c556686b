// The missed-dose plan of a medication: its rule in words on the medicines
// list ("If a dose is missed: ..." and the prescriber's note; the words are
// MissedDoseWords, in ScheduleWords.swift), and the sheet where the person
// copies their prescriber's or pharmacist's instructions.
// Every change goes through the kit's MissedDoseForm (withKind, then the
// pattern's parameters and the note); Save is MissedDoseForm.save, and a
// field the core refuses is shown under the part of the sheet it names.
import CadenceBindings
import CadenceKit
import SwiftUI

/// "If a dose is missed: ..." with the prescriber's note and Edit, under an active medication.
struct MissedDosePlanLine: View {
    let rule: MissedDoseRule
    let edit: () -> Void

    var body: some View {
        VStack(alignment: .leading, spacing: 2) {
            HStack {
                Text("If a dose is missed: \(MissedDoseWords.rule(rule.pattern))")
                Spacer()
                Button("Edit", action: edit).buttonStyle(.borderless)
            }
            if !note.isEmpty {
                Text("Your prescriber: \u{201C}\(note)\u{201D}").italic()
            }
        }
        .font(.caption)
    }

    private var note: String { rule.note.trimmingCharacters(in: .whitespacesAndNewlines) }
}

@MainActor
struct MissedDosePlanScreen: View {
    let row: MedicineRow
    /// Called after a save, before the sheet closes (the list reloads).
    let saved: () async -> Void
    @EnvironmentObject private var model: AppModel
    @Environment(\.dismiss) private var dismiss
    @State private var form: MissedDoseForm
    @State private var invalid: (field: String, reason: String)?
    @State private var failure: String?
    @State private var saving = false

    init(row: MedicineRow, saved: @escaping () async -> Void) {
        self.row = row
        self.saved = saved
        _form = State(initialValue: MissedDoseForm.of(row))
    }

    var body: some View {
        NavigationStack {
            Form {
                Section {
                    Text("These are your prescriber's or pharmacist's instructions for a missed dose: copy them as they gave them.")
                        .font(.callout)
                }
                Section {
                    Picker("What the instructions say", selection: kind) {
                        ForEach(MissedDoseKind.allCases, id: \.self) { kind in Text(MissedDoseWords.kind(kind)).tag(kind) }
                    }
                    parameters
                    Text("If a dose is missed: \(MissedDoseWords.rule(form.pattern))").font(.caption).foregroundStyle(.secondary)
                } footer: {
                    Text("The missed-dose advice (\u{201C}What now?\u{201D} on Today) follows them.")
                }
                Section {
                    TextField("Prescriber's note (optional)", text: $form.note, axis: .vertical)
                    problem("missed_dose_rule.note")
                }
                if let invalid, !invalid.field.hasPrefix("missed_dose_rule.pattern."), invalid.field != "missed_dose_rule.note" {
                    Text("Not saved: \(invalid.field): \(invalid.reason)").foregroundStyle(.red)
                }
                if let failure {
                    Text(failure).foregroundStyle(.red)
                }
            }
            .navigationTitle(Text("If a dose of \(row.medication.name) is missed"))
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) { Button("Cancel") { dismiss() } }
                ToolbarItem(placement: .confirmationAction) {
                    Button("Save") { save() }.disabled(saving)
                }
            }
        }
    }

    /// The chosen pattern's parameters: hours as decimal numbers, days and doses as whole numbers.
    @ViewBuilder private var parameters: some View {
        switch form.pattern {
        case let .general(nearNextHours):
            HoursField(Text("Skip it if the next dose is due within (hours)"), hours: nearNextHours) { h in
                form.pattern = .general(nearNextHours: h)
            }
            problem("missed_dose_rule.pattern.near_next_hours")
        case let .narrowWindow(windowHours, otherwise):
            HoursField(Text("Take it within (hours after its time)"), hours: windowHours) { h in
                form.pattern = .narrowWindow(windowHours: h, otherwise: otherwise)
            }
            problem("missed_dose_rule.pattern.window_hours")
            fallback(otherwise) { f in form.pattern = .narrowWindow(windowHours: windowHours, otherwise: f) }
        case let .takeEvenIfTwo(takeWithinHours, otherwise):
            HoursField(Text("Take it up to (hours late)"), hours: takeWithinHours) { h in
                form.pattern = .takeEvenIfTwo(takeWithinHours: h, otherwise: otherwise)
            }
            problem("missed_dose_rule.pattern.take_within_hours")
            fallback(otherwise) { f in form.pattern = .takeEvenIfTwo(takeWithinHours: takeWithinHours, otherwise: f) }
        case let .skipIfLate(skipAfterHours):
            HoursField(Text("Skip it if more than (hours late)"), hours: skipAfterHours) { h in
                form.pattern = .skipIfLate(skipAfterHours: h)
            }
            problem("missed_dose_rule.pattern.skip_after_hours")
        case let .weeklyWindow(windowDays, minHoursBeforeNext):
            Stepper(value: Binding(get: { Int(windowDays) }, set: { d in
                form.pattern = .weeklyWindow(windowDays: UInt32(clamping: d), minHoursBeforeNext: minHoursBeforeNext)
            }), in: Int(formLimits().windowDaysMin)...Int(formLimits().windowDaysMax)) {
                Text("Take it within \(Int(windowDays)) days")
            }
            problem("missed_dose_rule.pattern.window_days")
            HoursField(Text("Keep before the next dose (hours)"), hours: minHoursBeforeNext) { h in
                form.pattern = .weeklyWindow(windowDays: windowDays, minHoursBeforeNext: h)
            }
            problem("missed_dose_rule.pattern.min_hours_before_next")
        case let .contactPrescriberAfterMissed(missedDoses, nearNextHours):
            Stepper(value: Binding(get: { Int(missedDoses) }, set: { n in
                form.pattern = .contactPrescriberAfterMissed(missedDoses: UInt32(clamping: n), nearNextHours: nearNextHours)
            }), in: Int(formLimits().missedDosesMin)...Int(formLimits().missedDosesMax)) {
                Text("Call after \(Int(missedDoses)) missed doses in a row")
            }
            problem("missed_dose_rule.pattern.missed_doses")
            HoursField(Text("Until then, skip it if the next dose is due within (hours)"), hours: nearNextHours) { h in
                form.pattern = .contactPrescriberAfterMissed(missedDoses: missedDoses, nearNextHours: h)
            }
            problem("missed_dose_rule.pattern.near_next_hours")
        }
    }

    /// The chosen kind; a new kind starts with its usual parameters (MissedDoseForm.withKind).
    private var kind: Binding<MissedDoseKind> {
        Binding(get: { form.kind }, set: { kind in
            form = form.withKind(kind)
            invalid = nil
        })
    }

    /// What to do once the window has passed.
    private func fallback(_ value: WindowFallback, _ set: @escaping (WindowFallback) -> Void) -> some View {
        Picker("After that", selection: Binding(get: { value }, set: set)) {
            Text("Skip it").tag(WindowFallback.skip)
            Text("Contact your prescriber").tag(WindowFallback.contactPrescriber)
        }
    }

    /// The refused field's reason, under the field it names.
    @ViewBuilder private func problem(_ field: String) -> some View {
        if let invalid, invalid.field == field {
            Text("Not saved: \(invalid.reason)").foregroundStyle(.red)
        }
    }

    private func save() {
        let form = self.form, row = self.row
        saving = true
        Task {
            defer { saving = false }
            do {
                invalid = try await model.save { client in try form.save(client, row: row) }
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

/// Hours as typed ("1.5", "1,5"); text that is not a number goes to the kit
/// as NaN, which the core refuses by field.
private struct HoursField: View {
    let label: Text
    let set: (Double) -> Void
    @State private var text: String

    init(_ label: Text, hours: Double, set: @escaping (Double) -> Void) {
        self.label = label
        self.set = set
        _text = State(initialValue: Self.typed(hours))
    }

    var body: some View {
        HStack {
            label
            Spacer()
            TextField("Hours", text: $text)
                .keyboardType(.decimalPad)
                .multilineTextAlignment(.trailing)
                .frame(maxWidth: 80)
        }
        .onChange(of: text) { value in
            let typed = value.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: ",", with: ".")
            set(Double(typed) ?? Double.nan)
        }
    }

    /// As Double() reads it back: 2.0 as "2", 1.5 as "1.5".
    private static func typed(_ hours: Double) -> String {
        guard hours.isFinite else { return "" }
        return hours == hours.rounded() && abs(hours) < 1e9 ? String(Int(hours)) : String(hours)
    }
}
