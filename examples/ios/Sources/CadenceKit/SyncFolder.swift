// The person's own devices kept in step through a folder they choose (an
// iCloud Drive folder, a USB stick, a folder a desktop shares): "Sync now"
// applies the change files addressed to this device and writes this
// device's own, and the Devices & sync screen shows where it stands. The
// files are sealed by the core to one device each: whatever hosts the
// folder sees file names, sizes and times, never a dose or a note.
// Mirrors examples/android/kit/.../SyncFolder.kt.
import CadenceBindings
import Foundation

/// One of the person's other devices, as the Devices & sync screen lists it.
public struct DeviceRow: Equatable, Identifiable {
    public var id: String { keyId }

    /// The device's key id (hex): what `confirmDevice` and `removeDevice` take.
    public let keyId: String
    /// The name the person gave it.
    public let label: String
    /// Its fingerprint, to compare with the one the device shows for itself.
    public let fingerprint: String
    /// The fingerprints were compared and confirmed: files go to it and come from it.
    public let confirmed: Bool
    /// Removed from the group for good.
    public let removed: Bool
    /// When a file was last made for it.
    public let lastSentAt: Date?
    /// When a file from it was last applied here.
    public let lastReceivedAt: Date?
    /// Files made for it that it has not confirmed applying yet.
    public let unacknowledgedFiles: Int
}

/// What the Devices & sync screen shows.
public struct SyncState: Equatable {
    /// The other devices of the group, as the core lists them.
    public let devices: [DeviceRow]
    /// The last time a file was made or applied here, or nil before the first sync.
    public let lastSyncedAt: Date?
    /// Files in the folder addressed to this device, not applied yet.
    public let incomingFiles: Int
    /// Files this device made that their device has not confirmed applying yet.
    public let unacknowledgedFiles: Int
    /// Changes made here not yet in a file for every device.
    public let unsentChanges: Int

    /// Files on their way: waiting here to be applied, or sent and not yet confirmed.
    public var pendingFiles: Int { incomingFiles + unacknowledgedFiles }

    /// Devices paired here whose fingerprint is still to be compared.
    public var toConfirm: [DeviceRow] { devices.filter { !$0.confirmed && !$0.removed } }
}

/// A file in the folder addressed to this device that it could not apply
/// (`field` and `reason` are the core's: altered or cut short, from a
/// device not confirmed yet or removed, from a newer Cadence...). It stays
/// in the folder, untouched: a later sync tries it again.
public struct RefusedFile: Equatable {
    public let file: URL
    public let field: String
    public let reason: String
}

/// What one `SyncFolder.sync` did, and the state after it.
public struct SyncResult: Equatable {
    /// The files applied here (each deleted from the folder), in file-name order.
    public let applied: [SyncApplied]
    /// This device's files written to the folder, one per device with something new.
    public let written: [URL]
    /// Files addressed to this device it could not apply (left in the folder).
    public let refused: [RefusedFile]
    public let state: SyncState

    /// Record versions new here.
    public var changes: Int64 { applied.reduce(0) { $0 + Int64($1.changes) } }
}

/// The sync folder `dir` of `client`. Calls are synchronous file and SQLite
/// work: make them off the main thread. One sync runs at a time per folder
/// object.
///
/// Files are picked by name: the core names each
/// `cadence-<sender>-to-<recipient>-<number>.cdsync`, with the first 8 hex
/// digits of the two key ids of its clear header, so a device never reads
/// (or downloads, from iCloud Drive) the files of the others. The core
/// checks the header itself and refuses anything not for this device.
public final class SyncFolder {
    /// The extension of change files.
    public static let `extension` = "cdsync"

    private let client: CadenceClient
    public let dir: URL
    private let lock = NSLock()

    public init(_ client: CadenceClient, dir: URL) {
        self.client = client
        self.dir = dir
    }

