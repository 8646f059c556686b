"""Java stubs of the Android and AndroidX classes the shell uses, generated
from the chaquopy .pyi stub wheels (examples/android/shell-check/check.sh).

Usage: pyi2java.py OUT_DIR --wheel W.whl [--wheel ...] --roots-from DIR [...]
                   [--root CLASS ...] [--kotlin-stubs DIR]

The wheels list every public class, field and method of the API level (or
library version) they were made for, with parameter types, return types and
nullability (`| None`) from the SDK's annotations. The roots are the classes
imported by .kt files under --roots-from (`import android.x.Y`) and any given
with --root; this writes them, every class their own signatures name, and the
supertypes, nested and enclosing classes of all those, as .java files whose
bodies throw: kotlinc checks calls against the signatures. Classes declared by
the hand-written Kotlin stubs (--kotlin-stubs) are left to those.

What the .pyi format loses (so the stubs can be wrong there):
  - Return values and fields typed `int` may be Java int or long, `float` may
    be float or double. A method with a long default value or a long setter
    returns long, LONG_MEMBERS lists other known longs, the rest is int/float.
  - Class type parameters are dropped (raw types); method type parameters and
    java.util generics are kept.
  - Other classes become Object (accepts anything). Methods a class overrides
    from the JDK keep the JDK's types; a subclass of an abstract JDK class is
    abstract here.
  - Whether an interface method is abstract or default: all are default here,
    except in the interfaces SAM_INTERFACES lists, whose one method is
    abstract so that Kotlin takes a lambda for them (SAM conversion).
Python standard library only.
"""
import argparse
import collections
import os
import re
import sys
import zipfile

# Members whose `int` in the .pyi is a Java long and no rule below finds it.
LONG_MEMBERS = {
    ('android.app.Notification', 'when'),
    ('android.app.AlarmManager.AlarmClockInfo', 'getTriggerTime'),
    ('android.util.AtomicFile', 'getLastModifiedTime'),
    ('android.os.Build', 'TIME'),
    ('android.app.AlarmManager', 'INTERVAL_FIFTEEN_MINUTES'),
    ('android.app.AlarmManager', 'INTERVAL_HALF_HOUR'),
    ('android.app.AlarmManager', 'INTERVAL_HOUR'),
    ('android.app.AlarmManager', 'INTERVAL_HALF_DAY'),
    ('android.app.AlarmManager', 'INTERVAL_DAY'),
}
# Interfaces with one abstract method the shell passes as a lambda: the .pyi
# does not say which methods are abstract, and Kotlin converts a lambda only
# to an interface with exactly one.
SAM_INTERFACES = {
    'android.app.DatePickerDialog.OnDateSetListener',
    'android.app.TimePickerDialog.OnTimeSetListener',
}
PRIMITIVES = {'java.jint': 'int', 'java.jlong': 'long', 'java.jboolean': 'boolean', 'java.jfloat': 'float',
              'java.jdouble': 'double', 'java.jbyte': 'byte', 'java.jshort': 'short', 'java.jchar': 'char'}
BOXED = {'int': 'Integer', 'long': 'Long', 'boolean': 'Boolean', 'float': 'Float', 'double': 'Double',
         'byte': 'Byte', 'short': 'Short', 'char': 'Character'}
DEFAULTS = {'int': '0', 'long': '0L', 'boolean': 'false', 'float': '0f', 'double': '0d',
            'byte': '(byte) 0', 'short': '(short) 0', 'char': "'a'"}
JAVA_KEYWORDS = set('''abstract assert boolean break byte case catch char class const continue default do
    double else enum extends final finally float for goto if implements import instanceof int interface long
    native new package private protected public return short static strictfp super switch synchronized this
    throw throws transient try void volatile while'''.split())
PY_KEYWORDS = {'from', 'import', 'in', 'is', 'not', 'and', 'or', 'with', 'yield', 'lambda', 'pass', 'def',
               'del', 'global', 'print', 'exec', 'as', 'raise', 'except', 'elif', 'None', 'True', 'False'}
