//! Compiles SQLCipher (the `sqlcipher-src` amalgamation) with the
//! libtomcrypt provider into `libsqlcipher.a` in `OUT_DIR`, for
//! `libsqlite3-sys`'s `-lsqlcipher` to find. Apple targets use CommonCrypto
//! through rusqlite's `bundled-sqlcipher` instead and build nothing here.

use std::env;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=c/cadence_ltc.h");
    println!("cargo:rerun-if-changed=c/shim.c");
    let vendor = env::var("CARGO_CFG_TARGET_VENDOR").unwrap_or_default();
    if vendor == "apple" {
        return;
    }
    let android = env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "android");
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let config = manifest.join("c/cadence_ltc.h");
    let dir = sqlcipher_src::source_dir();
    let tomcrypt = dir.join(sqlcipher_src::LIBTOMCRYPT_INCLUDE_DIR);

    let mut sqlite = cc::Build::new();
    sqlite
        .file(dir.join(sqlcipher_src::SOURCE_FILE))
        .file(manifest.join("c/shim.c"))
        .include(dir)
        .include(&tomcrypt)
        .include(manifest.join("c"))
        .flag("-include")
        .flag(config.to_str().expect("UTF-8 path"))
        .warnings(false)
        // SQLite as libsqlite3-sys builds it, without the extensions Cadence
        // never uses (full-text search, R-trees, loadable extensions).
        .define("SQLITE_CORE", None)
        .define("SQLITE_DEFAULT_FOREIGN_KEYS", "1")
        .define("SQLITE_ENABLE_API_ARMOR", None)
        .define("SQLITE_THREADSAFE", "1")
        .define("SQLITE_USE_URI", None)
        .define("SQLITE_OMIT_LOAD_EXTENSION", None)
        .define("HAVE_USLEEP", "1")
        .define("HAVE_ISNAN", None)
        .define("HAVE_LOCALTIME_R", None)
        .define("_POSIX_THREAD_SAFE_FUNCTIONS", None)
        // SQLCipher with libtomcrypt.
        .define("SQLITE_HAS_CODEC", None)
        .define("SQLCIPHER_CRYPTO_LIBTOMCRYPT", None)
        .define("SQLITE_TEMP_STORE", if android { "3" } else { "2" })
        .define("SQLITE_EXTRA_INIT", "cadence_sqlcipher_init")
        .define("SQLITE_EXTRA_SHUTDOWN", "sqlcipher_extra_shutdown")
        .define("HAVE_STDINT_H", "1");

    let mut ltc = cc::Build::new();
    ltc.include(&tomcrypt)
        .flag("-include")
        .flag(config.to_str().expect("UTF-8 path"))
        .define("LTC_SOURCE", None)
        .warnings(false)
        .files(
            sqlcipher_src::LIBTOMCRYPT_SOURCES
                .iter()
                .map(|s| dir.join(s)),
        );

    // One archive, so a single linker pass resolves SQLCipher's calls into
    // libtomcrypt. cc emits `rustc-link-lib=static=...` for each archive;
    // only the search path is wanted (libsqlite3-sys names the library), so
    // the archives are compiled without cargo metadata and merged.
    let out = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR"));
    sqlite.cargo_metadata(false);
    ltc.cargo_metadata(false);
    let mut objects = sqlite.compile_intermediates();
    objects.extend(ltc.compile_intermediates());
    let archive = out.join("libsqlcipher.a");
    let _ = std::fs::remove_file(&archive);
    let mut ar = sqlite.get_archiver();
    ar.arg("crs").arg(&archive).args(&objects);
    let status = ar.status().expect("run the archiver");
    assert!(status.success(), "archiving libsqlcipher.a failed");
    println!("cargo:rustc-link-search=native={}", out.display());
}
