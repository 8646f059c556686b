//! Report benchmarks (being written).
fn main() {}
