//! Journal API of the `Cadence` object (being written).
