// Your devices (from the Sharing tab): the person's other devices with their
// fingerprints, pairing one by the sharing code it shows (this device's own
// is "Your sharing code"), confirming once the fingerprints match, removing
// a lost one, and "Sync now" through the sync folder (the kit's SyncFolder;
// what syncs and how it merges is the core's). The share secret is
// KeyStore.shareSecret().
import CadenceBindings
import CadenceKit
import SwiftUI

/// The sync folder: Documents/Sync, which the Files app and a Mac's Finder
/// show when the app shares its documents (UIFileSharingEnabled), so a
/// folder-sync tool or a cable carries the files between devices. They are
/// sealed to each device; only names, sizes and times show.
func syncFolderDir() -> URL {
    FileManager.default.urls(for: .documentDirectory, in: .userDomainMask)[0].appendingPathComponent("Sync", isDirectory: true)
}

@MainActor
struct DevicesScreen: View {
    @EnvironmentObject private var model: AppModel
    @State private var state: SyncState?
    @State private var last: SyncResult?
    @State private var label = ""
    @State private var code = ""
    @State private var problem: String?
    @State private var syncing = false

    var body: some View {
        List {
            ForEach(state?.devices ?? []) { device in deviceSection(device) }
            Section {
                TextField("Device name (Tablet)", text: $label)
                TextField("The sharing code it shows", text: $code)
                Button("Pair this device") { Task { await pair() } }
                    .disabled(label.isEmpty || code.isEmpty)
            } header: {
                Text("Pair a device")
            } footer: {
                Text("On the other device, open Sharing and copy its sharing code. Private notes sync too: your devices are yours.")
            }
            Section {
                if let at = state?.lastSyncedAt {
                    LabeledContent("Last synced", value: at.formatted(date: .abbreviated, time: .shortened))
                } else {
                    Text("Not synced yet.")
                }
                if let state, state.pendingFiles > 0 {
                    Text("\(state.incomingFiles) files waiting here, \(state.unacknowledgedFiles) sent and not yet confirmed")
                }
                if let last {
                    Text("Applied \(last.applied.count) files, wrote \(last.written.count)")
                    ForEach(Array(last.refused.enumerated()), id: \.offset) { item in
                        Text("A file was left in the folder: \(item.element.reason)").foregroundStyle(.secondary)
                    }
                }
                Button { Task { await syncNow() } } label: {
                    if syncing { ProgressView() } else { Label("Sync now", systemImage: "arrow.triangle.2.circlepath") }
                }
                .disabled(syncing)
            } footer: {
                Text("Files go through Files › On My iPhone › Cadence › Sync. Each is sealed to one of your devices: nothing that carries them sees a dose or a note.")
            }
            if let problem { Text(problem).foregroundStyle(.red) }
        }
        .navigationTitle("Your devices")
        .refreshable { await load() }
        .task { await load() }
    }

    private func deviceSection(_ device: DeviceRow) -> some View {
        Section(device.label) {
            LabeledContent("Fingerprint", value: device.fingerprint)
            if device.removed {
                Text("Removed: nothing is sent to it or taken from it.")
            } else if !device.confirmed {
                Text("Check that the device shows this fingerprint for itself, then confirm.")
                Button("They match") { Task { await act { client in _ = try client.confirmDevice(device.keyId, fingerprint: device.fingerprint) } } }
            }
            if !device.removed {
                Button("Remove", role: .destructive) { Task { await act { client in _ = try client.removeDevice(device.keyId) } } }
            }
        }
    }

    private func load() async {
        do {
            state = try await model.run { client in try SyncFolder(client, dir: syncFolderDir()).state() }
        } catch {
            problem = "\(error)"
        }
    }

    private func act(_ work: @escaping (CadenceClient) throws -> Void) async {
        do {
            try await model.run(work)
            problem = nil
        } catch {
            problem = "\(error)"
        }
        await load()
    }

    private func pair() async {
        let (label, code) = (self.label, self.code)
        await act { client in
            _ = try client.shareIdentity(keySecret: KeyStore.shareSecret()) // this device's keys exist first
            _ = try client.pairDevice(label, pairingCode: code)
        }
        if problem == nil {
            self.label = ""
            self.code = ""
        }
    }

    private func syncNow() async {
        syncing = true
        defer { syncing = false }
        do {
            let result = try await model.run { client in
                try SyncFolder(client, dir: syncFolderDir()).sync(keySecret: KeyStore.shareSecret())
            }
            last = result
            state = result.state
            problem = nil
        } catch {
            problem = "\(error)"
        }
    }
}
