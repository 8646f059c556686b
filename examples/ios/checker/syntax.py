"""The syntax check: every Swift file of the iOS tree parsed by the
tree-sitter Swift grammar (PyPI `tree-sitter`, `tree-sitter-swift`; see
examples/ios/requirements.txt), each syntax error reported at its line.

No Swift compiler runs on Linux, so this is the closest we get to
compiling: it catches unbalanced braces, a stray token, a malformed
declaration or closure. It does not type-check (core_calls.py and
kotlin_mirror.py check names and labels). The grammar rejects one valid
construct we know of, the underscored `@_documentation(...)` attribute the
generated bindings use; those files are not parsed here.
"""


def check_syntax(paths, show, problems):
    """Parses `paths`; adds one problem per error node. Returns the file
    count. Raises ImportError when the grammar is not installed."""
    import tree_sitter
    import tree_sitter_swift

    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_swift.language()))
    for path in paths:
        tree = parser.parse(path.read_bytes())
        stack = [tree.root_node]
        while stack:
            node = stack.pop()
            if node.is_error or node.is_missing:
                what = f"missing `{node.type}`" if node.is_missing else "syntax error"
                problems.add(f"{show(path)}:{node.start_point[0] + 1}",
                             f"{what} (tree-sitter Swift grammar)")
            elif node.has_error:
                stack.extend(reversed(node.children))
    return len(paths)
