// Sending to the care team: the encrypted, signed share bundle of what a
// member may see (or, after consent is revoked, the notice that tells their
// device to delete this client's data), written to an app-private file the
// app hands to the share sheet, e-mail or a messenger. Only the paired
// member's device opens it; every bundle is in the audit log.
import CadenceBindings
import Foundation

/// What a share file carries.
public enum ShareFileKind: Equatable, Hashable, Sendable {
    /// The member's granted data of a period.
    case bundle
    /// A signed notice for the member's device to delete this client's data.
    case revocation
}

/// A share file written for `memberId`. The file name holds no name or
/// date, only the kind and the bundle's sequence number.
public struct ShareFile: Equatable {
    /// The file extension the care team's Cadence opens.
    public static let `extension` = "cadence"

    /// The MIME type to share it as (Android; iOS types the file by its extension).
    public static let mimeType = "application/octet-stream"

    /// The default period of a bundle: the last 30 days.
    public static let defaultDays = 30

    private static let prefix = "cadence-share-"

    public let file: URL
    public let kind: ShareFileKind
    public let memberId: String
    /// The data period (bundles only).
    public let from: LocalDate?
    public let to: LocalDate?
    /// Records in the bundle (0 for a notice).
    public let records: Int
    /// SHA-256 of the bundle, as the audit log records it (bundles only).
    public let sha256: String?
    public let bytes: Int64
    public let createdAt: Date

    /// Can `member` be sent a bundle now: paired, the fingerprints compared
    /// and confirmed (`MemberSharing.verified`), and holding an active grant
    /// to data?
    public static func canSend(_ member: MemberSharing) -> Bool {
        member.verified && !member.sharedNow.isEmpty
    }

    /// Encrypts and signs what `member` may see of the `days` local days
    /// ending `to` (their grants decide, at this moment) and writes it to
    /// `dir`. `keySecret` is the 32-byte share secret from the Keychain.
    /// Audited; older share files in `dir` are deleted.
    public static func bundle(
        _ client: CadenceClient,
        keySecret: Data,
        member: MemberSharing,
        dir: URL,
        to: LocalDate,
        days: Int = ShareFile.defaultDays
    ) throws -> ShareFile {
        guard member.pairing != nil else {
            throw CadenceClientError.invalidInput(field: "member", reason: "pair with their code before sending")
        }
        let from = try periodStart(to: to, days: days)
        let b = try client.exportShareBundle(keySecret: keySecret, memberId: member.member.id, from: from, to: to)
        let file = try write(dir, name: "\(prefix)bundle-\(b.sequence).\(ShareFile.extension)", bytes: b.bytes)
        return ShareFile(file: file, kind: .bundle, memberId: member.member.id, from: try isoDate(b.from),
                         to: try isoDate(b.to), records: Int(b.recordCount), sha256: b.sha256,
                         bytes: Int64(b.bytes.count), createdAt: client.now())
    }

    /// Writes the signed notice that tells `member`'s device to delete this
    /// client's data (send it after revoking their grants); their pairing
    /// then stops receiving bundles.
    public static func revocation(_ client: CadenceClient, keySecret: Data, member: MemberSharing, dir: URL) throws -> ShareFile {
        let data = try client.shareRevocationNotice(keySecret: keySecret, memberId: member.member.id)
        let millis = Int64((client.now().timeIntervalSince1970 * 1000).rounded(.down)) // Kotlin's toEpochMilli()
        let file = try write(dir, name: "\(prefix)revocation-\(millis).\(ShareFile.extension)", bytes: data)
        return ShareFile(file: file, kind: .revocation, memberId: member.member.id, from: nil, to: nil, records: 0,
                         sha256: nil, bytes: Int64(data.count), createdAt: client.now())
    }

    /// Deletes every share file in `dir` but `keep` (a file in `dir`; call on
    /// sign-out with keep = nil).
    public static func clearOld(_ dir: URL, keep: URL? = nil) throws {
        try clearFiles(dir, prefix: prefix, keep: keep)
    }

    private static func write(_ dir: URL, name: String, bytes: Data) throws -> URL {
        let file = try writeAtomically(dir, name: name, bytes: bytes)
        try clearOld(dir, keep: file)
        return file
    }
}

/// The first day of the `days` local days ending `to` (1 to 1830 days, else
/// `invalidInput` on `days`).
func periodStart(to: LocalDate, days: Int) throws -> LocalDate {
    guard (1...(5 * 366)).contains(days) else {
        throw CadenceClientError.invalidInput(field: "days", reason: "must be 1 to 1830")
    }
    return to.minusDays(days - 1)
}

/// Writes `bytes` to `dir`/`name` atomically (a reader never sees half a
/// file): Foundation writes a temporary file first, then renames it (its
/// name matches no prefix: clearFiles leaves it). On iOS the file is
/// readable only while the device is unlocked.
func writeAtomically(_ dir: URL, name: String, bytes: Data) throws -> URL {
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let file = dir.appendingPathComponent(name)
    #if os(iOS)
    try bytes.write(to: file, options: [.atomic, .completeFileProtection])
    #else
    try bytes.write(to: file, options: .atomic)
    #endif
    return file
}

/// Deletes the files of `dir` whose names start with `prefix`, but `keep`
/// (a file in `dir`).
func clearFiles(_ dir: URL, prefix: String, keep: URL?) throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDirectory), isDirectory.boolValue else {
        return
    }
    let kept = keep?.standardizedFileURL.lastPathComponent
    for file in try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil) {
        let name = file.lastPathComponent
        if name.hasPrefix(prefix) && name != kept {
            try FileManager.default.removeItem(at: file)
        }
    }
}
