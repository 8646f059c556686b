"""The PEP 517 build backend of the Python package ``cadence`` (in-tree, no
third-party build dependencies: build isolation needs nothing from PyPI).

``build_wheel`` builds crate ``cadence-ffi`` with cargo, generates the Python
modules with the workspace's own ``uniffi-bindgen`` (crate ``cadence-bindgen``,
so bindgen and library always share the uniffi version of ``Cargo.lock``), and
writes a platform wheel (``py3-none-<platform>``: the modules load the library
through ctypes, so one wheel serves Python 3.8 and later)::

    cadence/__init__.py        bindings/python/__init__.py
    cadence/cadence.py         namespace of cadence-ffi: Cadence, CadenceError
    cadence/cadence_core.py    namespace of cadence-core: records and enums
    cadence/libcadence_ffi.so  the library

The cargo profile is ``release`` (size-optimised, fat LTO: slow to build) unless
the config setting ``profile`` or the environment variable ``CADENCE_PY_PROFILE``
says ``debug``: then the debug library is packed, and a debug build that is
already up to date (``bindings/scripts/generate.sh``, the Rust tests) is reused
as it is (cargo only checks it). Cargo's own settings apply as usual
(``CARGO_TARGET_DIR``; a relative one is taken from the repository root).

The stripped release library holds no uniffi metadata, so the release bindings
are generated from the release static library (``libcadence_ffi.a``) built by
the same cargo command; without one, from the debug library.

There is no sdist: the package is built from a clone of the repository, which
the backend finds two folders above its own ``bindings/python``.
"""
import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import sysconfig
import tempfile
import zipfile

NAME = "cadence"
SUMMARY = "Python binding of the Cadence core (medication and therapy companion)"
LICENSE = "MPL-2.0"
REQUIRES_PYTHON = ">=3.8"

PY_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # bindings/python
ROOT = os.path.dirname(os.path.dirname(PY_DIR))  # the workspace
MODULES = ("cadence.py", "cadence_core.py")  # one per uniffi namespace
PROFILES = {"release": "release", "debug": "debug", "dev": "debug"}
# Fixed timestamp for the files in the wheel (reproducible archives).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


# ---------------------------------------------------------------- PEP 517 hooks

