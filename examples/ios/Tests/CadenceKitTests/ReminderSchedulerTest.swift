// The scheduler keeps the OS's pending notifications equal to the core's
// plan through any sequence of logs, undos, snoozes, routine and zone changes
// and the clock moving on (a seeded property test), and acts on buttons.
// Mirrors examples/android/kit/src/test/.../ReminderSchedulerTest.kt.
import CadenceBindings
import CadenceKit
import Foundation
import XCTest

private func planIds(_ c: CadenceClient, _ os: FakeOs) throws -> Set<String> {
    Set(try c.reminderPlan(limit: os.capacity).notifications.map(\.id))
}

final class ReminderSchedulerTest: XCTestCase {
    private static let seeds = 25
    private static let steps = 40
    private static let snoozeFields: Set<String> = ["minutes", "until", "target_id", "occurrence_id"]

    func test_theFirstReconcileSchedulesThePlanAndASecondChangesNothing() throws {
        try withClient { c, _, _ in
            let os = FakeOs()
            let s = ReminderScheduler(client: c, os: os)
            let first = try s.reconcile()
            XCTAssertEqual(os.pending.count, 64)
            XCTAssertEqual(try planIds(c, os), os.pendingIds())
            XCTAssertEqual(os.pending.values.map(\.fireAt).min(), ny(7, 30))
            XCTAssertGreaterThan(try XCTUnwrap(first.nextReconcileAt), ny(7, 30))
            let calls = os.scheduleCalls
            let again = try s.reconcile()
            XCTAssertTrue(again.added.isEmpty && again.cancelled.isEmpty)
            XCTAssertEqual(again.kept.count, 64)
            XCTAssertEqual(os.scheduleCalls, calls)
        }
    }

    func test_aCaregiverAlertThatIsDueGoesToTheAppNowAndTheNextWakeStaysAhead() throws {
        try withClient { c, clock, m in
            let sam = try c.addCareMember(CareMemberInput(name: "Sam", role: .caregiver, channel: .sms))
            _ = try c.grant(sam.id, categories: [], dataFrom: LocalDate(2027, 3, 1), kind: .alertOnly)
            _ = try c.bindings.addAlertRecipient(
                input: AlertRecipientInput(memberId: sam.id, label: "Sam", delayMinutes: 60, medicationIds: [m.quetiapine]),
                now: c.now())
            let s = ReminderScheduler(client: c, os: FakeOs())
            clock.instant = ny(23, 45) // the 22:30 bedtime dose is 75 minutes overdue
            let r = try s.reconcile()
            let alert = try single(r.alerts)
            XCTAssertLessThanOrEqual(alert.sendAt, clock.instant)
            XCTAssertFalse(alert.message.isEmpty || alert.message.contains("Quetiapine"))
            XCTAssertGreaterThan(try XCTUnwrap(r.nextReconcileAt), clock.instant)
            try s.alertSent(alert.id)
            XCTAssertTrue(try s.reconcile().alerts.isEmpty)
        }
    }

    func test_aReminderTheOSIsLateToDeliverIsNotCancelledByAReconcileMeanwhile() throws {
        try withClient { c, clock, _ in
            let os = FakeOs(lagMinutes: 7)
            let s = ReminderScheduler(client: c, os: os)
            try s.reconcile()
            clock.instant = ny(7, 33) // the 07:30 alarm is due; Doze holds it
            XCTAssertTrue(os.fire(clock.instant).isEmpty)
            let r = try s.reconcile() // the person unlocks the phone: the app reconciles
            let breakfast = try single(os.pending.values.filter { $0.fireAt == ny(7, 30) })
            XCTAssertEqual(r.arriving, [breakfast.id])
            XCTAssertFalse(r.cancelled.contains(breakfast.id))
            clock.instant = ny(7, 37)
            XCTAssertEqual(os.fire(clock.instant).map(\.id), [breakfast.id])
            try s.delivered(breakfast.id, at: clock.instant)
            XCTAssertTrue(try s.reconcile().arriving.isEmpty)
            XCTAssertEqual(try planIds(c, os), os.pendingIds())
        }
    }

