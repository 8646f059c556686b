// Backup and restore: an encrypted backup file the person keeps (Files,
// iCloud Drive, a computer) protected by a passphrase or recovery key, and
// the way back from it on a new phone. RecoveryScreen is what the app shows
// instead of the tabs when the database's key is lost or opening failed:
// restore from a backup, start over, or try again. (The database itself is
// excluded from device backups: without its key, which never leaves this
// phone, a copy is useless.)
import CadenceBindings
import CadenceKit
import SwiftUI
import UniformTypeIdentifiers

/// The Backup tab.
struct BackupScreen: View {
    @EnvironmentObject private var model: AppModel
    @State private var passphrase = ""
    @State private var exporting = false
    @State private var importing = false
    @State private var file: BackupFile?
    @State private var message: String?

    var body: some View {
        NavigationStack {
            Form {
                Section {
                    SecureField("Passphrase or recovery key", text: $passphrase)
                    Button("Make a recovery key") {
                        passphrase = (try? CadenceClient.newRecoveryKey()) ?? ""
                    }
                } footer: {
                    Text("Write the recovery key down: without it the backup cannot be opened, by anyone.")
                }
                Section {
                    Button("Back up now") { Task { await backUp() } }.disabled(passphrase.isEmpty)
                    Button("Restore from a backup…") { importing = true }.disabled(passphrase.isEmpty)
                }
                if let message {
                    Text(message)
                }
            }
            .navigationTitle("Backup")
            .fileExporter(isPresented: $exporting, document: file, contentType: .data,
                          defaultFilename: "cadence-backup.cadence") { result in
                if case let .failure(error) = result { message = "\(error)" }
                file = nil
            }
            .fileImporter(isPresented: $importing, allowedContentTypes: [.data]) { result in
                switch result {
                case let .success(url): Task { await restore(url) }
                case let .failure(error): message = "\(error)"
                }
            }
        }
    }

    /// Writes the backup to a temporary file off the main thread, then hands it to the exporter.
    private func backUp() async {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cadence-backup.cadence")
        do {
            try? FileManager.default.removeItem(at: url)
            _ = try await model.backup(to: url, passphrase: passphrase)
            file = BackupFile(data: try Data(contentsOf: url))
            try? FileManager.default.removeItem(at: url)
            exporting = true
        } catch let CadenceClientError.invalidInput(_, reason) {
            message = reason
        } catch {
            message = "\(error)"
        }
    }

    private func restore(_ url: URL) async {
        message = await BackupWords.restore(model, url, passphrase: passphrase)
    }
}

/// Instead of the tabs, when the database cannot be opened.
struct RecoveryScreen: View {
    @EnvironmentObject private var model: AppModel
    let message: String
    let canRetry: Bool
    @State private var passphrase = ""
    @State private var importing = false
    @State private var confirmingStartOver = false
    @State private var result: String?

    var body: some View {
        Form {
            Section { Text(message) }
            Section("Restore from a backup") {
                SecureField("Passphrase or recovery key", text: $passphrase)
                Button("Choose the backup file…") { importing = true }.disabled(passphrase.isEmpty)
            }
            Section {
                if canRetry {
                    Button("Try again") { model.retry() }
                }
                Button("Start over", role: .destructive) { confirmingStartOver = true }
            } footer: {
                Text("Starting over keeps the unreadable data aside on this phone and begins with no medications.")
            }
            if let result {
                Text(result)
            }
        }
        .fileImporter(isPresented: $importing, allowedContentTypes: [.data]) { picked in
            switch picked {
            case let .success(url): Task { result = await BackupWords.restore(model, url, passphrase: passphrase) }
            case let .failure(error): result = "\(error)"
            }
        }
        .confirmationDialog("Start over with no data?", isPresented: $confirmingStartOver) {
            Button("Start over", role: .destructive) {
                Task {
                    do {
                        try await model.startOver()
                    } catch {
                        result = "\(error)"
                    }
                }
            }
        }
    }
}

/// Restoring a picked file, and what to tell the person.
enum BackupWords {
    /// Restores `url` (read under its security scope) and says what happened.
    @MainActor
    static func restore(_ model: AppModel, _ url: URL, passphrase: String) async -> String {
        let scoped = url.startAccessingSecurityScopedResource()
        defer { if scoped { url.stopAccessingSecurityScopedResource() } }
        do {
            switch try await model.restore(from: url, passphrase: passphrase) {
            case .unchanged:
                return "Backup restored."
            case .rekeyed:
                return "Backup restored. This phone has new sharing keys: on Sharing, confirm each care-team pairing again (compare fingerprints) before sending anything."
            }
        } catch CadenceClientError.wrongKey {
            return "That passphrase does not open this backup. Nothing was changed."
        } catch {
            return "The backup could not be restored (\(type(of: error))). Nothing was changed."
        }
    }
}

/// The backup's bytes for the file exporter.
struct BackupFile: FileDocument {
    static var readableContentTypes: [UTType] { [.data] }
    let data: Data

    init(data: Data) {
        self.data = data
    }

    init(configuration: ReadConfiguration) throws {
        data = configuration.file.regularFileContents ?? Data()
    }

    func fileWrapper(configuration: WriteConfiguration) throws -> FileWrapper {
        FileWrapper(regularFileContents: data)
    }
}
