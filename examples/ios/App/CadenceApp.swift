// The app: opens the person's encrypted database with the key from the
// Keychain, keeps reminders reconciled (launch, foreground, zone changes,
// background refresh) and shows the screens: Today, Medicines (with the
// daily routine), Journal and Sharing (with For clinicians, the care team's
// side), and the missed-dose sheet. All Cadence calls run on one serial
// background queue; screens await them.
import BackgroundTasks
import CadenceBindings
import CadenceKit
import SwiftUI
import UserNotifications

@main
struct CadenceApp: App {
    @StateObject private var model = AppModel()
    @Environment(\.scenePhase) private var scenePhase

    var body: some Scene {
        WindowGroup {
            TabView {
                TodayScreen().tabItem { Label("Today", systemImage: "pills") }
                MedicinesScreen().tabItem { Label("Medicines", systemImage: "cross.case") }
                JournalScreen().tabItem { Label("Journal", systemImage: "book") }
                SharingScreen().tabItem { Label("Sharing", systemImage: "person.2") }
            }
            .environmentObject(model)
            .sheet(item: $model.guidanceFor) { target in
                GuidanceSheetScreen(occurrenceId: target.id).environmentObject(model)
            }
        }
        .onChange(of: scenePhase) { phase in
            if phase == .active { model.refreshReminders() }
        }
        .backgroundTask(.appRefresh(AppModel.refreshTask)) {
            await model.reconcileInBackground()
        }
    }
}

/// An occurrence whose guidance sheet is open.
struct GuidanceTarget: Identifiable {
    let id: String
}

@MainActor
final class AppModel: ObservableObject {
    static let refreshTask = "health.cadence.reconcile"

    let client: CadenceClient
    let scheduler: ReminderScheduler
    private let notifications = NotificationScheduler()
    private let router: NotificationRouter
    private let queue = DispatchQueue(label: "health.cadence.core", qos: .userInitiated)

    @Published var guidanceFor: GuidanceTarget?
    /// Reminders iOS refused (notifications turned off): Today shows a banner.
    /// Why reminders may not reach the person (nil before the first reconcile).
    @Published var reminderStatus: ReminderStatus?

    init() {
        let support = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
        try? FileManager.default.createDirectory(at: support, withIntermediateDirectories: true)
        do {
            client = try CadenceClient.open(support.appendingPathComponent("cadence.db"), key: KeyStore.databaseKey())
        } catch {
            // No way on without the database; a real app shows a recovery screen (restore from backup).
            fatalError("cannot open the Cadence database: \(error)")
        }
        scheduler = ReminderScheduler(client: client, os: notifications)
        router = NotificationRouter(scheduler: scheduler, queue: queue)
        router.showGuidance = { [weak self] id in self?.guidanceFor = GuidanceTarget(id: id) }
        UNUserNotificationCenter.current().delegate = router
        UNUserNotificationCenter.current().requestAuthorization(options: [.alert, .sound, .badge]) { _, _ in }
        NotificationCenter.default.addObserver(forName: .NSSystemTimeZoneDidChange, object: nil, queue: .main) { [weak self] _ in
            Task { @MainActor in self?.zoneChanged() }
        }
    }

    /// Runs `work` with the client on the Cadence queue.
    func run<T>(_ work: @escaping (CadenceClient) throws -> T) async throws -> T {
        let client = self.client
        return try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work(client) }) }
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

    /// Reconciles after anything that changes the plan, and schedules the
    /// next background refresh for when the plan runs out.
    func refreshReminders() {
        let notifications = self.notifications
        Task {
            let result = try? await run { [scheduler] _ -> (Reconciliation, ReminderStatus) in
                notifications.reportDelivered(to: scheduler)
                let done = try scheduler.reconcile()
                return (done, try scheduler.status(done))
            }
            reminderStatus = result?.1
            scheduleRefresh(at: result?.0.nextReconcileAt)
        }
    }

    func reconcileInBackground() async {
        let result = try? await run { [scheduler] _ in try scheduler.reconcile() }
        scheduleRefresh(at: result?.nextReconcileAt)
    }

    private func zoneChanged() {
        Task {
            _ = try? await run { client in try client.deviceZoneChanged(TimeZone.current) }
            refreshReminders()
        }
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