    func test_theReminderBannerNamesWhatKeepsRemindersFromThePersonAndClearsWhenFixed() throws {
        try withClient { c, clock, _ in
            let os = FakeOs()
            let s = ReminderScheduler(client: c, os: os)
            XCTAssertTrue(try s.status(s.reconcile()).ok)

            os.permitted = false
            os.pending.removeAll() // the person turned notifications off: the OS dropped them
            let off = try s.status(s.reconcile())
            XCTAssertEqual(off.problems, [.notificationsOff])
            XCTAssertEqual(off.refused, 64)

            os.permitted = true
            os.exactTiming = false
            XCTAssertEqual(try s.status(s.reconcile()).problems, [.mayBeLate])

            os.exactTiming = true
            clock.instant = ny(8, 45) // 07:30 fired, but nothing reported it: battery saving killed the app
            _ = os.fire(clock.instant)
            let lost = try s.status(s.reconcile())
            XCTAssertEqual(lost.problems, [.notArriving])
            XCTAssertEqual(try single(lost.undelivered).fireAt, ny(7, 30))
            XCTAssertEqual(ReminderStatus.message(.notArriving, lost),
                           "1 recent reminder did not reach you. Battery saving may be stopping them.")
            for occ in try single(lost.undelivered).occurrenceIds {
                _ = try c.take(occ) // logged from Today
            }
            XCTAssertTrue(try s.status(s.reconcile()).ok)
        }
    }

    func test_remindersArmedInexactlyAreArmedAgainExactlyOnceExactAlarmsAreAllowed() throws {
        try withClient { c, _, _ in
            let os = FakeOs()
            os.exactTiming = false // "Alarms & reminders" not allowed yet
            let s = ReminderScheduler(client: c, os: os)
            let first = try s.reconcile()
            XCTAssertEqual(os.inexactIds().count, 64)
            XCTAssertEqual(try s.status(first).problems, [.mayBeLate])

            os.exactTiming = true // the person allows exact alarms
            let granted = try s.reconcile()
            XCTAssertEqual(granted.rearmed.count, 64)
            XCTAssertTrue(granted.added.isEmpty && granted.cancelled.isEmpty)
            XCTAssertTrue(os.inexactIds().isEmpty, "no reminder may stay late")
            XCTAssertEqual(try planIds(c, os), os.pendingIds())
            XCTAssertEqual(os.pending.values.map(\.fireAt).min(), ny(7, 30))
            XCTAssertTrue(try s.status(granted).ok)

            let calls = os.scheduleCalls
            XCTAssertTrue(try s.reconcile().rearmed.isEmpty) // armed once, not on every reconcile
            XCTAssertEqual(os.scheduleCalls, calls)
        }
    }

    func test_aReminderStillArrivingLateIsNotReArmedWhenExactAlarmsAreAllowed() throws {
        try withClient { c, clock, _ in
            let os = FakeOs(lagMinutes: 7)
            os.exactTiming = false
            let s = ReminderScheduler(client: c, os: os)
            try s.reconcile()
            clock.instant = ny(7, 33) // the 07:30 alarm is due, held back
            os.exactTiming = true
            let r = try s.reconcile()
            let breakfast = try single(os.pending.values.filter { $0.fireAt == ny(7, 30) }).id
            XCTAssertEqual(r.arriving, [breakfast])
            XCTAssertFalse(r.rearmed.contains(breakfast))
            XCTAssertEqual(os.inexactIds(), [breakfast]) // left to the OS as it was
            XCTAssertEqual(r.rearmed.count, 63)
        }
    }

