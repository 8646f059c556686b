"""The Linux check of the iOS layer (examples/ios); run it as
examples/ios/check-bindings.py. Modules, in the order the check uses them:

- cli.py: arguments, the run, the report;
- layout.py: where the checked files are; the problem list;
- syntax.py: every Swift file through the tree-sitter Swift grammar (--syntax);
- lexing.py: blanking comments and strings, bracket helpers (Swift and Kotlin);
- swift_source.py: Swift declarations of a file; the iOS Swift files;
- generated_api.py: the public API of the generated Cadence.swift and CadenceCore.swift;
- apple_names.py: the allow-lists of Apple/Swift names;
- core_calls.py: the iOS code's calls, records and enum cases against the generated API;
- kotlin_source.py: Kotlin declarations of a file of the Kotlin kit;
- kotlin_mirror.py: the Swift kit and tests against the Kotlin kit and tests.
"""
