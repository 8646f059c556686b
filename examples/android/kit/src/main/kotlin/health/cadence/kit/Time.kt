// java.time at the surface: the core speaks ISO strings for dates, wall
// times, zones and offset date-times; these convert at the edge, once.
package health.cadence.kit

import java.time.LocalDate
import java.time.LocalTime
import java.time.OffsetDateTime
import java.time.ZoneId
import java.time.ZoneOffset
import java.time.format.DateTimeFormatter

/** A core `IsoDate` ("2027-03-01") as a [LocalDate]. */
fun isoDate(value: String): LocalDate = LocalDate.parse(value)

/** A [LocalDate] as the core's `IsoDate`. */
fun LocalDate.toIso(): String = format(DateTimeFormatter.ISO_LOCAL_DATE)

/** A core `WallTime` ("22:30") as a [LocalTime]. */
fun wallTime(value: String): LocalTime = LocalTime.parse(value)

/** A [LocalTime] as the core's `WallTime` (minutes; seconds are dropped). */
fun LocalTime.toWallTime(): String = "%02d:%02d".format(hour, minute)

/** A core `OffsetDateTime` ("2027-03-01T22:30:00-05:00") as java.time. */
fun offsetDateTime(value: String): OffsetDateTime = OffsetDateTime.parse(value)

/**
 * A core `ZoneName` as a [ZoneId]. The core stores IANA names only, so this
 * never sees an offset id.
 */
fun zone(value: String): ZoneId = ZoneId.of(value)

/**
 * A [ZoneId] as the core's `ZoneName`. Only region ids (IANA names such as
 * "Europe/Paris") are accepted: a fixed offset is not a place and would not
 * follow DST, so it is an [CadenceError.InvalidInput] on `zone`.
 */
fun ZoneId.toZoneName(): String {
    if (this is ZoneOffset || OFFSET_PREFIX.containsMatchIn(id)) {
        throw CadenceError.InvalidInput("zone", "must be an IANA time zone name, not a fixed offset")
    }
    return id
}

private val OFFSET_PREFIX = Regex("^(UTC|GMT|UT)[+-]")
