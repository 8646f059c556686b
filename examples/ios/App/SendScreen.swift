// Sending to the care team, the parts of the Sharing tab (SharingScreen.swift)
// that pair and send: "Your sharing code" (this device's pairing code and
// fingerprint, for the therapist's or prescriber's Cadence), the sheet that
// pairs a member by the code their device shows (then shows the fingerprint
// to compare), and a written share file (an update or the deletion notice)
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

/// Pairing with a care-team member: the code their Cadence shows, typed or
/// pasted; then the fingerprint to compare with the one on their device.
@MainActor
struct PairSheet: View {
    let member: CareMember
    /// Called after pairing, while the fingerprint shows (the list reloads).
    let paired: () async -> Void
    @EnvironmentObject private var model: AppModel
    @Environment(\.dismiss) private var dismiss
    @State private var code = ""
    @State private var key: PairedKey?
    @State private var problem: String?
    @State private var pairing = false

    var body: some View {
        NavigationStack {
            Form {
                if let key {
                    Section {
                        LabeledContent("Fingerprint", value: key.fingerprint)
                    } footer: {
                        Text("Compare it with the one on their device. If they differ, do not send anything: ask them to show their code again.")
                    }
                } else {
                    Section {
                        TextField("Pairing code (CDNC1-…)", text: $code, axis: .vertical)
                            .font(.system(.body, design: .monospaced))
                            .textInputAutocapitalization(.characters)
                            .autocorrectionDisabled()
                        if let problem {
                            Text(problem).foregroundStyle(.red)
                        }
                    } footer: {
                        Text("Enter the pairing code \(member.name)'s Cadence shows, or paste it from their message.")
                    }
                }
            }
            .navigationTitle(Text("Pair with \(member.name)"))
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    if key == nil {
                        Button("Cancel") { dismiss() }
                    }
                }
                ToolbarItem(placement: .confirmationAction) {
                    if key == nil {
                        Button("Pair") { pair() }
                            .disabled(pairing || code.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
                    } else {
                        Button("Done") { dismiss() }
                    }
                }
            }
        }
    }

    private func pair() {
        let memberId = member.id, text = code
        pairing = true
        Task {
            defer { pairing = false }
            do {
                key = try await model.run { client in try client.pairRecipient(memberId, pairingCode: text) }
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