# JDK packages used as they are (the JDK's classes stand in for Android's copies).
JDK_PREFIXES = ('java.lang.', 'java.util.', 'java.io.', 'java.security.', 'javax.crypto.', 'java.time.', 'java.nio.')
JDK_MARKERS = {'java.security.spec.AlgorithmParameterSpec', 'java.security.spec.KeySpec',
               'java.io.Serializable', 'java.lang.Cloneable'}
# JDK classes with abstract methods: a generated subclass of one is made
# abstract, since the methods it overrides are left to the JDK (see emit).
JDK_ABSTRACT = {'java.io.InputStream', 'java.io.OutputStream', 'java.io.Reader', 'java.io.Writer',
                'java.lang.Number', 'java.util.AbstractCollection', 'java.util.AbstractList',
                'java.util.AbstractSet', 'java.util.AbstractMap', 'java.util.TimerTask'}
NULLABLE = '@org.jetbrains.annotations.Nullable '
THROW = '{ throw new RuntimeException(); }'


class Cls:
    def __init__(self, fq, module, bases):
        self.fq, self.module, self.bases = fq, module, bases
        self.fields, self.methods, self.inits, self.nested, self.typevars = [], [], [], [], {}


classes = {}  # every class of every wheel, by fully qualified name


def split_top(text, sep):
    """Splits at sep outside brackets."""
    parts, depth, cur, i = [], 0, '', 0
    while i < len(text):
        c = text[i]
        depth += (c == '[') - (c == ']')
        if depth == 0 and text.startswith(sep, i):
            parts.append(cur)
            cur, i = '', i + len(sep)
            continue
        cur += c
        i += 1
    parts.append(cur)
    return [p.strip() for p in parts]


def parse_module(lines, module):
    stack = []  # (indent, Cls)
    static = False
    for raw in lines:
        line = raw.rstrip('\n')
        s = line.strip()
        if not s or s.startswith('#'):
            continue
        indent = len(line) - len(line.lstrip(' '))
        while stack and indent <= stack[-1][0]:
            stack.pop()
        m = re.match(r'class (\w+)\((.*)\):', s)
        if m:
            fq = (stack[-1][1].fq if stack else module) + '.' + m.group(1)
            c = Cls(fq, module, [b for b in split_top(m.group(2), ',') if b])
            classes[fq] = c
            if stack:
                stack[-1][1].nested.append(fq)
            stack.append((indent, c))
            continue
        if not stack:
            continue
        c = stack[-1][1]
        if s == '@staticmethod':
            static = True
            continue
        if s.startswith('@'):
            continue
        m = re.match(r"(_\w+) = typing.TypeVar\('.*'\)\s*#\s*<(\w+)>", s)
        if m:
            c.typevars[m.group(1)] = m.group(2)
            continue
        m = re.match(r'def (\w+)\((.*)\) -> (.*): \.\.\.$', s)
        if m:
            name, params, ret = m.groups()
            if name.endswith('_') and name[:-1] in PY_KEYWORDS:
                name = name[:-1]
            ps = [p for p in split_top(params, ',') if p and p not in ('self', '/', '*')]
            named = [tuple(x.strip() for x in p.split(':', 1)) if ':' in p else (p, 'java.lang.Object') for p in ps]
            if name == '__init__':
                c.inits.append([t for _, t in named])
            else:
                c.methods.append((name, named, ret.strip(), static))
            static = False
            continue
        m = re.match(r'(\w+): typing.ClassVar\[(.*)\] = \.\.\.$', s)
        if m:
            c.fields.append((m.group(1), m.group(2), True))
            continue
        m = re.match(r'(\w+): (.*) = \.\.\.$', s)
        if m:
            c.fields.append((m.group(1), m.group(2), False))


def read_wheels(paths):
    for path in paths:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                parts = name.split('/')
                if parts[-1] != '__init__.pyi' or not parts[0].endswith('-stubs'):
                    continue
                module = '.'.join([parts[0][:-len('-stubs')]] + parts[1:-1])
                parse_module(z.read(name).decode('utf-8').splitlines(), module)


def resolve(name, module):
    for cand in (name, module + '.' + name):
        if cand in classes:
            return cand
    return None


