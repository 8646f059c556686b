//! Dose schedules (being written).
