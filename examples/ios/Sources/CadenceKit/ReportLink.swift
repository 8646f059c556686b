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
        guard (1...(5 * 366)).contains(days) else {
            throw CadenceClientError.invalidInput(field: "days", reason: "must be 1 to 1830")
        }
        let from = to.minusDays(days - 1)
        let html = try client.reportHtml(from: from, to: to)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("\(prefix)\(from)-\(to).html")
        let data = Data(html.utf8)
        #if os(iOS)
        try data.write(to: file, options: [.atomic, .completeFileProtection])
        #else
        try data.write(to: file, options: .atomic)
        #endif
        try clearOld(dir, keep: file)
        return ReportLink(file: file, from: from, to: to, title: "Cadence report, \(from) to \(to)",
                          bytes: Int64(data.count), createdAt: client.now())
    }

    /// Deletes every report file in `dir` but `keep` (a file in `dir`; call on
    /// sign-out with keep = nil).
    public static func clearOld(_ dir: URL, keep: URL? = nil) throws {
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
}