    func test_notificationsTurnedOffAfterArmingAreNoticedAndNotBlamedOnBatterySaving() throws {
        try withClient { c, clock, _ in
            let os = FakeOs()
            let s = ReminderScheduler(client: c, os: os)
            XCTAssertTrue(try s.status(s.reconcile()).ok)

            os.notificationsAllowed = false // switched off in Settings: the scheduled ones stay
            let off = try s.reconcile()
            XCTAssertTrue(off.notificationsOff)
            XCTAssertTrue(off.refused.isEmpty) // nothing new to schedule, yet the banner shows
            XCTAssertEqual(try s.status(off).problems, [.notificationsOff])

            clock.instant = ny(8, 45)
            _ = os.fire(clock.instant) // fired, shown by nobody
            let later = try s.status(s.reconcile())
            XCTAssertEqual(later.problems, [.notificationsOff])
            XCTAssertEqual(later.undelivered.count, 1) // still listed, the dose is on Today

            os.notificationsAllowed = true
            for occ in try single(later.undelivered).occurrenceIds {
                _ = try c.take(occ)
            }
            XCTAssertTrue(try s.status(s.reconcile()).ok)
        }
    }

    func test_whereSwipedAwayNotificationsGoUnreportedNoReminderIsCalledLost() throws {
        try withClient { c, clock, _ in
            let os = FakeOs()
            os.reportsEveryDelivery = false // iOS: a notification swiped away is never reported
            let s = ReminderScheduler(client: c, os: os)
            try s.reconcile()
            clock.instant = ny(8, 45)
            _ = os.fire(clock.instant) // shown and swiped away
            let status = try s.status(s.reconcile())
            XCTAssertTrue(status.ok, "\(status.problems)")
            XCTAssertEqual(status.undelivered.count, 1)

            os.notificationsAllowed = false
            XCTAssertEqual(try s.status(s.reconcile()).problems, [.notificationsOff])
        }
    }

    func test_aZoneChangeTheAppMissedReachesTheCoreAtTheNextReconcileAndMovesTheReminders() throws {
        try withClient { c, _, _ in
            let os = FakeOs()
            let s = ReminderScheduler(client: c, os: os)
            XCTAssertFalse(try s.reconcile(deviceZone: newYork).zoneChanged)
            let tokyo = TimeZone(identifier: "Asia/Tokyo")! // landed while the app was not running
            let r = try s.reconcile(deviceZone: tokyo)
            XCTAssertTrue(r.zoneChanged)
            XCTAssertEqual(try c.profile()?.currentZone, "Asia/Tokyo")
            XCTAssertTrue(!r.cancelled.isEmpty && !r.added.isEmpty)
            XCTAssertEqual(try planIds(c, os), os.pendingIds())
            XCTAssertFalse(try s.reconcile(deviceZone: tokyo).zoneChanged) // once
        }
    }

    func test_aSmallOSWindowHoldsTheSoonestRemindersOnly() throws {
        try withClient { c, _, _ in
            let os = FakeOs(capacity: 3)
            try ReminderScheduler(client: c, os: os).reconcile()
            XCTAssertEqual(os.pending.count, 3)
            XCTAssertEqual(try planIds(c, os), os.pendingIds())
            XCTAssertEqual(os.pending.values.map(\.fireAt).min(), ny(7, 30))
        }
    }

    func test_takingFromTheNotificationCancelsThatMomentsReminderAndFollowUps() throws {
        try withClient { c, clock, m in
            let os = FakeOs()
            let s = ReminderScheduler(client: c, os: os)
            try s.reconcile()
            clock.instant = ny(7, 30)
            let shown = try single(os.fire(clock.instant))
            try s.delivered(shown.id)
            XCTAssertEqual(shown.kind, .dose)
            XCTAssertEqual(Set(shown.medicationIds), [m.sertraline, m.lamotrigine])
            let outcome = try s.onAction(notificationId: shown.id, occurrenceIds: shown.occurrenceIds, action: .taken)
            guard case let .logged(entryIds, reconciliation) = outcome else { return XCTFail("\(outcome)") }
            XCTAssertEqual(entryIds.count, 2)
            XCTAssertFalse(reconciliation.cancelled.isEmpty)
            XCTAssertFalse(os.pending.values.contains { n in n.occurrenceIds.contains { shown.occurrenceIds.contains($0) } })
            XCTAssertEqual(try planIds(c, os), os.pendingIds())
            XCTAssertEqual(try c.deliveryCheck().undelivered.count, 0)
        }
    }

