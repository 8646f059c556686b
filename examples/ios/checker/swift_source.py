"""Swift declarations: what a Swift file declares, read without a compiler.

`parse_swift_decls` reads blanked Swift code (see lexing.py) for its types
(struct, class, enum, protocol, extension, actor) with the members at their
top level: functions and initializers with their parameters (label, whether
it has a default), properties, nested types, typealiases, enum cases with
their associated-value labels, and which members are static; and for its
free functions and variables. It serves both the generated bindings
(generated_api.py) and the Swift code of examples/ios (`Source`), whose
types `TypeIndex` gathers by name across files, extensions included.
"""
import re

from .lexing import blank, close_of, line_of, split_top, starts_word

IDENT = r"`?[A-Za-z_]\w*`?"
DECL_RE = re.compile(r"\b(struct|class|enum|protocol|extension|actor)\s+(" + IDENT + r"(?:\.\w+)*)")
MEMBER_RE = re.compile(
    r"\b(?:(static|class)\s+)?(func|var|let|case|init|typealias)\b\s*(" + IDENT + r")?"
)
CASE_NAME_RE = re.compile(r"\s*(" + IDENT + r")")
CASE_REST_RE = re.compile(r"[ \t]*(=[^,\n]*)?[ \t]*,")  # `= raw value` and a comma: another case follows
PARAMS_OPEN_RE = re.compile(r"\s*(<[^>]*>)?\s*\(")
PUBLIC_RE = re.compile(r"\b(public|open)\b")


class Param:
    """A declared parameter: its argument label (None: unlabeled, `_`) and
    whether it has a default value."""

    def __init__(self, label, default):
        self.label, self.default = label, default


def parse_params(inner):
    """Parameters of a declaration `(label name: T = d, _ x: U)`."""
    params = []
    for p in split_top(inner, angle=True):
        head = p.split(":", 1)[0].split()
        head = [h for h in head if not h.startswith("@") and h not in ("inout",)]
        label = head[0].strip("`") if head else None
        if label == "_":
            label = None
        default = "=" in p.split(":", 1)[1] if ":" in p else False
        params.append(Param(label, default))
    return params


def parse_case_params(inner):
    """Associated values `(label: T, U)` -> labels (None for unlabeled)."""
    labels = []
    for p in split_top(inner, angle=True):
        m = re.match(r"\s*(\w+)\s*:", p)
        labels.append(m.group(1) if m else None)
    return labels


class TypeDecl:
    """A type declaration (or extension) and its top-level members. `file`
    is the file's name as problems show it, `mods` the modifiers before the
    keyword (`public final`)."""

    def __init__(self, kind, name, line, file, mods):
        self.kind, self.name, self.line, self.file, self.mods = kind, name, line, file, mods
        self.funcs = {}  # name -> [[Param]]
        self.props = set()  # properties, typealiases and nested types
        self.cases = {}  # name -> [labels]
        self.inits = []  # [[Param]]
        self.statics = set()


