//! Share bundle API of the `Cadence` object (being written).
