"""Kotlin declarations: what a file of the Kotlin kit declares.

`parse_kotlin` reads a Kotlin file (comments and strings blanked, see
lexing.py) for its non-private types (classes, data/sealed/enum classes,
interfaces, objects, nested ones included) with their non-private,
non-override members: functions, properties (constructor `val`s included),
companion members (statics), enum entries, a sealed class's nested
subclasses and objects with their constructor `val`s, and `@Test`
functions with backticked names; and for the file's top-level functions and
vals. Names stay as Kotlin writes them; kotlin_mirror.py maps them to Swift.
"""
import re

from .lexing import blank, close_of, line_of, split_top, starts_word

K_DECL = re.compile(r"((?:\b(?:private|internal|public|protected|data|sealed|enum|abstract|open|inner|"
                    r"companion)\s+)*)\b(class|interface|object)\b\s*(\w+)?")
K_MEMBER = re.compile(r"((?:\b(?:private|internal|public|protected|override|const|open|inline|"
                      r"operator|infix|suspend|lateinit)\s+)*)\b(fun|val|var)\s+(?:<[^>]*>\s*)?"
                      r"(?:([\w.<>?, ]+?)\.)?(`[^`]+`|\w+)")
CTOR_RE = re.compile(r"\s*(?:private\s+|internal\s+)?(?:constructor\s*)?\(")
CTOR_VAL_RE = re.compile(r"\s*(?:@\w+\s+)*((?:\w+\s+)*)(val|var)\s+(\w+)")
BODY_RE = re.compile(r"[^{}\n]*?\{")
VAL_NAME_RE = re.compile(r"\b(?:val|var)\s+(\w+)")
ENTRY_RE = re.compile(r"\b([A-Z][A-Z0-9_]*)\b")


class KType:
    """A non-private Kotlin type. `kind` is enum, sealed, data, class,
    interface or object."""

    def __init__(self, name, kind, mods, path, line):
        self.name, self.kind, self.mods, self.path, self.line = name, kind, mods, path, line
        self.funcs, self.props, self.entries = set(), set(), []
        self.statics = set()  # companion members: (name, is const)
        self.subclasses = []  # nested classes/objects of a sealed class: (name, vals)
        self.tests = []  # @Test functions with backticked names: (name, line)


def parse_kotlin(path):
    """Non-private types (with members) and top-level functions and vals of
    a Kotlin file: ([KType], {(name, "fun" or "val" or "var", is const)})."""
    text = path.read_text()
    code = blank(text)
    types, top = [], set()

    def ctor_vals(start):
        # `class X(val a: A, private val b: B, c: C)` -> {a}
        m = CTOR_RE.match(code, start)
        if not m:
            return set(), start
        close = close_of(code, m.end() - 1)
        vals = set()
        for p in split_top(code[m.end():close], angle=True):
            v = CTOR_VAL_RE.match(p)
            if v and "private" not in v.group(1) and "override" not in v.group(1):
                vals.add(v.group(3))
        return vals, close + 1

    def scan(start, end, owner, companion=False):
        i = start
        while i < end:
            c = code[i]
            if c in "{(":
                i = close_of(code, i) + 1
                continue
            d = K_DECL.match(code, i) if starts_word(code, i) else None
            if d and d.group(2):
                i = declaration(d, owner)
                continue
            m = K_MEMBER.match(code, i) if starts_word(code, i) else None
            if m:
                member(m, owner, companion)
                i = m.end()
                continue
            i += 1

    def declaration(d, owner):
        # A class, interface or object at d; returns the offset after it.
        mods = d.group(1)
        name = d.group(3) or "Companion"
        kind = ("enum" if "enum" in mods else "sealed" if "sealed" in mods else "data" if "data" in mods
                else d.group(2))
        vals, k = ctor_vals(d.end())
        brace = BODY_RE.match(code, k)
        body = None
        if brace and "=" not in code[k:brace.end()]:
            body = (brace.end(), close_of(code, brace.end() - 1))
        if "companion" in mods and owner is not None:
            if body and "private" not in mods:
                scan(body[0], body[1], owner, companion=True)
            return body[1] + 1 if body else k
        t = KType(name, kind, mods, path, line_of(code, d.start()))
        t.props |= vals
        if owner is not None and owner.kind == "sealed":
            owner.subclasses.append((name, [v for v in VAL_NAME_RE.findall(code[d.end():k]) if v in vals]))
        elif "private" not in mods:
            types.append(t)
        if not body:
            return k
        if kind == "enum":
            entries_end = code.find(";", body[0], body[1])
            t.entries = ENTRY_RE.findall(code[body[0]:entries_end if entries_end >= 0 else body[1]])
        scan(body[0], body[1], t)
        return body[1] + 1

    def member(m, owner, companion):
        # A fun, val or var at m.
        i = m.start()
        mods, kind, name = m.group(1), m.group(2), m.group(4)
        if "private" in mods or "override" in mods:
            return
        if name.startswith("`"):
            is_test = "@Test" in code[max(0, i - 40):i] or "@Test" in text[max(0, i - 40):i]
            if owner is not None and is_test:
                owner.tests.append((name.strip("`"), line_of(code, i)))
        elif owner is None:
            top.add((name, kind, "const" in mods))
        elif companion:
            owner.statics.add((name, "const" in mods))
        elif kind == "fun":
            owner.funcs.add(name)
        else:
            owner.props.add(name)

    scan(0, len(code), None)
    return types, top
