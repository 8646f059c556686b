// Adding a care-team member, a sheet of the Sharing tab (SharingScreen.swift):
// their name and role, how they prefer to be reached and, optionally, their
// contact and notes. Saving shares nothing: what they may see is a grant
// (ConsentScreen.swift). A field the core refuses is shown under it.
import CadenceBindings
import CadenceKit
import SwiftUI

@MainActor
struct AddMemberScreen: View {
    /// Called after a save, before the sheet closes (the list reloads).
    let saved: () async -> Void
    @EnvironmentObject private var model: AppModel
    @Environment(\.dismiss) private var dismiss
    @State private var name = ""
    @State private var role = MemberRole.therapist
    @State private var channel = ContactChannel.unspecified
    @State private var contact = ""
    @State private var notes = ""
    @State private var invalid: (field: String, reason: String)?
    @State private var failure: String?
    @State private var saving = false

    /// The fields shown under their part of the sheet; others go at the bottom.
    private static let shown = ["care_member.name", "care_member.contact", "care_member.notes"]

    var body: some View {
        NavigationStack {
            Form {
                Section {
                    TextField("Name", text: $name)
                    problem("care_member.name")
                    Picker("Role", selection: $role) {
                        ForEach(MemberRole.declarationOrder, id: \.self) { r in Text(SharingWords.role(r)).tag(r) }
                    }
                }
                Section {
                    Picker("Prefers", selection: $channel) {
                        ForEach(ContactChannel.declarationOrder, id: \.self) { c in Text(SharingWords.channel(c)).tag(c) }
                    }
                    TextField("Phone, e-mail or address (optional)", text: $contact)
                        .autocorrectionDisabled()
                    problem("care_member.contact")
                } header: {
                    Text("How they prefer to be reached")
                }
                Section {
                    TextField("Notes (optional), e.g. adjusts doses, health care proxy", text: $notes, axis: .vertical)
                    problem("care_member.notes")
                } footer: {
                    Text("Nothing is shared with them until you choose what they may see (Share with them…).")
                }
                if let invalid, !Self.shown.contains(invalid.field) {
                    Text("Not saved: \(invalid.field): \(invalid.reason)").foregroundStyle(.red)
                }
                if let failure {
                    Text(failure).foregroundStyle(.red)
                }
            }
            .navigationTitle("Add a member")
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) { Button("Cancel") { dismiss() } }
                ToolbarItem(placement: .confirmationAction) {
                    Button("Save") { save() }.disabled(saving || trimmed(name).isEmpty)
                }
            }
        }
    }

    /// The refused field's reason, under the field it names.
    @ViewBuilder private func problem(_ field: String) -> some View {
        if let invalid, invalid.field == field {
            Text("Not saved: \(invalid.reason)").foregroundStyle(.red)
        }
    }

    private func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    private func save() {
        let input = CareMemberInput(name: trimmed(name), role: role, channel: channel, contact: trimmed(contact),
                                    notes: trimmed(notes))
        saving = true
        Task {
            defer { saving = false }
            do {
                invalid = try await model.submit { client in try client.addCareMember(input) }
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
