//! Share bundle benchmarks (being written).
fn main() {}