    /// Is `fileName` a change file addressed to the device with key id `keyId`?
    public static func isAddressedTo(_ fileName: String, keyId: String) -> Bool {
        let recipient = String(keyId.prefix(8)).lowercased()
        guard recipient.count == 8, recipient.allSatisfy(\.isHexDigit) else { return false }
        let pattern = "^cadence-[0-9a-f]{8}-to-\(recipient)-[0-9]{10}\\.\(SyncFolder.extension)$"
        return fileName.range(of: pattern, options: .regularExpression) != nil
    }

    /// Where sync stands: the devices, last synced, files waiting in the
    /// folder and files not confirmed yet.
    public func state() throws -> SyncState {
        lock.lock()
        defer { lock.unlock() }
        let incoming = try client.existingShareIdentity().map { try self.incoming($0.keyId) } ?? []
        return try stateOf(client.syncStatus(), incoming: incoming.count)
    }

    /// "Sync now": applies every file in the folder addressed to this
    /// device, in file-name order (each device's files in the order it made
    /// them), deleting each once applied (or found applied before); then
    /// writes this device's own files (a snapshot for a device that has had
    /// nothing yet, else the changes since its last file, and the
    /// confirmation of the files just applied), each atomically, so another
    /// device never reads half a file.
    ///
    /// A file that is refused stays in the folder and is listed in
    /// `SyncResult.refused`; the others are still applied. `keySecret` (the
    /// 32-byte share secret from the Keychain) unseals this device's keys: a
    /// wrong one is `.wrongKey` and nothing is applied or written. A file
    /// that disappears while syncing is skipped.
    public func sync(keySecret: Data) throws -> SyncResult {
        lock.lock()
        defer { lock.unlock() }
        let me = try client.shareIdentity(keySecret: keySecret)
        var applied: [SyncApplied] = []
        var refused: [RefusedFile] = []
        for file in try incoming(me.keyId) {
            let size = (try? file.resourceValues(forKeys: [.fileSizeKey]).fileSize).flatMap { $0 } ?? 0
            if UInt64(size) > maxSyncFileBytes() {
                refused.append(RefusedFile(file: file, field: "sync_file", reason: "larger than a change file can be"))
                continue
            }
            guard let bytes = try? Data(contentsOf: file) else { continue } // gone meanwhile
            do {
                applied.append(try client.importSync(keySecret: keySecret, bytes: bytes))
            } catch let CadenceClientError.invalidInput(field, reason) {
                // Named like this device but addressed to another: not ours to touch.
                if field != "sync_file.recipient" {
                    refused.append(RefusedFile(file: file, field: field, reason: reason))
                }
                continue
            }
            try? FileManager.default.removeItem(at: file)
        }
        let written = try client.exportSync(keySecret: keySecret).map { out in
            try writeAtomically(dir, name: out.fileName, bytes: out.bytes)
        }
        return SyncResult(applied: applied, written: written, refused: refused,
                          state: try stateOf(client.syncStatus(), incoming: try incoming(me.keyId).count))
    }

    private func incoming(_ keyId: String) throws -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return []
        }
        return try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: [.fileSizeKey])
            .filter { SyncFolder.isAddressedTo($0.lastPathComponent, keyId: keyId) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    private func stateOf(_ status: SyncStatus, incoming: Int) throws -> SyncState {
        SyncState(
            devices: status.devices.map {
                DeviceRow(keyId: $0.keyId, label: $0.label, fingerprint: $0.fingerprint,
                          confirmed: $0.verifiedAt != nil, removed: $0.removedAt != nil,
                          lastSentAt: $0.lastSentAt, lastReceivedAt: $0.lastReceivedAt,
                          unacknowledgedFiles: Int($0.unacknowledgedFiles))
            },
            lastSyncedAt: status.lastSyncedAt,
            incomingFiles: incoming,
            unacknowledgedFiles: Int(status.unacknowledgedFiles),
            unsentChanges: Int(status.unsentChanges)
        )
    }
}