    func test_snoozingFromTheNotificationBringsItBackAndNeverPastTheRule() throws {
        try withClient { c, clock, _ in
            let os = FakeOs()
            let s = ReminderScheduler(client: c, os: os)
            try s.reconcile()
            clock.instant = ny(22, 30)
            _ = os.fire(clock.instant)
            let bedtime = try XCTUnwrap(try c.reminderPlan(limit: 64).notifications.first {
                $0.fireAt == ny(22, 30) || $0.kind == .followUp
            })
            let outcome = try s.onAction(notificationId: bedtime.id, occurrenceIds: bedtime.occurrenceIds, action: .snooze,
                                         snoozeMinutes: 15)
            guard case let .snoozed(until, _, _) = outcome else { return XCTFail("\(outcome)") }
            XCTAssertEqual(until, ny(22, 45))
            let back = try single(os.pending.values.filter { $0.kind == .snoozed })
            XCTAssertEqual(back.fireAt, ny(22, 45))
            XCTAssertEqual(try planIds(c, os), os.pendingIds())
        }
    }

    func test_aRefusedScheduleIsReportedAndRetriedOncePermissionIsBack() throws {
        try withClient { c, _, _ in
            let os = FakeOs()
            os.permitted = false
            let s = ReminderScheduler(client: c, os: os)
            let denied = try s.reconcile()
            XCTAssertEqual(denied.refused.count, 64)
            XCTAssertTrue(os.pending.isEmpty)
            os.permitted = true
            let granted = try s.reconcile()
            XCTAssertEqual(granted.added.count, 64)
            XCTAssertEqual(try planIds(c, os), os.pendingIds())
        }
    }

    func test_remindersTheOSNeverShowedAreFoundByTheDeliveryCheck() throws {
        try withClient { c, clock, _ in
            let os = FakeOs()
            try ReminderScheduler(client: c, os: os).reconcile()
            clock.instant = ny(9)
            _ = os.fire(clock.instant) // shown by nobody: the app was force-quit and notifications were off
            let check = try c.deliveryCheck()
            XCTAssertFalse(check.undelivered.isEmpty)
            XCTAssertTrue(check.undelivered.allSatisfy { $0.fireAt <= clock.instant })
        }
    }