def get_requires_for_build_wheel(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    dist_info = _dist_info_name()
    path = os.path.join(metadata_directory, dist_info)
    os.makedirs(path, exist_ok=True)
    for name, data in _metadata_files().items():
        with open(os.path.join(path, name), "wb") as f:
            f.write(data)
    return dist_info


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    profile = _profile(config_settings)
    _check_workspace()
    lib_name = _library_file_name()

    ffi = _cargo_build("cadence-ffi", release=(profile == "release"))
    library = _artifact(ffi, lib_name)
    if library is None:
        raise BuildError("cargo built no %s for cadence-ffi" % lib_name)
    if profile == "release":
        # The stripped release library has no uniffi metadata; the static
        # library from the same rustc run has it (same code, same checksums).
        metadata_library = _artifact(ffi, _static_library_file_name())
        if metadata_library is None:
            debug = _cargo_build("cadence-ffi", release=False)
            metadata_library = _artifact(debug, lib_name)
    else:
        metadata_library = library
    bindgen = _artifact(_cargo_build("cadence-bindgen", release=False),
                        "uniffi-bindgen" + _exe_suffix())
    if bindgen is None:
        raise BuildError("cargo built no uniffi-bindgen for cadence-bindgen")

    with tempfile.TemporaryDirectory(prefix="cadence-py-") as out:
        _log("generating the Python bindings from %s" % metadata_library)
        _run([bindgen, "generate", "--library", metadata_library, "--language", "python",
              "--no-format", "--out-dir", out], stdout=sys.stderr)
        generated = sorted(f for f in os.listdir(out) if f.endswith(".py"))
        if generated != sorted(MODULES):
            raise BuildError("uniffi-bindgen generated %s, expected %s"
                             % (generated, list(MODULES)))

        files = [("%s/__init__.py" % NAME, os.path.join(PY_DIR, "__init__.py"), False)]
        files += [("%s/%s" % (NAME, m), os.path.join(out, m), False) for m in MODULES]
        files.append(("%s/%s" % (NAME, lib_name), library, True))
        wheel_name = "%s-%s-%s.whl" % (NAME, _version(), _tag())
        # A debug library is ~90 MB: stored, not deflated (seconds saved twice).
        compression = zipfile.ZIP_DEFLATED if profile == "release" else zipfile.ZIP_STORED
        _write_wheel(os.path.join(wheel_directory, wheel_name), files, compression)
    _log("built %s (%s library)" % (wheel_name, profile))
    return wheel_name


# ------------------------------------------------------------------ the build

class BuildError(Exception):
    pass


def _log(message):
    print("cadence build: " + message, file=sys.stderr, flush=True)


def _run(cmd, **kwargs):
    _log(" ".join(cmd))
    try:
        return subprocess.run(cmd, cwd=ROOT, check=True, **kwargs)
    except FileNotFoundError:
        raise BuildError("%s not found (a Rust toolchain is needed: https://rustup.rs)"
                         % cmd[0]) from None
    except subprocess.CalledProcessError as e:
        raise BuildError("%s failed with exit status %s" % (" ".join(cmd), e.returncode)) from None


def _profile(config_settings):
    value = ((config_settings or {}).get("profile")
             or os.environ.get("CADENCE_PY_PROFILE") or "release")
    if isinstance(value, list):
        value = value[-1]
    if value not in PROFILES:
        raise BuildError("unknown profile %r (release, debug or dev)" % value)
    return PROFILES[value]


def _check_workspace():
    if not os.path.isfile(os.path.join(ROOT, "bindings", "ffi", "Cargo.toml")):
        raise BuildError("the Cadence workspace is not at %s: build from a clone of the "
                         "repository (pip install ./bindings/python)" % ROOT)


def _cargo_build(package, release):
    """Builds one package (always -p: a workspace build would unify the
    bindgen's `cli` feature into the library) and returns the files cargo
    reports for its artifacts, fresh or rebuilt (so wherever the target folder
    is: CARGO_TARGET_DIR, .cargo/config.toml or ./target)."""
    cmd = ["cargo", "build", "-p", package, "--message-format=json-render-diagnostics"]
    if release:
        cmd.append("--release")
    out = _run(cmd, stdout=subprocess.PIPE).stdout
    files = []
    for line in out.decode().splitlines():
        try:
            message = json.loads(line)
        except ValueError:
            continue
        if message.get("reason") == "compiler-artifact":
            files += message.get("filenames") or []
            if message.get("executable"):
                files.append(message["executable"])
    return files


def _artifact(files, file_name):
    for f in files:
        if os.path.basename(f) == file_name:
            return f
    return None


def _library_file_name():
    if sys.platform == "darwin":
        return "libcadence_ffi.dylib"
    if sys.platform == "win32":
        return "cadence_ffi.dll"
    return "libcadence_ffi.so"


def _static_library_file_name():
    return "cadence_ffi.lib" if sys.platform == "win32" else "libcadence_ffi.a"


def _exe_suffix():
    return ".exe" if sys.platform == "win32" else ""


# ------------------------------------------------------------ wheel metadata

def _version():
    """The workspace version ([workspace.package] in Cargo.toml)."""
    with open(os.path.join(ROOT, "Cargo.toml"), encoding="utf-8") as f:
        text = f.read()
    section = re.search(r"^\[workspace\.package\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S)
    version = section and re.search(r'^version\s*=\s*"([^"]+)"', section.group(1), re.M)
    if not version:
        raise BuildError("no [workspace.package] version in Cargo.toml")
    return version.group(1)


def _tag():
    platform = re.sub(r"[^A-Za-z0-9]", "_", sysconfig.get_platform())
    return "py3-none-" + platform


def _dist_info_name():
    return "%s-%s.dist-info" % (NAME, _version())


def _metadata_files():
    _check_workspace()
    with open(os.path.join(PY_DIR, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    metadata = (
        "Metadata-Version: 2.1\n"
        "Name: %s\n"
        "Version: %s\n"
        "Summary: %s\n"
        "License: %s\n"
        "Requires-Python: %s\n"
        "Description-Content-Type: text/markdown\n"
        "\n%s" % (NAME, _version(), SUMMARY, LICENSE, REQUIRES_PYTHON, readme))
    wheel = (
        "Wheel-Version: 1.0\n"
        "Generator: cadence_build_backend\n"
        "Root-Is-Purelib: false\n"
        "Tag: %s\n" % _tag())
    return {"METADATA": metadata.encode(), "WHEEL": wheel.encode()}


def _write_wheel(path, files, compression):
    """files: (name in the wheel, source path, executable). Writes the
    .dist-info (METADATA, WHEEL, RECORD with sha256 and size) last."""
    dist_info = _dist_info_name()
    record = []
    tmp = path + ".part"
    with zipfile.ZipFile(tmp, "w", compression=compression) as whl:
        def add(name, data, executable=False):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.external_attr = (0o100755 if executable else 0o100644) << 16
            info.compress_type = compression
            whl.writestr(info, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            record.append("%s,sha256=%s,%d" % (name, digest.decode(), len(data)))

        for name, source, executable in files:
            with open(source, "rb") as f:
                add(name, f.read(), executable)
        for name, data in _metadata_files().items():
            add("%s/%s" % (dist_info, name), data)
        record.append("%s/RECORD,," % dist_info)
        info = zipfile.ZipInfo("%s/RECORD" % dist_info, date_time=ZIP_DATE)
        info.external_attr = 0o100644 << 16
        whl.writestr(info, "\n".join(record) + "\n", compress_type=compression)
    os.replace(tmp, path)
