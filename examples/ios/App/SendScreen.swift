// Sending to the care team, the parts of the Sharing tab (SharingScreen.swift)
// that pair and send: "Your sharing code" (this device's pairing code and
// fingerprint, for the therapist's or prescriber's Cadence), the sheet that
// pairs with another Cadence by the code it shows (then shows the fingerprint
// to compare; the clinician's inbox uses it too), and a written share file (an update or the deletion notice)
// handed to the share sheet. The share secret is KeyStore.shareSecret().
import CadenceBindings
import CadenceKit
import SwiftUI

/// Where share files are written: the app's caches, one file at a time (the
/// kit deletes the older one).
func shareFilesDir() -> URL {
    FileManager.default.urls(for: .cachesDirectory, in: .userDomainMask)[0].appendingPathComponent("share", isDirectory: true)
}

/// This device's pairing code and fingerprint, to give to the care team.
struct YourCodeSection: View {
    let identity: ShareIdentity?

    var body: some View {
        Section {
            if let identity {
                Text(identity.pairingCode)
                    .font(.system(.footnote, design: .monospaced))
                    .textSelection(.enabled)
                LabeledContent("Fingerprint", value: identity.fingerprint)
                ShareLink(item: identity.pairingCode, subject: Text("My Cadence sharing code")) {
                    Label("Share your code", systemImage: "square.and.arrow.up")
                }
            } else {
                ProgressView()
            }
        } header: {
            Text("Your sharing code")
        } footer: {
            Text("Give this code to your therapist or prescriber for their Cadence. When they pair, compare the fingerprint with the one their device shows.")
        }
    }
}

/// Pairing with another Cadence by the code it shows, typed or pasted; then
/// the fingerprint to compare with the one on that device. Both sides use
/// it: a client pairs a care-team member, a clinician pairs a client (and,
/// `askLabel`, names them: the label stays on this device).
@MainActor
struct PairingSheet: View {
    let title: Text
    let askLabel: Bool
    /// Under the code field: where the code comes from.
    let hint: Text
    /// Under the fingerprint once paired: what to compare it with.
    let compare: Text
    /// Pairs with the label (empty unless asked) and the code.
    let pair: (CadenceClient, String, String) throws -> PairedKey
    /// Called after pairing, while the fingerprint shows (the list reloads).
    let paired: () async -> Void
    @EnvironmentObject private var model: AppModel
    @Environment(\.dismiss) private var dismiss
    @State private var label = ""
    @State private var code = ""
    @State private var key: PairedKey?
    @State private var problem: String?
    @State private var pairing = false

    var body: some View {
        NavigationStack {
            Form {
                if let key {
                    Section {
                        if askLabel { LabeledContent("Client", value: key.label) }
                        if key.verifiedAt == nil {
                            // The comparison is the step that turns sharing on.
                            PairingCheckView(pairingId: key.id, theirs: key.fingerprint) {
                                self.key = try? await model.run { client in
                                    try client.pairedKeys().first { $0.id == key.id }
                                }
                                await paired()
                            }
                        } else {
                            LabeledContent("Fingerprint", value: key.fingerprint)
                            Text("Compared and confirmed: sharing is on.")
                        }
                    } footer: {
                        compare
                    }
                } else {
                    Section {
                        if askLabel { TextField("Name or initials", text: $label) }
                        TextField("Pairing code (CDNC1-…)", text: $code, axis: .vertical)
                            .font(.system(.body, design: .monospaced))
                            .textInputAutocapitalization(.characters)
                            .autocorrectionDisabled()
                        if let problem {
                            Text(problem).foregroundStyle(.red)
                        }
                    } footer: {
                        hint
                    }
                }
            }
            .navigationTitle(title)
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    if key == nil {
                        Button("Cancel") { dismiss() }
                    }
                }
                ToolbarItem(placement: .confirmationAction) {
                    if key == nil {
                        Button("Pair") { start() }
                            .disabled(pairing || blank(code) || (askLabel && blank(label)))
                    } else {
                        Button("Done") { dismiss() }
                    }
                }
            }
        }
    }

    private func blank(_ text: String) -> Bool {
        text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    private func start() {
        let name = label, text = code, pair = self.pair
        pairing = true
        Task {
            defer { pairing = false }
            do {
                key = try await model.run { client in try pair(client, name, text) }
                problem = nil
                await paired()
            } catch let CadenceClientError.invalidInput(_, reason) {
                problem = String(localized: "Not paired: \(reason)")
            } catch {
                problem = "\(error)"
            }
        }
    }
}

/// A written share file for the share sheet: an update (its records and
/// period) or the deletion notice. Only the member's Cadence opens it.
struct ShareFileRow: View {
    let file: ShareFile
    let memberName: String

    var body: some View {
        ShareLink(item: file.file, subject: Text("Cadence")) {
            VStack(alignment: .leading, spacing: 2) {
                Label(title, systemImage: "square.and.arrow.up")
                Text(detail).font(.caption).foregroundStyle(.secondary)
            }
        }
    }

    private var title: String {
        switch file.kind {
        case .bundle: return String(localized: "Send the update to \(memberName)")
        case .revocation: return String(localized: "Send the deletion notice to \(memberName)")
        }
    }

    private var detail: String {
        guard file.kind == .bundle, let from = file.from, let to = file.to else {
            return String(localized: "Their Cadence deletes what you sent and stops receiving updates.")
        }
        let period = "\(ScheduleWords.date(from)) – \(ScheduleWords.date(to))"
        return String(localized: "\(file.records) records, \(period). Only their Cadence can open it.")
    }
}
