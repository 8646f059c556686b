//! Reminders API of the `Cadence` object (being written).
