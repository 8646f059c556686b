"""The command line: check-bindings.py [--ios-root IOS] [--syntax] [DIR].

Reads the generated Swift in DIR (default $CADENCE_BUILD_DIR/bindings/swift,
else build/bindings/swift), checks the iOS tree (default examples/ios) with
core_calls.py and kotlin_mirror.py (and with --syntax, syntax.py: needs the
tree-sitter grammar of examples/ios/requirements.txt), and either prints a
one-line summary (exit 0) or one line per problem and a count to stderr
(exit 1).
"""
import argparse
import os
import sys
from pathlib import Path

from .core_calls import check_core_calls
from .generated_api import load_api
from .kotlin_mirror import check_mirror
from .layout import Layout, Problems
from .swift_source import load_sources, swift_files
from .syntax import check_syntax


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="check-bindings.py",
        description="Checks examples/ios against the generated Swift bindings and the Kotlin kit.")
    parser.add_argument("swift_dir", nargs="?", metavar="DIR",
                        help="the generated Swift (default $CADENCE_BUILD_DIR/bindings/swift, "
                             "else build/bindings/swift)")
    parser.add_argument("--ios-root", metavar="IOS",
                        help="the iOS tree to check instead of examples/ios (e.g. a copy); "
                             "the Kotlin kit is still the repository's")
    parser.add_argument("--syntax", action="store_true",
                        help="also parse every Swift file with the tree-sitter Swift grammar "
                             "(pip install -r examples/ios/requirements.txt)")
    return parser.parse_args(argv)


def main(argv):
    args = parse_args(argv[1:])
    layout = Layout(args.ios_root)
    if args.swift_dir:
        swift_dir = Path(args.swift_dir)
    elif os.environ.get("CADENCE_BUILD_DIR"):
        swift_dir = Path(os.environ["CADENCE_BUILD_DIR"]) / "bindings/swift"
    else:
        swift_dir = layout.root / "build/bindings/swift"
    api = load_api(swift_dir)
    problems = Problems()
    parsed = None
    if args.syntax:
        # First, so a syntax error is reported as such, not as what it confuses later.
        try:
            parsed = check_syntax(swift_files(layout.swift_dirs) + [layout.ios / "Package.swift"],
                                  layout.show, problems)
        except ImportError as e:
            problems.add("examples/ios/requirements.txt", f"--syntax needs the grammar installed ({e})")
    if not problems:  # the other checks would only echo a syntax error
        sources = load_sources(layout.swift_dirs, layout.show, problems)
        calls = check_core_calls(api, sources, problems)
        main_sources = [s for s in sources if layout.swift_kit in s.path.parents]
        test_sources = [s for s in sources if layout.swift_tests in s.path.parents]
        mirror = check_mirror(layout, main_sources, test_sources, problems)
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        print(f"check-bindings: {len(problems)} problem(s) in examples/ios", file=sys.stderr)
        return 1
    print(f"Swift: {calls['calls']} core calls checked against the generated bindings "
          f"(+ {calls['records']} record constructions, {calls['cases']} enum cases), "
          f"{mirror['types']} types mirrored, {mirror['tests']} tests mirrored"
          + (f", {parsed} files parsed without a syntax error" if parsed is not None else ""))
    return 0
