"""The public API of the generated Swift bindings (uniffi).

`load_api` parses Cadence.swift and CadenceCore.swift in the bindings
directory for what the iOS code may use: the methods of class `Cadence`
with their parameters, the top-level functions, the records (structs) with
their memberwise `init`s, the enums (the error enum `CadenceError`
included) with their cases and associated-value labels, and the public
typealiases. uniffi's internals (FfiConverter*, RustBuffer, ...) are left
out. A missing file, or a file without class `Cadence` or enum
`CadenceError`, ends the check.
"""
import re
import sys

from .lexing import blank
from .swift_source import PUBLIC_RE, parse_swift_decls

GENERATED_FILES = ("Cadence.swift", "CadenceCore.swift")
INTERNAL_TYPES = ("RustBuffer", "ForeignBytes", "NoHandle")
TYPEALIAS_RE = re.compile(r"\bpublic\s+typealias\s+(\w+)\s*=")


class Api:
    """What the generated Swift declares publicly."""

    def __init__(self):
        self.methods = {}  # Cadence methods: name -> [[Param]]
        self.functions = {}  # top-level functions: name -> [[Param]]
        self.records = {}  # name -> [[Param]] (public inits)
        self.enums = {}  # name -> {case: [labels]}, cases in declaration order
        self.aliases = set()
        self.types = set()  # every public type name, aliases included


def load_api(swift_dir):
    """The Api of the generated Swift in swift_dir."""
    api = Api()
    for fname in GENERATED_FILES:
        path = swift_dir / fname
        if not path.is_file():
            sys.exit(f"check-bindings: {path} is missing; run bindings/scripts/generate.sh first")
        code = blank(path.read_text())
        types, funcs = parse_swift_decls(code, fname, public_only=True)
        for name, sigs in funcs.items():
            if sigs and not name.startswith(("FfiConverter", "uniffi")):
                api.functions[name] = sigs
        for t in types:
            if t.name.startswith("FfiConverter") or t.name in INTERNAL_TYPES:
                continue
            if t.kind == "extension" or not PUBLIC_RE.search(t.mods):
                continue
            api.types.add(t.name)
            if t.name == "Cadence" and t.kind == "class":
                api.methods = t.funcs
            elif t.kind == "struct":
                api.records[t.name] = t.inits
            elif t.kind == "enum":
                api.enums[t.name] = t.cases
        for m in TYPEALIAS_RE.finditer(code):
            api.aliases.add(m.group(1))
            api.types.add(m.group(1))
    api.types -= {n for n in api.types if n.startswith(("FfiConverter", "Uniffi"))}
    if "open" not in api.methods or "CadenceError" not in api.enums:
        sys.exit("check-bindings: class Cadence or enum CadenceError not found in the generated Swift")
    return api
