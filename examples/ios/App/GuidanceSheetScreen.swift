// The missed-dose guidance sheet: the prescriber's rule for one late dose,
// in the core's words, with the buttons GuidanceSheet says make sense.
import CadenceBindings
import CadenceKit
import SwiftUI

@MainActor
struct GuidanceSheetScreen: View {
    let occurrenceId: String
    @EnvironmentObject private var model: AppModel
    @Environment(\.dismiss) private var dismiss
    @State private var sheet: GuidanceSheet?
    @State private var problem: String?

    var body: some View {
        NavigationStack {
            Form {
                if let sheet {
                    Section {
                        Text(sheet.headline).font(.title2.bold())
                        Text("\(sheet.medicationName) \(sheet.doseText), due \(sheet.scheduledAt.toLocalTime().toWallTime())")
                        Text(sheet.message)
                        if let note = sheet.prescriberNote {
                            Text("Your prescriber: \u{201C}\(note)\u{201D}").italic()
                        }
                    }
                    if sheet.buttons.contains(.contactPrescriber) {
                        Section("Your prescriber") {
                            ForEach(sheet.contacts, id: \.id) { member in
                                LabeledContent(member.name, value: member.contact)
                            }
                        }
                    }
                    Section {
                        ForEach(sheet.buttons, id: \.self) { button in
                            Button(title(button, sheet)) { perform(button, sheet) }
                        }
                    }
                } else if let problem {
                    Text(problem).foregroundStyle(.red)
                } else {
                    ProgressView()
                }
            }
            .navigationTitle("Missed dose")
            .task { await load() }
        }
    }

    private func load() async {
        do {
            sheet = try await model.run { [occurrenceId] client in try GuidanceSheet.load(client, occurrenceId: occurrenceId) }
        } catch {
            problem = "\(error)"
        }
    }

    private func perform(_ button: SheetButton, _ sheet: GuidanceSheet) {
        guard button != .contactPrescriber else { return } // the contacts are on screen
        Task {
            do {
                try await model.run { client in try sheet.perform(client, button: button) }
                model.refreshReminders()
                dismiss()
            } catch {
                problem = "\(error)"
            }
        }
    }

    private func title(_ button: SheetButton, _ sheet: GuidanceSheet) -> String {
        switch button {
        case .takeNow: return "Take it now"
        case .skipDose: return "Skip this dose"
        case .remindAt: return "Remind me at \(sheet.takeAt?.toLocalTime().toWallTime() ?? "")"
        case .contactPrescriber: return "Contact your prescriber"
        case .close: return "Close"
        }
    }
}
