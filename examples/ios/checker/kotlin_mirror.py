"""The mirror check: the Swift kit against the Kotlin kit it mirrors.

Every non-private Kotlin type of examples/android/kit/src/main has a
same-named Swift type in Sources/CadenceKit with the same members; every
Kotlin test class, fixture and test function has a Swift one in
Tests/CadenceKitTests. Name mapping (deterministic):
- types keep their names, except `CadenceError` -> `CadenceClientError`
  (Swift's generated enum is already called `CadenceError`);
- sealed-class subclasses and objects become enum cases, lowerCamel
  (`ActionOutcome.OpenApp` -> `case openApp`); their `val`s become the
  case's associated-value labels;
- enum entries and `const val`s in SCREAMING_CASE become lowerCamel
  (`TAKEN_ON_TIME` -> `takenOnTime`, `KEY_BYTES` -> `keyBytes`);
- functions and properties keep their names (companion members become
  static members); extension functions (`LocalDate.toIso()`) may be free
  functions or members of a Swift extension;
- a test `fun \\`a closed client refuses calls\\`()` becomes
  `func test_aClosedClientRefusesCalls()`: words split on anything but
  letters and digits (apostrophes dropped), the first word's first letter
  lowercased, the others' uppercased, the rest kept as written.
"""
import re

from .kotlin_source import parse_kotlin
from .swift_source import TypeIndex

# Kotlin type -> Swift type, where the name has to differ.
TYPE_RENAMES = {"CadenceError": "CadenceClientError"}


def lower_camel(screaming):
    """TAKEN_ON_TIME -> takenOnTime; Logged -> logged; OpenApp -> openApp."""
    if "_" in screaming or screaming.isupper():
        words = screaming.lower().split("_")
        return words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:])
    return screaming[:1].lower() + screaming[1:]


def member_name(name, const):
    """The Swift name of a Kotlin top-level or companion member: constants
    (`const val`, or all capitals) in lowerCamel, others unchanged."""
    return lower_camel(name) if const or name.isupper() else name


def test_name(kotlin_name):
    """`a closed client refuses calls` -> test_aClosedClientRefusesCalls."""
    words = [w for w in re.split(r"[^A-Za-z0-9]+", kotlin_name.replace("'", "")) if w]
    camel = words[0][:1].lower() + words[0][1:] + "".join(w[:1].upper() + w[1:] for w in words[1:])
    return "test_" + camel


class MirrorCheck:
    """The checks of the module docstring; problems go to problems."""

    def __init__(self, layout, main_sources, test_sources, problems):
        self.layout, self.problems = layout, problems
        self.counts = {"types": 0, "tests": 0}
        self.kit = TypeIndex(main_sources)
        self.kit_ext_funcs = {f for ts in self.kit.types.values() for t in ts if t.kind == "extension"
                              for f in t.funcs}
        self.tests = TypeIndex(test_sources)

    def run(self):
        for path in sorted(self.layout.kit_main.glob("*.kt")):
            types, top = parse_kotlin(path)
            for kt in types:
                self.check_type(kt, self.kit, "Sources/CadenceKit")
            for name, kind, const in sorted(top):
                sname = member_name(name, const)
                if sname not in self.kit.free and sname not in self.kit_ext_funcs:
                    self.problems.add(self.layout.show(path),
                                      f"top-level {kind} {name}: no Swift {sname} in Sources/CadenceKit")
        for path in sorted(self.layout.kit_test.glob("*.kt")):
            types, top = parse_kotlin(path)
            for kt in types:
                if kt.tests:
                    self.check_test_class(kt)
                else:
                    self.check_type(kt, self.tests, "Tests/CadenceKitTests")
            for name, kind, const in sorted(top):
                sname = member_name(name, const)
                if sname not in self.tests.free:
                    self.problems.add(self.layout.show(path),
                                      f"fixture {kind} {name}: no Swift {sname} in Tests/CadenceKitTests")
        return self.counts

    def where(self, kt, line=None):
        return f"{self.layout.show(kt.path)}:{kt.line if line is None else line}"

    def check_type(self, kt, swift, swift_dir):
        """A Kotlin type against its Swift namesake in the index swift."""
        sname = TYPE_RENAMES.get(kt.name, kt.name)
        where = self.where(kt)
        real = [t for t in swift.get(sname) if t.kind != "extension"]
        if not real:
            self.problems.add(where, f"Kotlin {kt.kind} {kt.name} has no Swift type {sname} in {swift_dir}")
            return
        self.counts["types"] += 1
        have = swift.members(sname)
        cases = {c: sigs for t in real for c, sigs in t.cases.items()}
        for e in kt.entries:
            if lower_camel(e) not in cases:
                self.problems.add(where, f"{kt.name}.{e}: Swift enum {sname} has no case {lower_camel(e)}")
        for sub, vals in kt.subclasses:
            case = lower_camel(sub)
            if case not in cases:
                self.problems.add(where, f"{kt.name}.{sub}: Swift enum {sname} has no case {case}")
            elif not any(sig == vals for sig in cases[case]):
                self.problems.add(where, f"{kt.name}.{sub}({', '.join(vals)}): Swift case {sname}.{case} has labels "
                                  + " or ".join(str(sig) for sig in cases[case]))
        statics = {member_name(name, const) for name, const in kt.statics}
        for m in sorted(kt.funcs | kt.props | statics):
            if m not in have:
                self.problems.add(where, f"{kt.name}.{m}: Swift {sname} has no member {m}")

    def check_test_class(self, kt):
        """A Kotlin test class: a Swift XCTestCase of the same name with every test."""
        if not any(t.kind == "class" for t in self.tests.get(kt.name)):
            self.problems.add(self.where(kt), f"test class {kt.name} has no Swift "
                              f"XCTestCase {kt.name} in Tests/CadenceKitTests")
            return
        have = self.tests.members(kt.name)
        for name, line in kt.tests:
            if test_name(name) in have:
                self.counts["tests"] += 1
            else:
                self.problems.add(self.where(kt, line), f"test `{name}` has no Swift {kt.name}.{test_name(name)}()")


def check_mirror(layout, main_sources, test_sources, problems):
    """The mirror checks of the module docstring. Returns counts: types and
    tests mirrored."""
    return MirrorCheck(layout, main_sources, test_sources, problems).run()
