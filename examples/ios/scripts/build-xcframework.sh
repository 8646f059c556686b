#!/usr/bin/env bash
# Builds what the Swift package in examples/ios needs from the Rust workspace
# (macOS with Xcode only):
#   CadenceFFI.xcframework         libcadence_ffi.a for iOS devices, the iOS
#                                  simulator (arm64 + x86_64) and macOS (for
#                                  `swift test`), with the C headers of both
#                                  crates in one clang module, CadenceFFI
#   Sources/CadenceBindings/*.swift the uniffi-generated Swift (Cadence.swift,
#                                  CadenceCore.swift), compiled as one module
# then checks the Swift layer against the fresh bindings (check-bindings.py).
# Needs: Xcode (xcodebuild, lipo), rustup with the targets
#   aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios
#   aarch64-apple-darwin x86_64-apple-darwin   (macOS slices; skip with --ios-only)
# Usage: examples/ios/scripts/build-xcframework.sh [--ios-only]
set -euo pipefail

if [[ "$(uname -s)" != Darwin ]]; then
  cat >&2 <<EOF
build-xcframework.sh builds iOS libraries and needs macOS with Xcode; this
machine runs $(uname -s), so nothing was built. On Linux, run
bindings/scripts/generate.sh to generate the Swift bindings and
python3 examples/ios/check-bindings.py to check the Swift layer against them.
EOF
  exit 1
fi

IOS="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(cd "$IOS/../.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
STAGE="$IOS/build"
IOS_ONLY=false
[[ "${1:-}" == "--ios-only" ]] && IOS_ONLY=true

for tool in cargo rustup xcodebuild lipo python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool (install Xcode and rustup)" >&2; exit 1; }
done

DEVICE=aarch64-apple-ios
SIMULATOR=(aarch64-apple-ios-sim x86_64-apple-ios)
MACOS=(aarch64-apple-darwin x86_64-apple-darwin)
TARGETS=("$DEVICE" "${SIMULATOR[@]}")
$IOS_ONLY || TARGETS+=("${MACOS[@]}")
INSTALLED="$(rustup target list --installed)"
for t in "${TARGETS[@]}"; do
  grep -qx "$t" <<<"$INSTALLED" || { echo "missing Rust target $t: rustup target add ${TARGETS[*]}" >&2; exit 1; }
done

export IPHONEOS_DEPLOYMENT_TARGET=16.0 MACOSX_DEPLOYMENT_TARGET=13.0
cd "$ROOT"

# 1. The static library for every target. Always -p: a workspace build would
#    unify the bindgen's `cli` feature into the library.
for t in "${TARGETS[@]}"; do
  echo "building cadence-ffi for $t"
  cargo build -q -p cadence-ffi --release --target "$t"
done

# 2. The Swift bindings, read from the host's debug library (the stripped
#    release library has no uniffi metadata; the bindings work with it).
cargo build -q -p cadence-ffi
cargo build -q -p cadence-bindgen
rm -rf "$STAGE"
mkdir -p "$STAGE/swift" "$STAGE/Headers"
"$TARGET_DIR/debug/uniffi-bindgen" generate --library "$TARGET_DIR/debug/libcadence_ffi.dylib" \
  --language swift --no-format --out-dir "$STAGE/swift" >/dev/null

# 3. Headers and one clang module, CadenceFFI, declaring every generated
#    header (the shape uniffi-bindgen-swift --modulemap makes for several
#    crates): the headers declare RustBuffer & co. once, behind their shared
#    UNIFFI_SHARED_H guard. An xcframework slice has one module.modulemap.
cp "$STAGE/swift/"*.h "$STAGE/Headers/"
{
  echo "module CadenceFFI {"
  for h in "$STAGE/Headers/"*.h; do echo "    header \"$(basename "$h")\""; done
  echo "    export *"
  echo "    use \"Darwin\""
  echo "    use \"_Builtin_stdbool\""
  echo "    use \"_Builtin_stdint\""
  echo "}"
} >"$STAGE/Headers/module.modulemap"

# 4. One library per platform (simulator and macOS slices merged with lipo).
lib() { echo "$TARGET_DIR/$1/release/libcadence_ffi.a"; }
mkdir -p "$STAGE/ios-simulator" "$STAGE/macos"
lipo -create "$(lib "${SIMULATOR[0]}")" "$(lib "${SIMULATOR[1]}")" -output "$STAGE/ios-simulator/libcadence_ffi.a"
ARGS=(-library "$(lib "$DEVICE")" -headers "$STAGE/Headers"
      -library "$STAGE/ios-simulator/libcadence_ffi.a" -headers "$STAGE/Headers")
if ! $IOS_ONLY; then
  lipo -create "$(lib "${MACOS[0]}")" "$(lib "${MACOS[1]}")" -output "$STAGE/macos/libcadence_ffi.a"
  ARGS+=(-library "$STAGE/macos/libcadence_ffi.a" -headers "$STAGE/Headers")
fi
rm -rf "$IOS/CadenceFFI.xcframework"
xcodebuild -create-xcframework "${ARGS[@]}" -output "$IOS/CadenceFFI.xcframework" >/dev/null

# 5. The generated Swift into the package's CadenceBindings target, one Swift
#    module. Each file imports its crate's FFI module (CadenceFFI,
#    CadenceCoreFFI: uniffi.toml's ffi_module_name); both are the one
#    CadenceFFI module above, so the imports are pointed at it.
mkdir -p "$IOS/Sources/CadenceBindings"
rm -f "$IOS/Sources/CadenceBindings/"*.swift
for f in "$STAGE/swift/"*.swift; do
  sed -E -e 's/^#if canImport\([A-Za-z_]+FFI\)$/#if canImport(CadenceFFI)/' \
         -e 's/^import [A-Za-z_]+FFI$/import CadenceFFI/' "$f" >"$IOS/Sources/CadenceBindings/$(basename "$f")"
  grep -qx "import CadenceFFI" "$IOS/Sources/CadenceBindings/$(basename "$f")" \
    || { echo "$(basename "$f") does not import its FFI module as expected" >&2; exit 1; }
done

# 6. The same check CI runs on Linux, against these bindings.
python3 "$IOS/check-bindings.py" "$STAGE/swift"

echo "built $IOS/CadenceFFI.xcframework; now: cd examples/ios && swift test"
$IOS_ONLY && echo "(iOS only: run the tests on a simulator with xcodebuild, see README.md)"
exit 0
