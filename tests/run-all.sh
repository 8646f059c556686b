#!/usr/bin/env bash
# Every Cadence test, from a fresh clone: formatting and lints, the Rust unit,
# property and integration tests, the bindings generated for Kotlin, Swift and
# Python, the Kotlin and Python tests through them, the Android app's
# platform-free Kotlin layer and its tests, and the demo.
# Installs what it needs (Kotlin compiler, JNA, JUnit; pytest in build/venv) when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PKGS=(-p cadence-core -p cadence-ffi -p cadence-cli)

step() { echo; echo "==> $*"; }

step "tools"
eval "$(bindings/scripts/ensure-tools.sh)"

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (all targets, warnings are errors)"
cargo clippy -q "${PKGS[@]}" --all-targets -- -D warnings
cargo clippy -q -p cadence-bindgen -- -D warnings

step "Rust tests"
LOG="$(mktemp)"
cargo test -q "${PKGS[@]}" 2>&1 | tee "$LOG"
RUST_PASSED=$(grep -oE "ok\. [0-9]+ passed" "$LOG" | awk '{s+=$2} END {print s+0}')
rm -f "$LOG"

step "generate Kotlin, Swift and Python bindings"
bindings/scripts/generate.sh

step "Kotlin tests"
bindings/scripts/test-kotlin.sh

step "Kotlin kit of the Android app (platform-free layer, JUnit)"
examples/android/test-kit.sh

step "Android shell (type-checked without the SDK against the kit and Android/AndroidX/Compose stubs)"
examples/android/shell-check/check.sh

step "Python tests"
# The pip-installed package `cadence` (bindings/python) in build/venv.
PY="$(bindings/python/install-for-tests.sh)"
"$PY" -m pytest -q tests/python

step "iOS Swift layer (no Swift compiler on Linux: parsed, and checked against the generated Swift and the Kotlin kit)"
"$PY" -m pip install -q --disable-pip-version-check -r examples/ios/requirements.txt
"$PY" examples/ios/check-bindings.py --syntax

step "demo"
DEMO_DB="$(mktemp -d)/demo.db"
cargo run -q -p cadence-cli -- --db "$DEMO_DB" demo > /dev/null
echo "demo ok"

step "browser (clinician report in headless Chromium)"
tests/browser/render-report.sh

echo
echo "Rust: $RUST_PASSED passed, 0 failed"
echo "all tests passed"