def base_name(t):
    return t.split('[')[0]


def method_typevars(c, name):
    return {k: v for k, v in c.typevars.items() if k.startswith('_' + name + '_')}


# ---- which classes to generate ----

gen = set()
excluded = set()


def add(fq):
    if fq in gen or fq in excluded or fq not in classes or fq.startswith(('java.', 'javax.')):
        return
    gen.add(fq)
    c = classes[fq]
    for b in c.bases:
        r = resolve(base_name(b), c.module)
        if r:
            add(r)
    for n in c.nested:
        add(n)
    parts = fq.split('.')
    for i in range(len(parts) - 1, 1, -1):
        enclosing = '.'.join(parts[:i])
        if enclosing in classes:
            add(enclosing)
            break


def referenced(c):
    """Classes named in c's own fields, constructors and methods."""
    types = [t for _, t, _ in c.fields] + [t for ps in c.inits for t in ps]
    for _, ps, ret, _ in c.methods:
        types += [t for _, t in ps] + [ret]
    out = set()
    for t in types:
        for tok in re.findall(r'[A-Za-z_][\w.]*', t):
            r = resolve(tok, c.module)
            if r:
                out.add(r)
    return out


# ---- Java types ----

def java_class_base(b):
    b = base_name(b)
    return b.startswith(('java.', 'javax.')) and b != 'java.lang.Object' and b in classes and bool(classes[b].inits)


_is_class = {}


def is_class(fq):
    """Java class (has constructors or extends one) rather than interface."""
    if fq not in _is_class:
        _is_class[fq] = False
        c = classes[fq]
        _is_class[fq] = bool(c.inits) or any(
            java_class_base(b) or (resolve(base_name(b), c.module) in gen and is_class(resolve(base_name(b), c.module)))
            for b in c.bases)
    return _is_class[fq]


def conv(t, c, tvars, boxed=False):
    """(Java type, nullable) of a .pyi type."""
    alts = split_top(t.strip(), '|')
    nullable = 'None' in alts
    alts = [a for a in alts if a != 'None']
    for a in alts:
        if a in PRIMITIVES:
            p = PRIMITIVES[a]
            return (BOXED[p] if boxed else p), nullable
    if not alts:
        return 'void', False
    if len(alts) > 1:
        return ('String' if 'java.lang.String' in alts or 'str' in alts else 'Object'), nullable
    a = alts[0]
    simple = {'str': 'String', 'int': 'int', 'bool': 'boolean', 'float': 'float', 'typing.Any': 'Object',
              'java.lang.Object': 'Object'}
    if a in simple:
        j = simple[a]
        return (BOXED.get(j, j) if boxed else j), nullable
    if a.startswith('java.chaquopy.JavaArrayJ'):
        return a[len('java.chaquopy.JavaArrayJ'):].lower() + '[]', nullable
    if a.startswith('java.chaquopy.JavaArray['):
        return conv(a[len('java.chaquopy.JavaArray['):-1], c, tvars)[0] + '[]', nullable
    if a.startswith('typing.Type['):
        inner = conv(a[len('typing.Type['):-1], c, tvars, boxed=True)[0]
        return 'Class<' + ('?' if inner == 'Object' else inner) + '>', nullable
    if a.startswith('_'):
        return tvars.get(a, 'Object'), nullable
    base, _, args = a.partition('[')
    if base.startswith(JDK_PREFIXES) and re.match(r'^[\w.]+$', base):
        if args:
            inner = [conv(x, c, tvars, boxed=True)[0] for x in split_top(args[:-1], ',')]
            return base + '<' + ', '.join('?' if p == 'Object' else p for p in inner) + '>', nullable
        return base, nullable
    r = resolve(base, c.module)
    if r and r.startswith(JDK_PREFIXES):
        return r, nullable  # a relative name inside the JDK's own stubs
    return (r if r in gen else 'Object'), nullable


def erase(t):
    return re.sub(r'<.*>', '', t)


def sig_of(name, params, c, tvars):
    return name, tuple(erase(conv(t, c, tvars)[0]) for _, t in params)


