// For clinicians, at the bottom of the Sharing tab: a therapist's or
// prescriber's own Cadence as the care team's inbox (the kit's
// CareTeamInbox). Pair a client by the code their Cadence shows (then compare
// fingerprints), open the update files they send (a file picker; read within
// the core's limit, opened with the share secret from the Keychain), see what
// the file did, and the clients with their newest update
// (ClientUpdateScreen.swift). Clients pair with the code at the top of the
// Sharing tab (YourCodeSection).
import CadenceBindings
import CadenceKit
import SwiftUI
import UniformTypeIdentifiers

@MainActor
struct ClinicianScreen: View {
    @EnvironmentObject private var model: AppModel
    @State private var inbox: CareTeamInbox?
    @State private var pairing = false
    @State private var picking = false
    @State private var opening = false
    /// What the last file opened did.
    @State private var outcome: String?
    @State private var problem: String?

    var body: some View {
        List {
            Section {
                Button { pairing = true } label: { Label("Pair a client", systemImage: "person.badge.key") }
                Button { picking = true } label: { Label("Open an update file", systemImage: "tray.and.arrow.down") }
                    .disabled(opening)
                if opening { ProgressView() }
                if let outcome { Text(outcome) }
                if let problem { Text(problem).foregroundStyle(.red) }
            } footer: {
                Text("Your clients pair with your sharing code (top of the Sharing tab) and send you files only this device can open. What they sent stays on this device; a client who stops sharing deletes it.")
            }
            Section("Clients") {
                if inbox?.clients.isEmpty == true {
                    Text("No clients paired yet").foregroundStyle(.secondary)
                }
                ForEach(inbox?.clients ?? []) { row in
                    if row.verified {
                        NavigationLink {
                            ClientUpdateScreen(row: row)
                        } label: {
                            clientLabel(row)
                        }
                    } else {
                        // Files from them open only after the comparison.
                        VStack(alignment: .leading) {
                            clientLabel(row)
                            PairingCheckView(pairingId: row.id, theirs: row.fingerprint) { await load() }
                        }
                    }
                }
            }
        }
        .navigationTitle("For clinicians")
        .sheet(isPresented: $pairing) {
            PairingSheet(
                title: Text("Pair a client"), askLabel: true,
                hint: Text("The name stays on this device. Enter the sharing code your client's Cadence shows, or paste it from their message."),
                compare: Text("Compare it with the fingerprint under their sharing code on their phone. If they differ, do not open their files: ask them to show their code again."),
                pair: { client, label, code in try CareTeamInbox.pair(client, label: label, code: code) }
            ) { await load() }.environmentObject(model)
        }
        // Any file: a share file has no registered type, and the core refuses anything else.
        .fileImporter(isPresented: $picking, allowedContentTypes: [.data]) { result in
            switch result {
            case let .success(url): openFile(url)
            case let .failure(error): problem = "\(error)"
            }
        }
        .refreshable { await load() }
        .task { await load() }
    }

    private func clientLabel(_ row: ClientRow) -> some View {
        VStack(alignment: .leading, spacing: 2) {
            Text(row.label).font(.headline)
            Group {
                if let latest = row.latest {
                    Text("Newest update: \(ClinicianWords.period(latest.from, latest.to))")
                } else {
                    Text("No update yet")
                }
            }
            .font(.caption).foregroundStyle(.secondary)
        }
    }

    private func load() async {
        do {
            inbox = try await model.run { client in try CareTeamInbox.load(client) }
        } catch {
            problem = "\(error)"
        }
    }

    /// Reads and opens a picked file off the main thread, then shows what it did.
    private func openFile(_ url: URL) {
        let before = inbox?.clients ?? []
        opening = true
        Task {
            defer { opening = false }
            do {
                let (result, after) = try await model.run { client -> (ImportOutcome, CareTeamInbox) in
                    let bytes = try readPicked(url)
                    let opened = try CareTeamInbox.open(client, keySecret: try KeyStore.shareSecret(), bytes: bytes)
                    return (opened, try CareTeamInbox.load(client))
                }
                inbox = after
                // A deletion notice may end the pairing: the label is then the one listed before.
                outcome = describe(result, clients: after.clients + before)
                problem = nil
            } catch let CadenceClientError.invalidInput(_, reason) {
                outcome = nil
                problem = String(localized: "Not opened: \(reason)")
            } catch {
                outcome = nil
                problem = "\(error)"
            }
        }
    }

    private func describe(_ outcome: ImportOutcome, clients: [ClientRow]) -> String {
        func name(_ id: String) -> String {
            clients.first { $0.id == id }?.label ?? String(localized: "A client")
        }
        switch outcome {
        case let .imported(clientId, _, from, to, superseded):
            let period = ClinicianWords.period(from, to)
            return superseded
                ? String(localized: "Update from \(name(clientId)) for \(period). It replaced the earlier one for that period.")
                : String(localized: "Update from \(name(clientId)) for \(period).")
        case let .revoked(clientId, bundlesDeleted):
            return String(localized: "\(name(clientId)) stopped sharing: all their data on this device was deleted (\(Int(bundlesDeleted)) updates).")
        }
    }
}

/// Reads a file the picker gave, inside its security-scoped access, through
/// the kit's reader (which refuses a file larger than the core opens).
private func readPicked(_ url: URL) throws -> Data {
    let scoped = url.startAccessingSecurityScopedResource()
    defer { if scoped { url.stopAccessingSecurityScopedResource() } }
    guard let input = InputStream(url: url) else { throw CocoaError(.fileReadNoSuchFile) }
    input.open()
    defer { input.close() }
    return try CareTeamInbox.read(input)
}
