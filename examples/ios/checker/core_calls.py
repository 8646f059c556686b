"""The bindings check: the iOS Swift code against the generated API.

It scans every Swift file under examples/ios/{Sources/CadenceKit,App,Tests}
and checks, against the Api of generated_api.py:
- every call on the core object (`core.x(...)`, `bindings.x(...)`,
  `Cadence.open(...)`) and of a generated top-level function names an
  existing method with exactly valid labels (all labels without a default
  present, in order, none unknown);
- every construction of a core record (`Profile(...)`,
  `CadenceBindings.Notification(...)`) uses valid labels;
- every qualified core enum case (`RoutineEvent.breakfast`,
  `CadenceError.InvalidInput(...)`) exists, with valid labels or arity;
- every implicit member (`.taken(at:amount:)`, `case .due(let m, _)`)
  names a case of a core or kit enum (with matching labels or arity), or
  an Apple API member on the allow-list of apple_names.py;
- every type name used is declared in examples/ios, generated, or an
  Apple/Swift type on the allow-list; no iOS type shadows a core type;
- nothing holds the core object under another name than `core` or
  `bindings` (so no call escapes the first check);
- the core's `Notification` is always written CadenceBindings.Notification
  (alone it is Foundation's);
- a `declarationOrder` list in an extension of a core enum (Kotlin's
  `ordinal`) names every generated case, in the generated order.
It does not type-check: argument types, `try`, and which of two enums with
a same-named, same-arity case is meant need a Swift compiler.
"""
import re

from .apple_names import PLATFORM_MEMBERS, PLATFORM_TYPES
from .lexing import close_of, prev_word, split_top
from .swift_source import TypeIndex

# Names the core object may have in examples/ios (see CadenceClient.swift).
CORE_VARS = {"core", "bindings"}
# Core types that Foundation also names: they need the module's name.
FOUNDATION_CLASHES = {"Notification"}
MODULES = {"CadenceBindings", "CadenceKit", "CadenceFFI"}
# Words after which `.name(...)` is a pattern (`case .due(let m, _)`).
PATTERN_WORDS = ("case", "let", "var", "catch")
# Words after which `.name` is an implicit member, not a member access.
KEYWORDS_BEFORE_IMPLICIT = ("case", "return", "in", "try", "throw", "else", "where", "is", "as", "let",
                            "var", "catch", "await", "if", "guard", "switch")

CORE_VAR_RE = re.compile(r"\b(\w+)\s*:\s*(?:CadenceBindings\s*\.\s*)?Cadence\b(?![\w.])")
WITH_CORE_RE = re.compile(r"\bwithCore\s*\{\s*(\$0|\w+)")
# `core.x(`, `Cadence.x(`, and `bindings.x(` also as a member (`client.bindings.x(`).
CORE_CALL_RE = re.compile(r"(?:(?<![\w.])(?:core|Cadence)|(?<![\w])bindings)\s*\.\s*(`?\w+`?)\s*\(")
CAPITALIZED_RE = re.compile(r"(?<![\w@#$`])([A-Z]\w*)")
MODULE_DOT_RE = re.compile(r"\bCadenceBindings\s*\.$")
OPEN_PAREN_RE = re.compile(r"\s*\(")
QUALIFIED_RE = re.compile(r"\s*\.\s*(`?\w+`?)")
IMPLICIT_RE = re.compile(r"\.\s*(`?[A-Za-z_]\w*`?)")
GENERIC_PARAMS_RE = re.compile(r"\b(?:func|init|struct|class|enum)\b[^{(]*?<([^>{]*)>")
GENERIC_NAME_RE = re.compile(r"\b([A-Z]\w*)\s*(?=[:,]|$)")
EXTENSION_RE = re.compile(r"\bextension\s+(\w+)\s*\{")
DECLARATION_ORDER_RE = re.compile(r"\bdeclarationOrder\s*:\s*\[\w+\]\s*=\s*\[")


def args_of(code, open_paren):
    """(labels, raw args) of the call whose '(' is at open_paren."""
    close = close_of(code, open_paren)
    raw = split_top(code[open_paren + 1:close])
    labels = []
    for a in raw:
        m = re.match(r"\s*(`?\w+`?)\s*:(?!:)", a)
        labels.append(m.group(1).strip("`") if m else None)
    return labels, raw


def labels_fit(labels, params):
    """Do call labels fit a declaration's parameters (defaults may be left out)?"""
    i = 0
    for label in labels:
        while i < len(params) and params[i].label != label:
            if not params[i].default:
                return False
            i += 1
        if i == len(params):
            return False
        i += 1
    return all(p.default for p in params[i:])


def show_sig(name, params):
    return name + "(" + "".join(f"{p.label or '_'}:" for p in params) + ")"


def show_call(name, labels):
    return name + "(" + "".join(f"{l or '_'}:" for l in labels) + ")"


def is_pattern(code, at, raw):
    """Is the case written at offset at, with arguments raw, a pattern?"""
    word, _ = prev_word(code, at)
    if word in PATTERN_WORDS or word == "?":
        return True
    return any(re.match(r"\s*(let|var)\b|\s*_\s*$", a) for a in raw)