def ret_type(c, name, params, ret, tvars):
    """Java return type and nullability, with the int -> long rules."""
    if ret == 'None':
        return 'void', False
    rt, nullable = conv(ret, c, tvars)
    if rt == 'int' and returns_long(c, name, params):
        rt = 'long'
    return rt, nullable


def returns_long(c, name, params):
    if (c.fq, name) in LONG_MEMBERS:
        return True
    # getLongExtra(name, defaultValue: long), getLong(key, defValue: long), ...
    if any(p.lower().startswith('def') and 'java.jlong' in t for p, t in params):
        return True
    # getFoo() / foo() next to setFoo(long)
    prop = name[3:] if name.startswith('get') else name[:1].upper() + name[1:]
    return any(m == 'set' + prop and len(ps) == 1 and 'java.jlong' in ps[0][1] for m, ps, _, _ in c.methods)


def field_type(c, fname, ftype):
    jt, nullable = conv(ftype, c, {})
    if jt == 'int' and ((c.fq, fname) in LONG_MEMBERS):
        jt = 'long'
    return jt, nullable


def nullable_prefix(jt, nullable):
    return NULLABLE if nullable and jt not in BOXED and jt != 'void' else ''


# ---- emitting ----

def ancestors(fq):
    c = classes[fq]
    for b in c.bases:
        r = resolve(base_name(b), c.module)
        if r in gen and is_class(r):
            return [r] + ancestors(r)
    return []


def all_interfaces(fq, acc=None):
    acc = set() if acc is None else acc
    c = classes[fq]
    for b in c.bases:
        r = resolve(base_name(b), c.module)
        if r in gen and not is_class(r) and r not in acc:
            acc.add(r)
            all_interfaces(r, acc)
    return acc


def jdk_superclass(fq):
    """The JDK class fq extends directly or through generated classes, if any."""
    c = classes[fq]
    for b in c.bases:
        if java_class_base(b):
            return base_name(b)
        r = resolve(base_name(b), c.module)
        if r in gen and is_class(r):
            return jdk_superclass(r)
    return None


def jdk_sigs(jdk):
    """Signatures declared by a JDK class and its JDK superclasses."""
    sigs = set()
    while jdk in classes:
        sigs |= declared_sigs(jdk)
        c = classes[jdk]  # names inside the JDK's own stubs are relative
        bases = [resolve(base_name(b), c.module) for b in c.bases]
        jdk = next((r for r in bases if r and java_class_base(r)), None)
    return sigs


def jdk_super_call(jdk):
    """`super(...);` for a JDK superclass without a no-argument constructor."""
    inits = classes[jdk].inits if jdk in classes else []
    if not inits or any(len(ps) == 0 for ps in inits):
        return ''
    c = classes[jdk]
    args = [erase(conv(t, c, {})[0]) for t in inits[0]]
    return 'super(' + ', '.join(DEFAULTS.get(a, '(%s) null' % a) for a in args) + '); '


_declared = {}


def declared_sigs(fq):
    if fq not in _declared:
        c = classes[fq]
        _declared[fq] = {sig_of(n, ps, c, method_typevars(c, n)) for n, ps, _, _ in c.methods}
    return _declared[fq]


implemented = set()            # interfaces some generated class implements
class_returns = collections.defaultdict(set)   # signature -> return types declared by classes


def prepare():
    for fq in gen:
        c = classes[fq]
        for b in c.bases:
            r = resolve(base_name(b), c.module)
            if r in gen and not is_class(r):
                implemented.add(r)
        if is_class(fq):
            for name, ps, ret, _ in c.methods:
                tv = method_typevars(c, name)
                class_returns[sig_of(name, ps, c, tv)].add(ret_type(c, name, ps, ret, tv)[0])


def typevar_decl(tvars, text):
    used = sorted({v for v in tvars.values() if re.search(r'\b%s\b' % v, text)})
    return ('<' + ', '.join(used) + '> ') if used else ''


