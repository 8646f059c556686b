//! Care team and consent API of the `Cadence` object (being written).
