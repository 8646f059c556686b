// The app: opens the person's encrypted database off the main thread with
// the key from the Keychain (the kit's DatabaseOpener: a key is made only
// for a new database), keeps reminders reconciled (launch, foreground, zone
// changes, background refresh) and shows the screens: Today, Medicines (with
// the daily routine), Journal and Sharing (with For clinicians, the care
// team's side), the missed-dose sheet, and Backup. When the key is lost (a
// restore to a new phone) or opening fails, it shows restore / start over /
// try again instead. All Cadence calls run on one serial background queue;
// screens await them.
//
// The notification delegate and every notification category are set in the
// app delegate's didFinishLaunching, synchronously: a Taken/Skip tap that
// launches the app in the background always finds them. Actions wait on the
// same serial queue, behind the database's opening.
import BackgroundTasks
import CadenceBindings
import CadenceKit
import Security
import SwiftUI
import UserNotifications

@main
struct CadenceApp: App {
    @UIApplicationDelegateAdaptor(AppDelegate.self) private var delegate
    @Environment(\.scenePhase) private var scenePhase

    var body: some Scene {
        WindowGroup {
            SessionView().environmentObject(delegate.model)
        }
        .onChange(of: scenePhase) { phase in
            if phase == .active { delegate.model.foregrounded() }
        }
        .backgroundTask(.appRefresh(AppModel.refreshTask)) {
            await delegate.model.reconcileInBackground()
        }
    }
}

/// Sets up what must exist before launch finishes, whatever launched the app.
@MainActor
final class AppDelegate: NSObject, UIApplicationDelegate {
    /// Created with the delegate (not lazily by a view), so notification actions have a model.
    let model: AppModel

    override init() {
        model = AppModel()
        super.init()
    }

    func application(_ application: UIApplication,
                     didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]? = nil) -> Bool {
        let center = UNUserNotificationCenter.current()
        center.delegate = model.backend.router
        // Every category the core's reminders use, in one call (no read-modify-write).
        center.setNotificationCategories(NotificationScheduler.allCategories())
        center.requestAuthorization(options: [.alert, .sound, .badge]) { _, _ in }
        model.open()
        return true
    }
}

/// What the window shows: the tabs once the database is open, else why not.
struct SessionView: View {
    @EnvironmentObject private var model: AppModel

    var body: some View {
        switch model.session {
        case .opening:
            ProgressView("Opening…")
        case .ready:
            TabView {
                TodayScreen().tabItem { Label("Today", systemImage: "pills") }
                MedicinesScreen().tabItem { Label("Medicines", systemImage: "cross.case") }
                JournalScreen().tabItem { Label("Journal", systemImage: "book") }
                SharingScreen().tabItem { Label("Sharing", systemImage: "person.2") }
                BackupScreen().tabItem { Label("Backup", systemImage: "externaldrive") }
            }
            .sheet(item: $model.guidanceFor) { target in
                GuidanceSheetScreen(occurrenceId: target.id).environmentObject(model)
            }
        case .keyLost:
            RecoveryScreen(
                message: "This phone does not have the key to your Cadence data (restored from another phone, or the key was reset). Restore an encrypted backup, or start over.",
                canRetry: false)
        case let .failed(reason):
            RecoveryScreen(message: "Cadence could not open your data: \(reason)", canRetry: true)
        }
    }
}

/// An occurrence whose guidance sheet is open.
struct GuidanceTarget: Identifiable {
    let id: String
}

/// Where the database is.
enum SessionState {
    case opening
    case ready
    case keyLost
    case failed(String)
}

/// Thrown by `AppModel.run` while the database is not open.
struct NotOpen: Error {}

/// The database and the reminder scheduler, used off the main thread:
/// everything but `init` runs on `queue` (serial), so a notification action
/// handled there always comes after the database's opening.
final class CadenceSession: @unchecked Sendable {
    let queue = DispatchQueue(label: "health.cadence.core", qos: .userInitiated)
    let notifications = NotificationScheduler()
    /// The notification delegate, set at launch.
    let router: NotificationRouter
    /// On `queue` only.
    private(set) var opened: (client: CadenceClient, scheduler: ReminderScheduler)?

    init() {
        router = NotificationRouter(queue: queue)
        router.scheduler = { [unowned self] in self.opened?.scheduler }
    }

    /// Where the database is: Application Support/cadence.db.
    static var databaseURL: URL {
        FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
            .appendingPathComponent("cadence.db")
    }

