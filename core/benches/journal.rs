//! Journal benchmarks (being written).
fn main() {}
