"""The app's R class, and a Kotlin file that checks the manifest, for
examples/android/shell-check/check.sh.

Usage: gen_r.py APP_MAIN NAMESPACE OUT_DIR
  APP_MAIN   the app's src/main (AndroidManifest.xml, res/)
  NAMESPACE  the app's namespace (`namespace` in app/build.gradle.kts)
Writes OUT_DIR/java/<namespace>/R.java and OUT_DIR/kotlin/ShellCheckManifest.kt.

R.java: one int per resource, as aapt2 would declare it: values/*.xml entries
(string, plurals, array, color, dimen, bool, integer, style, id, ...) and
files (drawable/, mipmap/, xml/, layout/, raw/, ...), every qualifier folder
(values-fr, drawable-v26) folded into its type. A resource the code names but
res/ does not define is then an unresolved reference.

ShellCheckManifest.kt, compiled with the shell, turns the manifest and the
resource XML into Kotlin the compiler checks: each <application>, <activity>,
<service>, <receiver> and <provider> class exists, has the no-argument
constructor Android instantiates it with and extends the right Android class;
each @type/name (and style parent) the manifest or res/ XML refers to exists,
@android:... ones in the platform's android.R.
It also refuses, as aapt2 does, a string with an apostrophe that is neither
escaped (\\') nor inside double quotes.
It does not check what aapt2 and lint would otherwise: attribute names and
values, formats of string arguments, translations, manifest merging.
Python standard library only.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

ANDROID_NS = '{http://schemas.android.com/apk/res/android}'
# <values> elements and the R type they declare.
VALUE_TYPES = {'string': 'string', 'plurals': 'plurals', 'string-array': 'array', 'integer-array': 'array',
               'array': 'array', 'color': 'color', 'dimen': 'dimen', 'bool': 'bool', 'integer': 'integer',
               'fraction': 'fraction', 'style': 'style', 'attr': 'attr', 'id': 'id', 'drawable': 'drawable'}
COMPONENTS = {'application': 'android.app.Application', 'activity': 'android.app.Activity',
              'service': 'android.app.Service', 'receiver': 'android.content.BroadcastReceiver',
              'provider': 'android.content.ContentProvider'}
REF = re.compile(r'^@(\+)?(?:(android):)?([a-z]+)/([\w.]+)$')


def java_name(name):
    return name.replace('.', '_').replace('-', '_')


def line_of(path, needle):
    """1-based line of the first occurrence of needle in path (for messages)."""
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            if needle in line:
                return n
    return 0


def collect(res):
    """{type: set(names)} declared in res/, and [(rel_path, line, ref)] referred to."""
    declared, refs = {}, []

    def declare(kind, name):
        declared.setdefault(kind, set()).add(java_name(name))

    for folder in sorted(os.listdir(res)):
        path = os.path.join(res, folder)
        if not os.path.isdir(path):
            continue
        kind = folder.split('-')[0]
        for f in sorted(os.listdir(path)):
            full = os.path.join(path, f)
            if kind != 'values':
                declare(kind, f.split('.')[0])
            if not f.endswith('.xml'):
                continue
            rel = os.path.relpath(full, os.path.dirname(res))
            root = ET.parse(full).getroot()
            if kind == 'values':
                for e in root:
                    t = e.get('type') if e.tag == 'item' else VALUE_TYPES.get(e.tag)
                    if t and e.get('name'):
                        declare(t, e.get('name'))
                    if e.tag == 'style' and e.get('parent'):
                        parent = e.get('parent')
                        ref = parent if parent.startswith('@') else (
                            '@android:style/' + parent[len('android:'):] if parent.startswith('android:')
                            else '@style/' + parent)
                        refs.append((rel, line_of(full, 'parent="%s"' % parent), ref))
            for e in root.iter():
                values = list(e.attrib.values()) + ([e.text.strip()] if e.text and e.text.strip() else [])
                for v in values:
                    m = REF.match(v)
                    if m and m.group(1):
                        declare(m.group(3), m.group(4))  # @+id/name
                    elif m:
                        refs.append((rel, line_of(full, v), v))
    return declared, refs


def unescaped_apostrophes(res):
    """[(rel_path, name)] of string texts aapt2 refuses: an apostrophe neither
    escaped with a backslash nor inside double quotes."""
    bad = []
    for folder in sorted(os.listdir(res)):
        if not folder.startswith('values'):
            continue
        for f in sorted(os.listdir(os.path.join(res, folder))):
            if not f.endswith('.xml'):
                continue
            full = os.path.join(res, folder, f)
            for e in ET.parse(full).getroot():
                texts = [e] if e.tag == 'string' else list(e) if e.tag in ('plurals', 'string-array') else []
                for t in texts:
                    quoted, escaped = False, False
                    for ch in ''.join(t.itertext()):
                        if escaped:
                            escaped = False
                        elif ch == '\\':
                            escaped = True
                        elif ch == '"':
                            quoted = not quoted
                        elif ch == "'" and not quoted:
                            bad.append((os.path.relpath(full, os.path.dirname(res)), e.get('name')))
                            break
    return bad


def write_r(out, namespace, declared):
    folder = os.path.join(out, 'java', *namespace.split('.'))
    os.makedirs(folder, exist_ok=True)
    lines = ['// Generated by examples/android/shell-check/gen_r.py from res/.',
             f'package {namespace};', '', 'public final class R {']
    n = 0x7f000000
    for kind in sorted(declared):
        lines.append(f'    public static final class {kind} {{')
        for name in sorted(declared[kind]):
            n += 1
            lines.append(f'        public static final int {name} = {n:#x};')
        lines.append('    }')
    lines.append('}')
    with open(os.path.join(folder, 'R.java'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')


def manifest_checks(manifest, namespace):
    """[(line, component kind, class)] and [(line, ref)] of the manifest."""
    components, refs = [], []
    root = ET.parse(manifest).getroot()
    for e in root.iter():
        for v in e.attrib.values():
            if REF.match(v):
                refs.append(('AndroidManifest.xml', line_of(manifest, v), v))
        name = e.get(ANDROID_NS + 'name')
        if e.tag in COMPONENTS and name:
            fq = namespace + name if name.startswith('.') else name if '.' in name else namespace + '.' + name
            components.append((line_of(manifest, 'android:name="%s"' % name), e.tag, fq))
    return components, refs


def write_kotlin(out, namespace, components, refs):
    imports = sorted({COMPONENTS[k] for _, k, _ in components} |
                     {fq for _, _, fq in components if fq.startswith(('android.', 'androidx.'))})
    lines = ['// Generated by examples/android/shell-check/gen_r.py: the manifest and the',
             '// resource references, as Kotlin the compiler checks. Never runs.',
             '@file:Suppress("unused")', '', f'package {namespace}', '']
    lines += [f'import {i}' for i in imports] + ['import android.R as PlatformR', '']
    lines.append('internal object ShellCheckManifest {')
    for i, (line, kind, fq) in enumerate(components):
        short = fq.rsplit('.', 1)[1] if fq in imports else fq
        base = COMPONENTS[kind].rsplit('.', 1)[1]
        lines.append(f'    // AndroidManifest.xml:{line} <{kind} android:name> (no-argument constructor, extends {base})')
        lines.append(f'    fun {kind}{i}(): {base} = {short}()')
    lines.append('')
    lines.append('    val resources: IntArray = intArrayOf(')
    for rel, line, ref in refs:
        m = REF.match(ref)
        r = 'PlatformR' if m.group(2) else 'R'
        lines.append(f'        {r}.{m.group(3)}.{java_name(m.group(4))}, // {rel}:{line} {ref}')
    lines.append('    )')
    lines.append('}')
    folder = os.path.join(out, 'kotlin')
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, 'ShellCheckManifest.kt'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.split('\n\n')[1])
    app, namespace, out = sys.argv[1:]
    bad = unescaped_apostrophes(os.path.join(app, 'res'))
    if bad:
        sys.exit('\n'.join(f"{path}: {name}: unescaped apostrophe (write \\' or quote the string)"
                           for path, name in bad))
    declared, res_refs = collect(os.path.join(app, 'res'))
    write_r(out, namespace, declared)
    components, manifest_refs = manifest_checks(os.path.join(app, 'AndroidManifest.xml'), namespace)
    write_kotlin(out, namespace, components, manifest_refs + res_refs)
    print(f'{sum(map(len, declared.values()))} resources, {len(components)} components, '
          f'{len(manifest_refs) + len(res_refs)} references')


if __name__ == '__main__':
    main()
