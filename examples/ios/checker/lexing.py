"""Lexing helpers shared by the Swift and Kotlin parsers.

The parsers work on "blanked" code: comments, and string contents unless
asked to keep them, replaced by spaces with newlines kept, so offsets and
line numbers still match the file and no bracket or keyword inside a comment
or string is seen. Both languages' comments (`//`, nested `/* */`) and
strings (`"..."`, `\"\"\"...\"\"\"`) are alike enough for one lexer; Swift's
`\\( ... )` interpolations stay, they are code. The bracket, splitting and
word helpers below read blanked code.
"""

PAIRS = {"(": ")", "[": "]", "{": "}"}


def blank(text, keep_strings=False):
    """The text with comments (and string contents unless keep_strings)
    replaced by spaces, newlines kept so offsets and line numbers hold.
    String interpolations `\\( ... )` stay, they are code."""
    out = list(text)
    i, n = 0, len(text)

    def wipe(a, b):
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    def string_end(i, delim):
        # i is just after the opening delimiter; returns index after closing one.
        while i < n:
            if text.startswith(delim, i):
                return i + len(delim)
            c = text[i]
            if c == "\\" and i + 1 < n and text[i + 1] == "(":
                depth, j = 1, i + 2
                while j < n and depth:
                    if text[j] == "(":
                        depth += 1
                    elif text[j] == ")":
                        depth -= 1
                    elif text[j] == '"':
                        j = string_end(j + 1, '"') - 1
                    j += 1
                if not keep_strings:
                    wipe(i, i + 1)  # the backslash; the parentheses stay balanced
                i = j
                continue
            if c == "\\":
                if not keep_strings:
                    wipe(i, i + 2)
                i += 2
                continue
            if not keep_strings and c != "\n":
                out[i] = " "
            i += 1
        return n

    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            wipe(i, j)
            i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            wipe(i, j)
            i = j
        elif text.startswith('"""', i):
            i = string_end(i + 3, '"""')
        elif text[i] == '"':
            i = string_end(i + 1, '"')
        else:
            i += 1
    return "".join(out)


def close_of(text, i):
    """Index of the bracket closing the one at text[i]."""
    stack = [PAIRS[text[i]]]
    j = i + 1
    while j < len(text):
        c = text[j]
        if c in PAIRS:
            stack.append(PAIRS[c])
        elif c in ")]}":
            if c != stack[-1]:
                raise ValueError(f"unbalanced {c!r} at offset {j}")
            stack.pop()
            if not stack:
                return j
        j += 1
    raise ValueError(f"unclosed {text[i]!r} at offset {i}")


def split_top(s, sep=",", angle=False):
    """Splits s on sep outside brackets (and <...> when angle)."""
    parts, depth, cur = [], 0, []
    for c in s:
        if c in "([{" or (angle and c == "<"):
            depth += 1
        elif c in ")]}" or (angle and c == ">"):
            depth -= 1
        if c == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
    if "".join(cur).strip():
        parts.append("".join(cur))
    return [p.strip() for p in parts]


def line_of(text, offset):
    """The 1-based line number of offset in text."""
    return text.count("\n", 0, offset) + 1


def starts_word(code, i, joiners="_"):
    """Does a word start at offset i: is code[i - 1] neither a letter, a
    digit nor one of joiners (Swift passes "_." so `x.func` is no keyword)?"""
    return i == 0 or not (code[i - 1].isalnum() or code[i - 1] in joiners)


def prev_word(code, i):
    """The identifier (or punctuation) just before offset i, skipping spaces,
    and the offset of its last character (-1 at the start of code)."""
    j = i - 1
    while j >= 0 and code[j] in " \t\n":
        j -= 1
    if j < 0:
        return "", j
    if code[j].isalnum() or code[j] == "_":
        k = j
        while k >= 0 and (code[k].isalnum() or code[k] == "_"):
            k -= 1
        return code[k + 1:j + 1], j
    return code[j], j
