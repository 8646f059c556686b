//! Reminder benchmarks (being written).
fn main() {}
