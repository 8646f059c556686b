"""Where the checked files are, and how problems are collected.

`Layout` holds the paths the checks read: the iOS tree (examples/ios by
default, another with --ios-root, e.g. a copy to probe the checker with) and
the Kotlin kit it mirrors, always the repository's own
(examples/android/kit). Problems name files relative to the repository
root, or by their full path when outside it. `Problems` collects one line
per problem, `file:line: what is wrong`.
"""
from pathlib import Path

IOS_DIR = Path(__file__).resolve().parent.parent  # examples/ios
REPO_ROOT = IOS_DIR.parent.parent
KIT = "examples/android/kit/src/{}/kotlin/health/cadence/kit"


class Layout:
    def __init__(self, ios_root=None):
        self.root = REPO_ROOT
        self.ios = Path(ios_root).resolve() if ios_root else IOS_DIR
        self.kit_main = self.root / KIT.format("main")
        self.kit_test = self.root / KIT.format("test")
        self.swift_kit = self.ios / "Sources/CadenceKit"
        self.swift_tests = self.ios / "Tests/CadenceKitTests"
        # The Swift files checked: the kit, the app and the tests.
        self.swift_dirs = [self.swift_kit, self.ios / "App", self.ios / "Tests"]

    def show(self, path):
        """path as problems name it."""
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)


class Problems(list):
    def add(self, where, msg):
        self.append(f"{where}: {msg}")
