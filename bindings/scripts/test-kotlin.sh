#!/usr/bin/env bash
# Compiles the generated Kotlin bindings with the tests in tests/kotlin and runs
# them against the real library. Needs bindings/scripts/generate.sh first.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
eval "$(bindings/scripts/ensure-tools.sh)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BUILD="${CADENCE_BUILD_DIR:-$ROOT/build}"
mkdir -p "$BUILD/kotlin"
rm -f "$BUILD/kotlin/tests.jar"
"$KOTLIN_HOME/bin/kotlinc" -Werror -nowarn \
  $(find "$BUILD/bindings/kotlin" -name '*.kt') tests/kotlin/*.kt \
  -cp "$JNA_JAR:$KOTLIN_HOME/lib/kotlin-test.jar" -jvm-target 17 \
  -d "$BUILD/kotlin/tests.jar" 2>&1 | grep -v '^warning: unable to find kotlin-stdlib' || true
[[ -f "$BUILD/kotlin/tests.jar" ]] || { echo "Kotlin compilation failed" >&2; exit 1; }
java -cp "$BUILD/kotlin/tests.jar:$JNA_JAR:$KOTLIN_HOME/lib/kotlin-stdlib.jar:$KOTLIN_HOME/lib/kotlin-test.jar" \
  -Djna.library.path="$TARGET_DIR/debug" health.cadence.tests.HarnessKt
