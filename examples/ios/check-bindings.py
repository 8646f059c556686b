#!/usr/bin/env python3
"""Checks the iOS layer (examples/ios) against what can be checked on Linux.

No Swift compiler runs on our CI, so this script stands in for the parts of
type checking that matter most, and for the mirror of the Kotlin layer:

1. Bindings: every call the Swift code of examples/ios makes on the core
   object, every core record it builds, every core enum case and type it
   names, against the public API of the generated Cadence.swift and
   CadenceCore.swift (uniffi); see checker/core_calls.py.
2. Mirror: every Kotlin type, member, enum entry, sealed case, top-level
   function, fixture and test of examples/android/kit has its Swift
   counterpart in Sources/CadenceKit or Tests/CadenceKitTests, under a
   deterministic name mapping; see checker/kotlin_mirror.py.

The checks live in the package checker/ next to this file (its __init__.py
lists the modules); this file only runs them.

Usage: check-bindings.py [--ios-root IOS] [DIR]
  DIR holds the generated Swift; default $CADENCE_BUILD_DIR/bindings/swift,
  else build/bindings/swift. IOS is the iOS tree to check instead of
  examples/ios, e.g. a copy to probe the checker (the Kotlin kit is always
  the repository's).
Exits 1 with one line per problem; prints a one-line summary on success.
"""
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ left in examples/ios
sys.path.insert(0, str(Path(__file__).resolve().parent))

from checker.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv))
