// The report link: the clinician report written to an app-private file the
// app opens in a viewer or hands to the share sheet (SwiftUI's ShareLink).
import CadenceBindings
import Foundation

/// A written report. The file is in the app's private caches, readable
/// only while the device is unlocked; on iOS it is shared through the share
/// sheet, on Android through a FileProvider content URI. Only notes the
/// person marked shareable are in it.
public struct ReportLink: Equatable {
    /// The default report window: the last 90 days, as a visit usually covers.
    public static let defaultDays = 90

    private static let prefix = "cadence-report-"

    public let file: URL
    public let from: LocalDate
    public let to: LocalDate
    /// "Cadence report, 2027-01-01 to 2027-03-31".
    public let title: String
    public let bytes: Int64
    public let createdAt: Date

    /// Writes the report of the `days` local days ending `to` into `dir`
    /// (atomically: a reader never sees half a file) and deletes older
    /// reports there, so copies of health data do not pile up.
    public static func create(_ client: CadenceClient, dir: URL, to: LocalDate, days: Int = ReportLink.defaultDays) throws -> ReportLink {
        let from = try periodStart(to: to, days: days)
        let html = try client.reportHtml(from: from, to: to)
        let data = Data(html.utf8)
        let file = try writeAtomically(dir, name: "\(prefix)\(from)-\(to).html", bytes: data)
        try clearOld(dir, keep: file)
        return ReportLink(file: file, from: from, to: to, title: "Cadence report, \(from) to \(to)",
                          bytes: Int64(data.count), createdAt: client.now())
    }

    /// Deletes every report file in `dir` but `keep` (a file in `dir`; call on
    /// sign-out with keep = nil).
    public static func clearOld(_ dir: URL, keep: URL? = nil) throws {
        try clearFiles(dir, prefix: prefix, keep: keep)
    }
}