def cases_by_name(enums):
    """{case: [labels]} merged over several enums' {case: [labels]}."""
    out = {}
    for cases in enums:
        for c, sigs in cases.items():
            out.setdefault(c, []).extend(sigs)
    return out


def generic_names(sources):
    """Generic parameter names (`<T: Equatable>`) declared in sources."""
    out = set()
    for s in sources:
        for m in GENERIC_PARAMS_RE.finditer(s.code):
            out |= set(GENERIC_NAME_RE.findall(m.group(1)))
    return out


class CoreCallCheck:
    """The checks of the module docstring over sources; problems go to
    problems, counts of what was checked to counts."""

    def __init__(self, api, sources, problems):
        self.api, self.sources, self.problems = api, sources, problems
        self.counts = {"calls": 0, "records": 0, "cases": 0}
        self.ios = TypeIndex(sources)
        self.declared = self.ios.declared()
        self.generic = generic_names(sources)
        self.core_types = api.types | {"Cadence", "CadenceError"}
        ios_decls = [t for ts in self.ios.types.values() for t in ts]
        self.kit_cases = cases_by_name(t.cases for t in ios_decls)  # over every enum in examples/ios
        self.kit_statics = set()
        for t in ios_decls:
            self.kit_statics |= t.statics
            if t.kind == "extension" and t.name in self.core_types:
                self.kit_statics |= set(t.funcs) | t.props
        self.core_cases = cases_by_name(api.enums.values())

    def run(self):
        for s in self.sources:
            self.check_core_names(s)
            self.check_calls(s)
            self.check_capitalized(s)
            self.check_implicit_members(s)
        self.check_shadowing()
        for s in self.sources:
            self.check_declaration_orders(s)
        return self.counts

    def members(self, name):
        out = self.ios.members(name)
        if any(t.inits for t in self.ios.get(name)):
            out.add("init")
        return out

    def check_fit(self, s, at, name, labels, sigs, owner=""):
        """A call's labels against the declarations sigs of name."""
        if not any(labels_fit(labels, p) for p in sigs):
            self.problems.add(s.where(at), f"{show_call(name, labels)} does not fit {owner}"
                              + " or ".join(show_sig(name, p) for p in sigs))

    def check_case_args(self, s, at, open_paren, where_name, sigs):
        """The arguments at open_paren of the case where_name written at
        offset at, against its declarations sigs (lists of labels)."""
        labels, raw = args_of(s.code, open_paren)
        pattern = is_pattern(s.code, at, raw)
        sigs = [list(t) for t in dict.fromkeys(tuple(sig) for sig in sigs)]
        if any(l is not None for l in labels):
            if not any(sig == labels for sig in sigs):
                self.problems.add(s.where(at), f"{show_call(where_name, labels)}: no such case; declared: "
                                  + ", ".join(show_call(where_name, sig) for sig in sigs))
        elif not any(len(sig) == len(labels) for sig in sigs):
            self.problems.add(s.where(at), f"{where_name} with {len(labels)} values: declared "
                              + ", ".join(show_call(where_name, sig) for sig in sigs))
        elif not pattern and not any(all(l is None for l in sig) and len(sig) == len(labels) for sig in sigs):
            self.problems.add(s.where(at), f"{where_name}(...) needs its labels: "
                              + ", ".join(show_call(where_name, sig) for sig in sigs))

    def check_core_names(self, s):
        """The core object goes by `core` or `bindings` only."""
        for m in CORE_VAR_RE.finditer(s.code):
            if m.group(1) not in CORE_VARS:
                self.problems.add(s.where(m.start()), f"the core object is named `{m.group(1)}`: name it core or "
                                  "bindings so its calls are checked")
        for m in WITH_CORE_RE.finditer(s.code):
            if m.group(1) != "core":
                self.problems.add(s.where(m.start()), "withCore's closure must name its argument `core`")

    def check_calls(self, s):
        """Calls on the core object, Cadence.open, and the generated
        top-level functions (`scoreQuestionnaire(answers:)`)."""
        code, methods, functions = s.code, self.api.methods, self.api.functions
        for m in CORE_CALL_RE.finditer(code):
            name = m.group(1).strip("`")
            labels, _ = args_of(code, m.end() - 1)
            self.counts["calls"] += 1
            if name not in methods:
                alike = sorted(n for n in methods if n.lower().startswith(name[:3].lower()))
                self.problems.add(s.where(m.start()), f"Cadence has no method `{name}` (generated: "
                                  f"{', '.join(alike) or 'none alike'})")
            else:
                self.check_fit(s, m.start(), name, labels, methods[name], owner="Cadence.")
        if functions:
            names = "|".join(map(re.escape, functions))
            for m in re.finditer(r"(?<![\w.])(" + names + r")\s*\(", code):
                labels, _ = args_of(code, m.end() - 1)
                self.counts["calls"] += 1
                self.check_fit(s, m.start(), m.group(1), labels, functions[m.group(1)])

    def check_capitalized(self, s):
        """Capitalized names: record constructions, qualified members, type names."""
        code, api = s.code, self.api
        for m in CAPITALIZED_RE.finditer(code):
            name, at = m.group(1), m.start()
            before = code[:at].rstrip()
            qualified_core = MODULE_DOT_RE.search(before) is not None
            if before.endswith(".") and not qualified_core:
                continue  # a member (`.InvalidInput`) or a nested type: checked below
            if name in FOUNDATION_CLASHES and not qualified_core and name in self.core_types:
                self.problems.add(s.where(at), f"`{name}` alone is Foundation's: write CadenceBindings.{name}")
            paren = OPEN_PAREN_RE.match(code, m.end())
            if name in api.records and paren:
                labels, _ = args_of(code, paren.end() - 1)
                self.counts["records"] += 1
                self.check_fit(s, at, name, labels, api.records[name])
            q = QUALIFIED_RE.match(code, m.end())
            if q and (name in api.enums or name in self.declared):
                self.check_qualified(s, at, name, q.group(1).strip("`"), q.end())
            if (name not in self.core_types and name not in self.declared and name not in self.generic
                    and name not in MODULES and name not in PLATFORM_TYPES and not name.startswith("XCT")):
                self.problems.add(s.where(at), f"unknown type or name `{name}`: not generated, not declared in "
                                  "examples/ios, not on check-bindings.py's list of Apple/Swift names")

    def check_qualified(self, s, at, name, member, off):
        """`Name.member` written at offset at, the member ending at off."""
        has_args = s.code[off:off + 1] == "("
        if name in self.api.enums and name not in self.declared:
            cases = self.api.enums[name]
            known = set(cases) | self.members(name) | {"self", "init"}
            if member not in known:
                self.problems.add(s.where(at), f"{name} has no case `{member}`; generated: {', '.join(cases)}")
            elif member in cases:
                self.counts["cases"] += 1
                if has_args:
                    self.check_case_args(s, at, off, f"{name}.{member}", cases[member])
        elif member not in self.members(name) | {"self", "init", "Type"} and name not in self.core_types:
            self.problems.add(s.where(at), f"{name} declares no `{member}`")
        elif has_args and any(member in t.cases for t in self.ios.get(name)):
            sigs = [sig for t in self.ios.get(name) for sig in t.cases.get(member, [])]
            self.check_case_args(s, at, off, f"{name}.{member}", sigs)

    def check_implicit_members(self, s):
        """Implicit members: `.taken(at: x, amount: y)`, `case let .due(m, _)`, `[.breakfast]`."""
        code = s.code
        for m in IMPLICIT_RE.finditer(code):
            dot = m.start()
            word, j = prev_word(code, dot)
            if j >= 0 and (word[-1:].isalnum() or word[-1:] in "_)]}>!\"\\'"):
                if word not in KEYWORDS_BEFORE_IMPLICIT:
                    continue  # member access on an expression
            if word == "?" and code[j - 1:j] not in (" ", "\t", "\n"):
                continue  # optional chaining `x?.y`
            if code[dot + 1:dot + 2] == "." or code[dot - 1:dot] == ".":
                continue  # ranges `0...3`, `..<`
            name = m.group(1).strip("`")
            off = m.end()
            in_core, in_kit = name in self.core_cases, name in self.kit_cases
            if not (in_core or in_kit or name in self.kit_statics or name in PLATFORM_MEMBERS):
                self.problems.add(s.where(dot), f"unknown implicit member `.{name}`: not a case of a generated or "
                                  "examples/ios enum, nor on check-bindings.py's list of Apple members")
                continue
            if in_core:
                self.counts["cases"] += 1
            if (code[off:off + 1] == "(" and (in_core or in_kit) and name not in self.kit_statics
                    and name not in PLATFORM_MEMBERS):
                self.check_case_args(s, dot, off, "." + name,
                                     self.core_cases.get(name, []) + self.kit_cases.get(name, []))

    def check_shadowing(self):
        """No type of examples/ios hides a generated one."""
        for name in sorted(self.declared & self.core_types):
            for t in self.ios.get(name):
                if t.kind != "extension":
                    self.problems.add(f"{t.file}:{t.line}", f"`{name}` is also a generated type: rename it")

    def check_declaration_orders(self, s):
        """Declaration-order lists name every case of the generated enum, in order."""
        for m in EXTENSION_RE.finditer(s.code):
            enum = m.group(1)
            body = s.code[m.end():close_of(s.code, m.end() - 1)]
            d = DECLARATION_ORDER_RE.search(body)
            if enum in self.api.enums and d:
                listed = re.findall(r"\.(\w+)", body[d.end():close_of(body, d.end() - 1)])
                if listed != list(self.api.enums[enum]):
                    self.problems.add(s.where(m.start()), f"{enum}.declarationOrder lists {listed}; generated "
                                      f"order: {list(self.api.enums[enum])}")


def check_core_calls(api, sources, problems):
    """The bindings checks of the module docstring. Returns counts:
    calls, records and cases checked."""
    return CoreCallCheck(api, sources, problems).run()
