//! Encrypted backup and restore (being written).
