//! Schedule benchmarks (being written).
fn main() {}
