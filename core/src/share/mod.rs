//! Encrypted share bundles (being written).
