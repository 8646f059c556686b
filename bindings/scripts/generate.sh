#!/usr/bin/env bash
# Builds the Cadence library (debug) and generates its Kotlin, Swift and
# Python bindings (uniffi library mode) into build/:
#   build/bindings/kotlin/   health/cadence/*.kt (+ health/cadence/core/)
#   build/bindings/swift/    Cadence.swift, CadenceCore.swift, headers, modulemaps
#   build/bindings/python/   cadence.py, cadence_core.py (to read; the installable
#                            package is built by pip: bindings/python/README.md)
# Usage: bindings/scripts/generate.sh
# Generated code is never committed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

# Honour a separate target or build folder (parallel work on one machine).
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BUILD="${CADENCE_BUILD_DIR:-$ROOT/build}"

# Always -p: a plain workspace build would unify the bindgen's `cli` feature
# into the library and rebuild it.
cargo build -q -p cadence-ffi
cargo build -q -p cadence-bindgen

# Bindgen reads the metadata from the debug library (the stripped release
# library has none); the bindings work with either.
# The library's name follows the host: .dylib on macOS, .so on Linux.
case "$(uname -s)" in
  Darwin) LIB_EXT=dylib ;;
  *) LIB_EXT=so ;;
esac
META_LIB="$TARGET_DIR/debug/libcadence_ffi.$LIB_EXT"
[[ -f "$META_LIB" ]] || { echo "no $META_LIB after the build" >&2; exit 1; }
BINDGEN="$TARGET_DIR/debug/uniffi-bindgen"

rm -rf "$BUILD/bindings"
for lang in kotlin swift python; do
  "$BINDGEN" generate --library "$META_LIB" --language "$lang" --no-format \
    --out-dir "$BUILD/bindings/$lang" >/dev/null
done

# Swift: no toolchain on Linux; check everything the package needs is there.
for f in Cadence.swift CadenceCore.swift cadenceFFI.h cadence_coreFFI.h cadenceFFI.modulemap cadence_coreFFI.modulemap; do
  [[ -s "$BUILD/bindings/swift/$f" ]] || { echo "missing Swift binding file $f" >&2; exit 1; }
done

echo "bindings generated in $BUILD"
