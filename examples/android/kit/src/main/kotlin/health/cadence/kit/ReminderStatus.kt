// Why reminders may not reach the person, for the banner on Today: the OS
// refused them, they may come late, or recent ones never arrived.
package health.cadence.kit

import health.cadence.core.UndeliveredReminder

/** One reason reminders may not reach the person, most serious first. */
enum class ReminderProblem {
    /**
     * Notifications are off for the app (the permission read at the last
     * reconcile, or the OS refused reminders). Fix: notification settings.
     */
    NOTIFICATIONS_OFF,

    /**
     * Reminders of the last 48 hours never arrived while their doses are
     * still unlogged (battery optimisation, a force stop). Fix: battery
     * settings; the doses are on Today. Raised only where the app hears of
     * every notification shown (Android) and while notifications are on:
     * otherwise the cause is known, or a swiped-away one would look lost.
     */
    NOT_ARRIVING,

    /** Reminders may come up to about an hour late: exact timing is not allowed. Fix: "Alarms & reminders". */
    MAY_BE_LATE,
}

/**
 * The reminder banner's state. Empty [problems]: all is well, no banner.
 * [message] is the default English for each problem; apps word it from the code.
 */
data class ReminderStatus(
    val problems: List<ReminderProblem>,
    /** Reminders the OS refused at the last reconcile. */
    val refused: Int,
    /** Dose reminders that never arrived (their doses still unlogged), oldest first. */
    val undelivered: List<UndeliveredReminder>,
) {
    /** No problem: no banner. */
    val ok: Boolean get() = problems.isEmpty()

    companion object {
        /**
         * The status after [last], with the OS's [exactTiming], the core's
         * delivery [check] and whether the OS [reportsEveryDelivery]. With
         * notifications off, that is the one problem named: lateness and
         * missing deliveries follow from it.
         */
        fun from(
            last: Reconciliation,
            exactTiming: Boolean,
            check: health.cadence.core.DeliveryCheck,
            reportsEveryDelivery: Boolean = true,
        ): ReminderStatus {
            val undelivered = check.undelivered.sortedBy { it.fireAt }
            val off = last.notificationsOff || last.refused.isNotEmpty()
            val problems = buildList {
                if (off) {
                    add(ReminderProblem.NOTIFICATIONS_OFF)
                } else {
                    if (reportsEveryDelivery && undelivered.isNotEmpty()) add(ReminderProblem.NOT_ARRIVING)
                    if (!exactTiming) add(ReminderProblem.MAY_BE_LATE)
                }
            }
            return ReminderStatus(problems, last.refused.size, undelivered)
        }

        /** The default English for [problem]. */
        fun message(problem: ReminderProblem, status: ReminderStatus): String = when (problem) {
            ReminderProblem.NOTIFICATIONS_OFF -> "Notifications are off, so reminders cannot reach you."
            ReminderProblem.NOT_ARRIVING ->
                "${status.undelivered.size} recent reminder${if (status.undelivered.size == 1) "" else "s"} did not reach you. " +
                    "Battery saving may be stopping them."
            ReminderProblem.MAY_BE_LATE -> "Reminders may come up to an hour late until exact alarms are allowed."
        }
    }
}