    func test_afterAnySequenceOfUsesTheScheduledSetEqualsThePlan() throws {
        let zones = ["America/New_York", "Europe/London", "Asia/Tokyo", "Pacific/Auckland", "America/Los_Angeles", "Asia/Kolkata"]
            .map { TimeZone(identifier: $0)! }
        let moments: [RoutineEvent] = [.breakfast, .dinner, .bedtime]
        let actions: [NotificationAction] = [.taken, .skip, .snooze]
        let snoozes: [Int64] = [5, 10, 30]
        var lateDeliveries = 0
        for seed in 1...Self.seeds {
            var rnd = SeededGenerator(seed: UInt64(seed))
            // Start a few days before the US DST change (2027-03-14) so runs cross it.
            try withClient(start: ny(6, date: LocalDate(2027, 3, 12))) { c, clock, _ in
                // iOS-like (on time, at most the plan) or Android-like (late in Doze, room for more).
                let capacity = [8, 20, 64][Int.random(in: 0..<3, using: &rnd)]
                let lag: Int64 = [0, 0, 4, 12][Int.random(in: 0..<4, using: &rnd)]
                let os = FakeOs(capacity: capacity, lagMinutes: lag, hardLimit: lag == 0 ? capacity : 500)
                let s = ReminderScheduler(client: c, os: os)
                try s.reconcile()
                var trace: [String] = []
                var shown: [CadenceBindings.Notification] = [] // still in the tray
                for step in 0..<Self.steps {
                    let op = Int.random(in: 0..<8, using: &rnd)
                    clock.advanceMinutes(1) // real time always moves between two uses
                    trace.append("\(op)@\(clock.instant)")
                    do {
                        switch op {
                        case 0, 1:
                            clock.advanceMinutes(Int64.random(in: 5..<600, using: &rnd))
                            for n in os.fire(clock.instant) {
                                try s.delivered(n.id, at: n.fireAt)
                                shown.append(n)
                                if shown.count > 6 { shown.removeFirst() }
                            }
                        case 2:
                            // A button on a notification in the tray, perhaps one already acted on.
                            let tray = shown.filter { $0.kind != .refill && $0.kind != .checkIn }
                            if let n = tray.randomElement(using: &rnd) {
                                _ = try s.onAction(notificationId: n.id, occurrenceIds: n.occurrenceIds,
                                                   action: actions[Int.random(in: 0..<3, using: &rnd)],
                                                   snoozeMinutes: snoozes[Int.random(in: 0..<3, using: &rnd)])
                            }
                        case 3:
                            let rows = try TodayState.load(c).sections.flatMap(\.rows)
                            if let row = rows.randomElement(using: &rnd) {
                                if let entry = row.logEntryId {
                                    _ = try c.undo(entry)
                                } else if Bool.random(using: &rnd) {
                                    _ = try c.take(row.occurrenceId)
                                } else {
                                    _ = try c.skip(row.occurrenceId, reason: .forgot)
                                }
                            }
                        case 4:
                            _ = try c.setRoutineTime(
                                moments[Int.random(in: 0..<3, using: &rnd)],
                                dayKind: Bool.random(using: &rnd) ? .weekday : .weekend,
                                time: LocalTime(Int.random(in: 5..<24, using: &rnd), Int.random(in: 0..<4, using: &rnd) * 15)
                            )
                        case 5:
                            try c.deviceZoneChanged(zones[Int.random(in: 0..<zones.count, using: &rnd)])
                        case 6:
                            guard let focus = try TodayState.load(c).focus else { continue }
                            _ = try c.snooze(focus.occurrenceId, minutes: Int64.random(in: 1..<120, using: &rnd))
                        default:
                            break // the app simply wakes up
                        }
                    } catch let error as CadenceClientError {
                        switch error {
                        case .notFound:
                            XCTFail("seed \(seed) step \(step) \(trace.suffix(4)): \(error)")
                            throw error
                        case let .invalidInput(field, _):
                            // A snooze of a dose not yet due, or past its window: refused, nothing changed.
                            XCTAssertTrue(Self.snoozeFields.contains(field), "step \(step): \(field)")
                        default:
                            throw error
                        }
                    }
                    let r = try s.reconcile()
                    lateDeliveries += r.arriving.count
                    let context = "seed \(seed) step \(step) \(trace.suffix(3))"
                    // The OS holds the plan, plus the reminders it is still delivering late.
                    XCTAssertEqual(try planIds(c, os).union(r.arriving), os.pendingIds(), context)
                    XCTAssertLessThanOrEqual(os.pending.count, os.capacity + r.arriving.count, context)
                    let graceStart = clock.instant.addingTimeInterval(-15 * 60)
                    XCTAssertTrue(r.arriving.allSatisfy { os.pending[$0].map { $0.fireAt > graceStart } ?? false }, context)
                    XCTAssertFalse(os.pending.values.contains { $0.fireAt <= graceStart }, context)
                }
            }
        }
        XCTAssertGreaterThan(lateDeliveries, 0, "the runs must include reminders delivered late")
    }
}
