//! Analytics and report API of the `Cadence` object (being written).
