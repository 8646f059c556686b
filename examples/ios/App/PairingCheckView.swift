// The comparison that turns a pairing on, the same on the client's phone and
// the clinician's device (mirrors the Android shell's PairingCheckCard): the
// other device's fingerprint as this one received it, and this device's own.
// The two people read them to each other (side by side, or on a call: not
// through the channel the code travelled on), and only "Both match" enables
// sharing. Until then the kit offers no Send and the core seals nothing for
// the key, nor opens files from it.
import CadenceBindings
import CadenceKit
import SwiftUI

/// Both fingerprints and the one button that confirms pairing `pairingId`.
@MainActor
struct PairingCheckView: View {
    let pairingId: String
    /// The other device's fingerprint, as shown here.
    let theirs: String
    /// Called once confirmed (the list reloads).
    let confirmed: () async -> Void
    @EnvironmentObject private var model: AppModel
    @State private var mine: String?
    @State private var problem: String?
    @State private var working = false

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            Text("Compare before sharing").font(.headline)
            Text("Read both fingerprints together, side by side or on a call (not by message). Sharing starts only when both match.")
                .font(.caption)
            LabeledContent("Theirs, as received", value: theirs).font(.system(.body, design: .monospaced))
            if let mine {
                LabeledContent("Yours, on their screen", value: mine).font(.system(.body, design: .monospaced))
            }
            Button("Both match: turn sharing on") { confirm() }
                .disabled(mine == nil || working)
            Text("If either differs, don't confirm: someone may have changed the code on the way. Pair again in person.")
                .font(.caption).foregroundStyle(.secondary)
            if let problem { Text(problem).foregroundStyle(.red) }
        }
        .task { await loadMine() }
    }

    private func loadMine() async {
        guard mine == nil else { return }
        mine = try? await model.run { client in try client.shareIdentity(keySecret: KeyStore.shareSecret()).fingerprint }
    }

    private func confirm() {
        let id = pairingId, shown = theirs
        working = true
        Task {
            defer { working = false }
            do {
                _ = try await model.run { client in try client.confirmPairing(id, fingerprint: shown) }
                problem = nil
                await confirmed()
            } catch let CadenceClientError.invalidInput(_, reason) {
                problem = reason
            } catch {
                problem = "\(error)"
            }
        }
    }
}
