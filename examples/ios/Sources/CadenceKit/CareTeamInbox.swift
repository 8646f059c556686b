// The care team's side, on a therapist's or prescriber's own Cadence: the
// clients who paired with them and what each one disclosed, opened from the
// files they send (ShareFile on the client's phone). Read-only: nothing here
// reaches a client's own data, and a client's deletion notice removes
// everything they sent.
import CadenceBindings
import Foundation

/// One client in the inbox.
public struct ClientRow: Equatable, Identifiable {
    /// The pairing's id (the bundles' `clientId`).
    public let id: String
    /// The label the clinician gave them (kept on this device only).
    public let label: String
    /// Their key's fingerprint, to compare with the one on the client's phone.
    public let fingerprint: String
    /// The clinician confirmed the fingerprints match: files from them open.
    public let verified: Bool
    /// Update periods held.
    public let bundles: Int
    /// The newest update (latest period end), or nil before the first file.
    public let latest: ClientBundleView?
}

/// A client's newest update written as the clinician report, for a web view
/// or the share sheet: only what the client shared, with the scope of their
/// consent on top. The file is in the app's private caches; its name holds
/// no name, only the period.
public struct ClientReport: Equatable {
    public let file: URL
    /// The client (pairing id).
    public let clientId: String
    /// The update's period.
    public let from: LocalDate
    public let to: LocalDate
    /// "Cadence client report, 2027-02-01 to 2027-02-28" (no name: it may
    /// leave the device as a subject).
    public let title: String
    public let bytes: Int64
    public let createdAt: Date
}

/// The inbox: paired clients by label, each with their newest update.
public struct CareTeamInbox: Equatable {
    public let clients: [ClientRow]

    /// The largest file the core opens; `read` refuses anything bigger.
    public static let maxFileBytes: Int64 = Int64(maxShareFileBytes())

    /// The size of one read from a picked file.
    private static let chunkBytes = 64 * 1024

    /// The inbox, read from `client` (the clinician's own Cadence).
    public static func load(_ client: CadenceClient) throws -> CareTeamInbox {
        CareTeamInbox(clients: try client.shareClients().map { (c: ShareClient) throws -> ClientRow in
            let p = c.pairing
            let latest = try client.newestClientBundle(p.id)
            return ClientRow(id: p.id, label: p.label, fingerprint: p.fingerprint, verified: p.verifiedAt != nil,
                             bundles: Int(c.bundles), latest: latest)
        })
    }

    /// Pairs a client by the code their app shows, under `label`. Files from
    /// them open only once the fingerprints were compared and confirmed
    /// (`PairingCheck.confirm`).
    public static func pair(_ client: CadenceClient, label: String, code: String) throws -> PairedKey {
        try client.pairClient(label: label.trimmingCharacters(in: .whitespacesAndNewlines), pairingCode: code)
    }

    /// Opens a file a client sent: an update (it replaces an earlier one for
    /// the same period) or a deletion notice (everything that client sent is
    /// deleted). A foreign, altered or replayed file is
    /// `CadenceClientError.invalidInput` and changes nothing.
    public static func open(_ client: CadenceClient, keySecret: Data, bytes: Data) throws -> ImportOutcome {
        try client.importShareBundle(keySecret: keySecret, bundle: bytes)
    }

    /// Writes `clientId`'s newest update as the clinician report into `dir`
    /// (atomically: a reader never sees half a file) and deletes older client
    /// reports there, so copies of a client's data do not pile up.
    /// `CadenceClientError.notFound` when no update from them is held.
    public static func report(_ client: CadenceClient, clientId: String, dir: URL) throws -> ClientReport {
        let html = try client.clientReportHtml(clientId)
        // The core renders the update whose period ends last (the later one sent on a tie),
        // as the inbox row shows it: its period names the file.
        guard let newest = try client.newestClientBundle(clientId) else {
            throw CadenceClientError.notFound(kind: "share bundle")
        }
        let from = try isoDate(newest.from)
        let to = try isoDate(newest.to)
        let data = Data(html.utf8)
        let file = try writeAtomically(dir, name: "\(reportPrefix)\(from)-\(to).html", bytes: data)
        try clearReports(dir, keep: file)
        return ClientReport(file: file, clientId: clientId, from: from, to: to, title: "Cadence client report, \(from) to \(to)",
                            bytes: Int64(data.count), createdAt: client.now())
    }

    /// The short text summary of `clientId`'s newest update, starting with
    /// what they shared (for a message or the clipboard).
    public static func reportText(_ client: CadenceClient, clientId: String) throws -> String {
        try client.clientReportText(clientId)
    }

    /// Deletes every client report in `dir` but `keep` (call on sign-out with
    /// keep = nil).
    public static func clearReports(_ dir: URL, keep: URL? = nil) throws {
        try clearFiles(dir, prefix: reportPrefix, keep: keep)
    }

    private static let reportPrefix = "cadence-client-report-"

    /// Reads a picked file (on iOS an `InputStream(url:)` of the URL the file
    /// importer gives, inside its security-scoped access), refusing one larger
    /// than `maxFileBytes` before reading it all. `input` must be open (the
    /// caller opens and closes it, as Kotlin's `use` does); a read error is
    /// the stream's error.
    public static func read(_ input: InputStream) throws -> Data {
        var out = Data()
        var buffer = [UInt8](repeating: 0, count: chunkBytes)
        while true {
            let n = input.read(&buffer, maxLength: chunkBytes)
            if n < 0 { throw input.streamError ?? CocoaError(.fileReadUnknown) }
            if n == 0 { return out } // the end (Kotlin's -1)
            out.append(buffer, count: n)
            if Int64(out.count) > maxFileBytes {
                throw CadenceClientError.invalidInput(
                    field: "bundle", reason: "is larger than \(maxFileBytes / (1024 * 1024)) MB: not a Cadence update")
            }
        }
    }
}