    /// On `queue`: opens the database (a key is made only for a new one).
    func open() -> SessionState {
        let folder = Self.databaseURL.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            return .failed("cannot prepare the data folder (\(type(of: error)))")
        }
        switch DatabaseOpener.open(Self.databaseURL, keys: KeychainKeys()) {
        case let .ready(client):
            opened = (client, ReminderScheduler(client: client, os: notifications))
            Self.excludeFromBackup()
            return .ready
        case .keyLost:
            return .keyLost
        case let .failed(reason):
            return .failed(reason)
        }
    }

    /// Keeps the database out of iCloud/iTunes device backups: the file is
    /// useless without its key, which never leaves this device (restored
    /// elsewhere it would only lead to "key lost"). The person moves to a new
    /// phone with the encrypted backup (Backup tab). Marked at every opening,
    /// since SQLite recreates its -wal and -shm files.
    static func excludeFromBackup() {
        for suffix in ["", "-wal", "-shm"] {
            var file = URL(fileURLWithPath: databaseURL.path + suffix)
            guard FileManager.default.fileExists(atPath: file.path) else { continue }
            var values = URLResourceValues()
            values.isExcludedFromBackup = true
            try? file.setResourceValues(values)
        }
    }

    /// On `queue`: sets the unreadable file aside (never deleted), forgets the
    /// keys and opens a new, empty database.
    func replaceDatabase() throws -> CadenceClient {
        opened?.client.close()
        opened = nil
        let db = Self.databaseURL
        let aside = db.deletingLastPathComponent().appendingPathComponent("unreadable", isDirectory: true)
        try FileManager.default.createDirectory(at: aside, withIntermediateDirectories: true)
        for suffix in ["", "-wal", "-shm"] {
            let file = URL(fileURLWithPath: db.path + suffix)
            if FileManager.default.fileExists(atPath: file.path) {
                let target = aside.appendingPathComponent(file.lastPathComponent + "." + UUID().uuidString)
                try FileManager.default.moveItem(at: file, to: target)
            }
        }
        KeyStore.reset()
        guard case .ready = open(), let client = opened?.client else { throw NotOpen() }
        return client
    }

    /// Checks a backup completely before anything is replaced, in a scratch database.
    static func verify(_ url: URL, passphrase: String) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("verify-\(UUID().uuidString).db")
        defer {
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: scratch.path + suffix)
            }
        }
        var key = Data(count: CadenceClient.keyBytes)
        let status = key.withUnsafeMutableBytes { SecRandomCopyBytes(kSecRandomDefault, CadenceClient.keyBytes, $0.baseAddress!) }
        guard status == errSecSuccess else { throw NotOpen() }
        let client = try CadenceClient.open(scratch, key: key)
        defer { client.close() }
        _ = try client.verifyBackup(url, passphrase: passphrase)
    }
}

@MainActor
final class AppModel: ObservableObject {
    static let refreshTask = "health.cadence.reconcile"

    /// The database side; its router is the notification delegate from launch.
    let backend = CadenceSession()

    @Published private(set) var session: SessionState = .opening
    @Published var guidanceFor: GuidanceTarget?
    /// Why reminders may not reach the person (nil before the first reconcile).
    @Published var reminderStatus: ReminderStatus?
    /// Bumped when doses may have changed outside the screen (a notification
    /// action, the app back in the foreground, a new zone): Today reloads.
    @Published private(set) var revision = 0

    init() {
        backend.router.didAct = { [weak self] in
            Task { @MainActor in
                self?.changedOutside()
                self?.refreshReminders() // also clears delivered reminders of the doses just logged
            }
        }
        backend.router.showGuidance = { [weak self] id in Task { @MainActor in self?.guidanceFor = GuidanceTarget(id: id) } }
        NotificationCenter.default.addObserver(forName: .NSSystemTimeZoneDidChange, object: nil, queue: .main) { [weak self] _ in
            Task { @MainActor in self?.refreshReminders() }
        }
    }

    /// Opens the database on the Cadence queue (never on main: Keychain
    /// reads and migrations take time), then reconciles.
    func open() {
        let backend = self.backend
        backend.queue.async {
            let state = backend.open()
            Task { @MainActor in
                self.session = state
                if case .ready = state { self.refreshReminders() }
            }
        }
    }

    /// Runs `work` with the client on the Cadence queue; `NotOpen` until the database is open.
    func run<T>(_ work: @escaping (CadenceClient) throws -> T) async throws -> T {
        let backend = self.backend
        return try await withCheckedThrowingContinuation { continuation in
            backend.queue.async {
                guard let client = backend.opened?.client else { return continuation.resume(throwing: NotOpen()) }
                continuation.resume(with: Result { try work(client) })
            }
        }
    }

