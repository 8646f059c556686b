// The medicines screen: what the person takes, each with its schedule in
// the form's terms and its supply, and the actions on a medication (stop,
// restart, count the supply, record a refill). Which plan is current, the
// supply's unit and the first changeable day are the core's
// (`medicineOverview`, one call per row).
package health.cadence.kit

import health.cadence.core.DosingPlan
import health.cadence.core.Medication
import health.cadence.core.MedicineOverview
import health.cadence.core.MedicationStatus
import health.cadence.core.MissedDoseRule
import health.cadence.core.Supply
import java.time.LocalDate

/** One medication as the list shows it. */
data class MedicineRow(
    val medication: Medication,
    /** The current plan; null when none was added (nothing is scheduled). */
    val plan: DosingPlan?,
    /** [plan] in the form's terms; null without a plan. */
    val schedule: Schedule?,
    /** Amount on hand and when it runs out; null when never counted. */
    val supply: Supply?,
    /**
     * The first day a schedule change may start (the day after the last dose
     * already due: those keep their times and logs); null without a plan.
     */
    val changeableFrom: LocalDate?,
    /** What to do about a missed dose: the prescriber's rule, or the core's general one. */
    val missedDoseRule: MissedDoseRule,
    /**
     * The unit the supply is counted in (the core's rule): the form's
     * ("tablet") when doses are given by strength ("50 mg" of 50 mg tablets:
     * the core converts), else the dose's own unit ("ml").
     */
    val supplyUnit: String,
) {
    val id: String get() = medication.id
    val stopped: Boolean get() = medication.status == MedicationStatus.STOPPED

    /** Shows "Change schedule": a plan the form can edit. */
    val canChangeSchedule: Boolean get() = !stopped && schedule?.custom == false
}

/** The medicines screen: active medications by name, then stopped ones. */
data class MedicinesState(val active: List<MedicineRow>, val stopped: List<MedicineRow>) {
    /** Nothing added yet: the screen invites the first medication. */
    val isEmpty: Boolean get() = active.isEmpty() && stopped.isEmpty()

    companion object {
        /** The screen's state, read from [client]. */
        fun load(client: CadenceClient): MedicinesState {
            val rows = client.medicineOverviews().map(::from)
            val (stopped, active) = rows.partition { it.stopped }
            return MedicinesState(active, stopped)
        }

        /** One medication's row, read from [client] in one call. */
        fun row(client: CadenceClient, m: Medication): MedicineRow = from(client.medicineOverview(m.id))

        /**
         * The row of the core's [overview]: plans running side by side (50 mg
         * mornings and 25 mg evenings, as a prescriber's FHIR dosages may
         * say) read as one custom schedule: the form edits one plan and would
         * misstate the other.
         */
        fun from(overview: MedicineOverview): MedicineRow {
            val plan = overview.plan
            val schedule = plan?.let(Schedule::of)?.let { if (overview.runningPlans > 1u) it.copy(times = null) else it }
            return MedicineRow(
                overview.medication, plan, schedule, overview.supply,
                overview.changeableFrom?.let(::isoDate), overview.missedDoseRule, overview.supplyUnit,
            )
        }

        /** Stops [row]'s medication from [on]: no more reminders; its history stays. */
        fun stop(client: CadenceClient, row: MedicineRow, on: LocalDate): MedicineRow =
            row(client, client.stopMedication(row.id, on))

        /** Takes a stopped medication up again, on its last schedule. */
        fun restart(client: CadenceClient, row: MedicineRow): MedicineRow =
            row(client, client.restartMedication(row.id))

        /**
         * Counts what is on hand, in [MedicineRow.supplyUnit]: refill
         * reminders and the run-out date follow from it.
         */
        fun countSupply(client: CadenceClient, row: MedicineRow, onHand: Double): MedicineRow {
            client.setSupply(row.id, onHand, row.supplyUnit)
            return row(client, client.medication(row.id))
        }

        /** Adds a refill of [amount] to the supply. */
        fun refill(client: CadenceClient, row: MedicineRow, amount: Double): MedicineRow {
            client.refill(row.id, amount)
            return row(client, client.medication(row.id))
        }
    }
}