def parse_swift_decls(code, file="?", public_only=False):
    """Types (with members at their top level) and free functions of code
    (comments and strings blanked): ([TypeDecl], {name: [[Param]]}); free
    variables map to []. An extension is a TypeDecl of kind "extension".
    With public_only, free functions count only if public or open."""
    types, free_funcs = [], {}
    body_of = {}  # offset of '{' -> TypeDecl
    for m in DECL_RE.finditer(code):
        brace = code.find("{", m.end())
        if brace < 0:
            continue
        between = code[m.end():brace]
        if ";" in between or "\n\n" in between:
            continue
        before = code[max(0, m.start() - 80):m.start()]
        t = TypeDecl(m.group(1), m.group(2).strip("`"), line_of(code, m.start()), file,
                     re.split(r"[{}()]", before)[-1])
        types.append(t)
        body_of[brace] = t

    def scan_cases(k, end, owner):
        # case a, b(x: T), c = 1   (up to the line's end at depth 0)
        while True:
            cm = CASE_NAME_RE.match(code, k)
            if not cm:
                break
            cname, k = cm.group(1).strip("`"), cm.end()
            labels = []
            if k < end and code[k] == "(":
                j = close_of(code, k)
                labels = parse_case_params(code[k + 1:j])
                k = j + 1
            owner.cases.setdefault(cname, []).append(labels)
            rest = CASE_REST_RE.match(code, k)
            if not rest:
                break
            k = rest.end()
        return k

    def scan(start, end, owner):
        i = start
        while i < end:
            c = code[i]
            if c == "{":
                j = close_of(code, i)
                if i in body_of:
                    if owner is not None:
                        owner.props.add(body_of[i].name)  # a nested type
                    scan(i + 1, j, body_of[i])
                i = j + 1
                continue
            m = MEMBER_RE.match(code, i)
            if m and starts_word(code, i, "_."):
                static, kind, name = m.group(1), m.group(2), (m.group(3) or "").strip("`")
                k = m.end()
                mods = code[code.rfind("\n", 0, i) + 1:i]
                if kind == "case" and owner is not None and owner.kind == "enum":
                    i = scan_cases(m.start(3) if m.group(3) else m.end(), end, owner)
                    continue
                if kind in ("func", "init"):
                    if kind == "init":
                        name = "init"
                        k = m.start(3) if m.group(3) else m.end()
                    p = PARAMS_OPEN_RE.match(code, k)
                    if p:
                        po = p.end() - 1
                        pc = close_of(code, po)
                        params = parse_params(code[po + 1:pc])
                        if owner is None:
                            if not public_only or PUBLIC_RE.search(mods):
                                free_funcs.setdefault(name, []).append(params)
                        elif kind == "init":
                            owner.inits.append(params)
                        else:
                            owner.funcs.setdefault(name, []).append(params)
                            if static:
                                owner.statics.add(name)
                        i = pc + 1
                        continue
                elif kind in ("var", "let", "typealias") and name and owner is not None:
                    owner.props.add(name)
                    if static:
                        owner.statics.add(name)
                elif kind in ("var", "let") and name and owner is None:
                    free_funcs.setdefault(name, [])
                i = m.end()
                continue
            i += 1

    scan(0, len(code), None)
    return types, free_funcs


class Source:
    """A Swift file of examples/ios: its text, blanked code, types and free
    functions. `shown` is its path as problems show it."""

    def __init__(self, path, shown):
        self.path, self.shown = path, shown
        self.text = path.read_text()
        self.code = blank(self.text)
        self.types, self.free = parse_swift_decls(self.code, shown)

    def where(self, offset):
        return f"{self.shown}:{line_of(self.code, offset)}"


def swift_files(dirs):
    """Every .swift file under dirs, in order."""
    return [p for d in dirs for p in sorted(d.rglob("*.swift"))]


def load_sources(dirs, show, problems):
    """The Sources of every .swift file under dirs, in order; show(path) is
    the path as problems show it. A file whose brackets do not balance is a
    problem, and left out."""
    sources = []
    for p in swift_files(dirs):
        try:
            sources.append(Source(p, show(p)))
        except ValueError as e:
            problems.add(show(p), f"cannot be parsed: {e}")
    return sources


class TypeIndex:
    """The types of some Sources by name (extensions included, in file order)
    and the names of their free functions and variables."""

    def __init__(self, sources):
        self.types = {}  # name -> [TypeDecl]
        self.free = set()
        for s in sources:
            for t in s.types:
                self.types.setdefault(t.name, []).append(t)
            self.free |= set(s.free)

    def get(self, name):
        return self.types.get(name, [])

    def declared(self):
        """Names of types declared here, not only extended."""
        return {n for n, ts in self.types.items() if any(t.kind != "extension" for t in ts)}

    def members(self, name):
        """Functions, properties, cases and statics of a type, extensions included."""
        out = set()
        for t in self.get(name):
            out |= set(t.funcs) | t.props | set(t.cases) | t.statics
        return out