    /// Runs a form's save off the main thread: nil when it saved, else the
    /// field and the reason the kit or the core refused (thrown as
    /// `invalidInput`, or returned as `MedicationResult.invalid`). Other
    /// errors are thrown.
    func submit<T>(_ work: @escaping (CadenceClient) throws -> T) async throws -> (field: String, reason: String)? {
        do {
            if case let .invalid(field, reason)? = try await run(work) as? MedicationResult {
                return (field, reason)
            }
            return nil
        } catch let CadenceClientError.invalidInput(field, reason) {
            return (field, reason)
        }
    }

    /// `submit` for what changes the reminder plan (a medication, a
    /// schedule, a missed-dose plan, a grant): once saved, reminders are
    /// reconciled.
    func save<T>(_ work: @escaping (CadenceClient) throws -> T) async throws -> (field: String, reason: String)? {
        let refused = try await submit(work)
        if refused == nil { refreshReminders() }
        return refused
    }

    /// Back in the foreground: reconcile, and Today reloads.
    func foregrounded() {
        refreshReminders()
        changedOutside()
    }

    private func changedOutside() {
        revision += 1
    }

    /// Reconciles after anything that changes the plan (with the device
    /// zone, so a zone change while the app was not running reaches the
    /// core), clears delivered notifications of doses now logged, and
    /// schedules the next background refresh for when the plan runs out.
    func refreshReminders() {
        let backend = self.backend
        Task {
            let result = try? await run { client -> (Reconciliation, ReminderStatus)? in
                guard let scheduler = backend.opened?.scheduler else { return nil }
                let notifications = backend.notifications
                notifications.reportDelivered(to: scheduler)
                let done = try scheduler.reconcile(deviceZone: TimeZone.current)
                notifications.removeDeliveredOfLoggedDoses(try TodayState.load(client))
                return (done, try scheduler.status(done))
            }
            guard let pair = result ?? nil else { return }
            let (done, status) = pair
            reminderStatus = status
            if done.zoneChanged { changedOutside() }
            scheduleRefresh(at: done.nextReconcileAt)
        }
    }

    func reconcileInBackground() async {
        let backend = self.backend
        let next = try? await run { _ -> Date? in
            try backend.opened?.scheduler.reconcile(deviceZone: TimeZone.current).nextReconcileAt
        }
        scheduleRefresh(at: next ?? nil)
    }

    // ---- backup, restore, start over ----

    /// Writes an encrypted backup to `url` (a file the person exports).
    func backup(to url: URL, passphrase: String) async throws -> BackupInfo {
        try await run { client in try client.backupTo(url, passphrase: passphrase) }
    }

    /// Restores the backup at `url`. With the database open the core swaps it
    /// in place (a wrong passphrase changes nothing). After "key lost" the
    /// backup is checked first, then becomes a new database under new keys.
    /// Either way the share keys are then made to open with this phone's
    /// secret (`.rekeyed`: the person confirms each pairing again).
    func restore(from url: URL, passphrase: String) async throws -> ShareKeysAfterRestore {
        let backend = self.backend
        let keys: ShareKeysAfterRestore = try await withCheckedThrowingContinuation { continuation in
            backend.queue.async {
                continuation.resume(with: Result<ShareKeysAfterRestore, Error> {
                    if let client = backend.opened?.client {
                        _ = try client.restoreFrom(url, passphrase: passphrase)
                    } else {
                        try CadenceSession.verify(url, passphrase: passphrase)
                        let client = try backend.replaceDatabase()
                        _ = try client.restoreFrom(url, passphrase: passphrase)
                    }
                    guard let client = backend.opened?.client else { throw NotOpen() }
                    return try client.shareKeysAfterRestore(keySecret: KeyStore.shareSecret())
                })
            }
        }
        session = .ready
        refreshReminders()
        changedOutside()
        return keys
    }

    /// After "key lost": an empty database under new keys (the old file is set aside, not deleted).
    func startOver() async throws {
        let backend = self.backend
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            backend.queue.async {
                continuation.resume(with: Result<Void, Error> { _ = try backend.replaceDatabase() })
            }
        }
        session = .ready
        refreshReminders()
    }

    /// Retries opening after a failure.
    func retry() {
        session = .opening
        open()
    }

    private func scheduleRefresh(at date: Date?) {
        let request = BGAppRefreshTaskRequest(identifier: Self.refreshTask)
        // iOS runs it at its discretion after this date: ask an hour before the
        // plan's horizon (every 6 hours without one), and not within 15 minutes.
        let horizon = (date ?? Date().addingTimeInterval(7 * 3600)).addingTimeInterval(-3600)
        request.earliestBeginDate = max(horizon, Date().addingTimeInterval(15 * 60))
        try? BGTaskScheduler.shared.submit(request)
    }
}
