// The routine screen: when the person wakes, eats and goes to bed, on
// weekdays and at weekends. Doses tied to a moment move with it.
package health.cadence.kit

import health.cadence.defaultRoutineTime
import health.cadence.core.DayKind
import health.cadence.core.RoutineEvent
import java.time.LocalTime

/** One routine moment: its time on weekdays and at weekends (the core's default until set). */
data class RoutineRow(val event: RoutineEvent, val weekday: LocalTime, val weekend: LocalTime) {
    /** The time on [kind] days. */
    fun at(kind: DayKind): LocalTime = if (kind == DayKind.WEEKDAY) weekday else weekend
}

/** The routine screen: the moments doses are tied to, in the order of a day. */
data class RoutineState(val rows: List<RoutineRow>) {
    companion object {
        /** The moments the screen shows (the others are derived by the core). */
        val EVENTS: List<RoutineEvent> =
            listOf(RoutineEvent.WAKE, RoutineEvent.BREAKFAST, RoutineEvent.LUNCH, RoutineEvent.DINNER, RoutineEvent.BEDTIME)

        /** The screen's state, read from [client]. */
        fun load(client: CadenceClient): RoutineState {
            val times = client.routine().times
            fun at(event: RoutineEvent, kind: DayKind) =
                wallTime(times.firstOrNull { it.event == event && it.dayKind == kind }?.time ?: defaultRoutineTime(event, kind))
            return RoutineState(EVENTS.map { RoutineRow(it, at(it, DayKind.WEEKDAY), at(it, DayKind.WEEKEND)) })
        }

        /**
         * Moves [event] on [kind] days to [time] and returns the new state.
         * Reconcile reminders afterwards: doses at that moment move with it.
         */
        fun set(client: CadenceClient, event: RoutineEvent, kind: DayKind, time: LocalTime): RoutineState {
            client.setRoutineTime(event, kind, time)
            return load(client)
        }
    }
}
