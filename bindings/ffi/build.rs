//! Packs the shared library's relative relocations: the library holds tens
//! of thousands of pointers in read-only tables (the IANA zone data, string
//! tables, vtables), and as plain `R_*_RELATIVE` entries they take about
//! 1.4 MB. Packed, they take a few kilobytes and load faster.
//!
//! - Linux (glibc): `-z pack-relative-relocs` (DT_RELR; needs binutils 2.38
//!   or lld to link and glibc 2.36 to load). Set `CADENCE_NO_RELR=1` to build
//!   a library for an older glibc.
//! - Android: `--pack-dyn-relocs=android` (the NDK's lld; loads on API 23 and
//!   later, the app's minimum is 26).
//! - Apple targets: ld64 already encodes relocations compactly (chained
//!   fixups); nothing to do.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=CADENCE_NO_RELR");
    if std::env::var_os("CADENCE_NO_RELR").is_some_and(|v| v != "0") {
        return;
    }
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    match (os.as_str(), env.as_str()) {
        ("android", _) => println!("cargo:rustc-cdylib-link-arg=-Wl,--pack-dyn-relocs=android"),
        ("linux", "gnu") => println!("cargo:rustc-cdylib-link-arg=-Wl,-z,pack-relative-relocs"),
        _ => {}
    }
}