def emit(fq, indent, nested, counter=[1000]):
    c = classes[fq]
    name = fq.split('.')[-1]
    iscls = is_class(fq)
    sup, ifaces = None, []
    for b in c.bases:
        if java_class_base(b) and iscls and sup is None:
            sup = base_name(b)
            continue
        r = resolve(base_name(b), c.module)
        if r not in gen:
            continue
        if is_class(r):
            if iscls and sup is None:
                sup = r
        else:
            ifaces.append(r)
    ifaces += [base_name(b) for b in c.bases if base_name(b) in JDK_MARKERS]
    pad, p2 = ' ' * indent, ' ' * (indent + 4)
    jdk = jdk_superclass(fq) if iscls else None
    enum = sup == 'java.lang.Enum'
    if enum:
        kind = 'enum '
    elif iscls:
        kind = ('static ' if nested else '') + ('abstract ' if jdk in JDK_ABSTRACT else '') + 'class '
    else:
        kind = 'interface '
    head = pad + 'public ' + kind + name
    if iscls and sup and not enum:
        head += ' extends ' + sup
    if ifaces:
        head += (' implements ' if iscls else ' extends ') + ', '.join(ifaces)
    out = [head + ' {']
    if enum:
        constants = [f for f, t, st in c.fields if st and conv(t, c, {})[0] == fq]
        out.append(p2 + ', '.join(constants) + ';')

    seen_fields = set(constants) if enum else set()
    for fname, ftype, static in c.fields:
        if fname in seen_fields or fname in JAVA_KEYWORDS:
            continue
        seen_fields.add(fname)
        jt, nullable = field_type(c, fname, ftype)
        ann = nullable_prefix(jt, nullable)
        if static or not iscls:
            # Distinct values, so a `when` over constants never sees duplicates.
            if jt == 'String':
                val = '"%s.%s"' % (fq, fname)
            elif jt in ('int', 'long'):
                counter[0] += 1
                val = str(counter[0]) + ('L' if jt == 'long' else '')
            else:
                val = DEFAULTS.get(jt, 'null')
            out.append(f'{p2}public static final {ann}{jt} {fname} = {val};')
        else:
            out.append(f'{p2}public {ann}{jt} {fname};')

    if iscls and not enum:
        # Every constructor may throw: a JDK superclass's may (FileInputStream),
        # and Kotlin ignores checked exceptions anyway.
        body = 'throws Exception { ' + (jdk_super_call(sup) if sup == jdk else '') + '}'
        if not any(len(ps) == 0 for ps in c.inits):
            out.append(f'{p2}protected {name}() {body}')
        seen = set()
        for ps in c.inits:
            jts = [conv(t, c, {})[0] for t in ps]
            if tuple(map(erase, jts)) in seen:
                continue
            seen.add(tuple(map(erase, jts)))
            out.append(f'{p2}public {name}(' + ', '.join(f'{j} p{i}' for i, j in enumerate(jts)) + f') {body}')

    # Methods of generated superclasses are inherited; those of JDK ones too,
    # with the JDK's real types (the .pyi cannot tell int from long there).
    inherited = set()
    for a in ancestors(fq):
        inherited |= declared_sigs(a)
    if jdk:
        inherited |= jdk_sigs(jdk)
    if enum:
        inherited |= {('values', ()), ('valueOf', ('String',))}
    seen = set()
    for mname, ps, ret, static in c.methods:
        if mname in JAVA_KEYWORDS or (not iscls and mname in ('hashCode', 'toString', 'equals')):
            continue
        tv = method_typevars(c, mname)
        key = sig_of(mname, ps, c, tv)
        rt, nullable = ret_type(c, mname, ps, ret, tv)
        # An interface method a class declares with another return type: the class wins.
        if not iscls and fq in implemented and class_returns.get(key, {rt}) != {rt}:
            continue
        if key in seen or (key in inherited and (not static or enum)):
            continue
        seen.add(key)
        jts = [conv(t, c, tv) for _, t in ps]
        params = ', '.join(nullable_prefix(j, n) + f'{j} p{i}' for i, (j, n) in enumerate(jts))
        tvd = typevar_decl(tv, rt + ' ' + params)
        ann = nullable_prefix(rt, nullable)
        if iscls:
            out.append(f'{p2}public {"static " if static else ""}{tvd}{ann}{rt} {mname}({params}) {THROW}')
        elif not static and fq in SAM_INTERFACES:
            out.append(f'{p2}{tvd}{ann}{rt} {mname}({params});')
        else:
            out.append(f'{p2}{"static" if static else "default"} {tvd}{ann}{rt} {mname}({params}) {THROW}')

    # The same default method from two interfaces: Java wants it declared here.
    own = seen | inherited
    providers = collections.defaultdict(list)
    for i in all_interfaces(fq):
        ic = classes[i]
        for mname, ps, ret, static in ic.methods:
            if static or mname in JAVA_KEYWORDS or mname in ('hashCode', 'toString', 'equals'):
                continue
            tv = method_typevars(ic, mname)
            providers[sig_of(mname, ps, ic, tv)].append((i, mname, ps, ret, tv))
    for key, provs in providers.items():
        if len({p[0] for p in provs}) < 2 or key in own:
            continue
        i, mname, ps, ret, tv = provs[0]
        ic = classes[i]
        rt = ret_type(ic, mname, ps, ret, tv)[0]
        params = ', '.join(f'{conv(t, ic, tv)[0]} p{k}' for k, (_, t) in enumerate(ps))
        prefix = 'public ' if iscls else 'default '
        out.append(f'{p2}{prefix}{typevar_decl(tv, rt + " " + params)}{rt} {mname}({params}) {THROW}')

    for n in c.nested:
        if n in gen:
            out.extend(emit(n, indent + 4, True))
    out.append(pad + '}')
    return out


