//! Reminder storage (being written).
