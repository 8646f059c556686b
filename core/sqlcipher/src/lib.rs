//! SQLCipher 4 with the libtomcrypt crypto provider, compiled from the
//! `sqlcipher-src` amalgamation for Android, Linux and other Unix targets
//! (Apple's use rusqlite's `bundled-sqlcipher` with CommonCrypto; Windows is
//! not a Cadence target: the entropy shim is POSIX).
//!
//! This crate has no Rust API. Its build script compiles `sqlcipher.c` and
//! the libtomcrypt units SQLCipher needs (AES-256-CBC, SHA-1/256/512, HMAC,
//! PBKDF2, Fortuna) into `libsqlcipher.a` and puts it on the linker's search
//! path, where the `-lsqlcipher` that `libsqlite3-sys` emits under its
//! `sqlcipher` feature finds it. Compared with SQLCipher's OpenSSL provider
//! this removes OpenSSL (about 1.4 MiB of machine code, most of it ciphers
//! SQLCipher never calls) from the library the apps ship.
//!
//! The file format does not depend on the provider: SQLCipher 4's defaults
//! (AES-256-CBC pages, HMAC-SHA512, PBKDF2-HMAC-SHA512 with 256,000
//! iterations for passphrases) are the same under OpenSSL, CommonCrypto and
//! libtomcrypt, so a file written on one platform opens on another
//! (`core/tests/sqlcipher_interop.rs` opens files written with OpenSSL).
//!
//! Randomness (salts, IVs) comes from the operating system's generator
//! (`getrandom(2)`, falling back to `/dev/urandom`); libtomcrypt's
//! clock-jitter fallback is compiled out, and if the system generator ever
//! fails the process aborts rather than write a page with a weak IV.
#![no_std]