def kotlin_declared(folder):
    """Fully qualified top-level classes, interfaces and objects of .kt files."""
    found = set()
    for dp, _, files in os.walk(folder):
        for f in files:
            if not f.endswith('.kt'):
                continue
            text = open(os.path.join(dp, f), encoding='utf-8').read()
            pkg = re.search(r'^package ([\w.]+)', text, re.M)
            for m in re.finditer(r'^(?:(?:abstract|open|data|sealed|annotation|fun|enum|inline|value) )*'
                                 r'(?:class|interface|object) (\w+)', text, re.M):
                found.add((pkg.group(1) + '.' if pkg else '') + m.group(1))
    return found


def kotlin_imports(folder):
    found = set()
    for dp, _, files in os.walk(folder):
        for f in files:
            if f.endswith('.kt'):
                text = open(os.path.join(dp, f), encoding='utf-8').read()
                found |= set(re.findall(r'^import ((?:android|androidx)\.[\w.]+)', text, re.M))
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('out')
    ap.add_argument('--wheel', action='append', required=True)
    ap.add_argument('--roots-from', action='append', default=[], help='folder of .kt files whose imports are roots')
    ap.add_argument('--root', action='append', default=[], help='a class to generate (fully qualified)')
    ap.add_argument('--kotlin-stubs', help='folder of hand-written .kt stubs whose classes are not generated')
    args = ap.parse_args()

    read_wheels(args.wheel)
    if args.kotlin_stubs:
        excluded.update(kotlin_declared(args.kotlin_stubs))
    roots = set(args.root)
    for folder in args.roots_from:
        roots |= {i for i in kotlin_imports(folder) if i in classes}
    missing = sorted(r for r in args.root if r not in classes)
    if missing:
        sys.exit('pyi2java: not in the stubs: ' + ', '.join(missing))
    for r in sorted(roots):
        add(r)
    # One level further: every class the roots' own signatures name, so a
    # wrong argument type meets a real class, not Object.
    for r in sorted(roots):
        if r in gen:
            for t in sorted(referenced(classes[r])):
                add(t)

    prepare()
    written = 0
    for fq in sorted(gen):
        if fq.rsplit('.', 1)[0] in classes:
            continue  # nested: written inside its enclosing class
        c = classes[fq]
        folder = os.path.join(args.out, *c.module.split('.'))
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, fq.split('.')[-1] + '.java'), 'w', encoding='utf-8') as f:
            f.write(f'package {c.module};\n\n' + '\n'.join(emit(fq, 0, False)) + '\n')
        written += 1
    print(f'{len(gen)} classes ({len(roots)} roots) in {written} files')


if __name__ == '__main__':
    main()
