#!/usr/bin/env bash
# Installs what the binding tests need when it is missing, and prints the
# paths as shell assignments (eval "$(bindings/scripts/ensure-tools.sh)"):
#   KOTLIN_HOME  the Kotlin compiler 2.4.20 from the npm package `kotlin-compiler`,
#                unpacked once into ~/.cache/cadence (version checked on reuse)
#   JNA_JAR      Debian's libjna-java
#   JUNIT_JAR, HAMCREST_JAR  Debian's junit4 (the Kotlin kit's tests)
# (The Python tests' pytest and fhir.resources: bindings/python/install-for-tests.sh.)
set -euo pipefail
KOTLIN_VERSION=2.4.20
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/cadence"
KOTLIN_HOME="$CACHE/kotlin-$KOTLIN_VERSION/package"

if [[ "$(cat "$KOTLIN_HOME/build.txt" 2>/dev/null || true)" != "$KOTLIN_VERSION" ]]; then
  echo "installing kotlin-compiler $KOTLIN_VERSION into $CACHE" >&2
  mkdir -p "$CACHE"
  rm -rf "$CACHE/kotlin-$KOTLIN_VERSION"
  (cd "$CACHE" && npm pack --silent "kotlin-compiler@$KOTLIN_VERSION" >/dev/null)
  mkdir -p "$CACHE/kotlin-$KOTLIN_VERSION"
  tar -xzf "$CACHE/kotlin-compiler-$KOTLIN_VERSION.tgz" -C "$CACHE/kotlin-$KOTLIN_VERSION"
  rm -f "$CACHE/kotlin-compiler-$KOTLIN_VERSION.tgz"
fi

JNA_JAR=/usr/share/java/jna.jar
if [[ ! -f $JNA_JAR ]]; then
  echo "installing libjna-java" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq libjna-java >&2
fi

JUNIT_JAR=/usr/share/java/junit4.jar
HAMCREST_JAR=/usr/share/java/hamcrest-core.jar
if [[ ! -f $JUNIT_JAR || ! -f $HAMCREST_JAR ]]; then
  echo "installing junit4" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq junit4 >&2
fi

echo "KOTLIN_HOME='$KOTLIN_HOME'"
echo "JNA_JAR='$JNA_JAR'"
echo "JUNIT_JAR='$JUNIT_JAR'"
echo "HAMCREST_JAR='$HAMCREST_JAR'"
