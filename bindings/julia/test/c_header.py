"""Reads the declarations of the C header include/mnistseq/mnistseq.h.

Used by the checks that keep the language bindings in step with the header
(check_ccalls.py here, and bindings/rust/tests/check_sys.py). It handles the
subset of C99 the header uses: MSEQ_API function declarations, enums with
explicit values, integer #defines, opaque and plain structs.
"""

import re
from dataclasses import dataclass, field

# Scalar C types the header may use, as the parser sees them.
SCALARS = {
    "void", "char", "int", "unsigned", "unsigned int", "float", "double",
    "size_t", "int8_t", "uint8_t", "int16_t", "uint16_t", "int32_t",
    "uint32_t", "int64_t", "uint64_t",
}


@dataclass(frozen=True)
class CType:
    """A C type: its base name, whether the base is const, and per pointer
    level (outermost last) whether that level is const."""

    base: str
    base_const: bool = False
    pointers: tuple = ()  # one bool per '*': True when "* const"

    def __str__(self):
        s = ("const " if self.base_const else "") + self.base
        for c in self.pointers:
            s += " *" + (" const" if c else "")
        return s


@dataclass
class Function:
    name: str
    ret: CType
    args: list  # of (name, CType)


@dataclass
class Header:
    functions: dict = field(default_factory=dict)  # name -> Function
    enums: dict = field(default_factory=dict)  # enum type -> {name: value}
    constants: dict = field(default_factory=dict)  # every enumerator/#define
    opaque: set = field(default_factory=set)  # opaque struct typedefs
    fnptrs: dict = field(default_factory=dict)  # name -> Function
    structs: dict = field(default_factory=dict)  # name -> [(field, CType)]


def strip_c_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def parse_type(decl, has_name):
    """Parses "const mseq_dataset *ds" (has_name) or "const char *"."""
    tokens = re.findall(r"[A-Za-z_]\w*|\*", decl)
    if has_name:
        if not tokens or tokens[-1] == "*" or tokens[-1] in SCALARS:
            raise ValueError(f"declaration without a name: {decl!r}")
        tokens = tokens[:-1]
    words, base_const, pointers = [], False, []
    for t in tokens:
        if t == "*":
            pointers.append(False)
        elif t == "const":
            if pointers:
                pointers[-1] = True
            else:
                base_const = True
        else:
            if pointers:
                raise ValueError(f"type word after '*' in {decl!r}")
            words.append(t)
    if not words:
        raise ValueError(f"no type in {decl!r}")
    base = " ".join(words)
    if base == "unsigned int":
        base = "unsigned"
    return CType(base, base_const, tuple(pointers))


def parse_args(params):
    """[(name, CType)] of a parameter list ("void" or empty: none)."""
    params = params.strip()
    if params in ("", "void"):
        return []
    return [(re.findall(r"\w+", p)[-1], parse_type(p, has_name=True))
            for p in params.split(",")]


def parse_header(text):
    """Returns the Header of the C source text."""
    code = strip_c_comments(text)
    h = Header()
    for m in re.finditer(r"^\s*#\s*define\s+(MSEQ_\w+)\s+(-?\d+)[uU]?\s*$", code, re.M):
        h.constants[m.group(1)] = int(m.group(2))
    for m in re.finditer(r"typedef\s+enum\s+(\w+)\s*\{(.*?)\}\s*(\w+)\s*;", code, re.S):
        if m.group(1) != m.group(3):
            raise ValueError(f"enum {m.group(1)} typedef'd as {m.group(3)}")
        values = {}
        for item in m.group(2).split(","):
            item = item.strip()
            if not item:
                continue
            em = re.fullmatch(r"(\w+)\s*=\s*(-?\d+)", item)
            if not em:
                raise ValueError(f"enumerator without an explicit value: {item!r}")
            values[em.group(1)] = int(em.group(2))
        h.enums[m.group(1)] = values
        h.constants.update(values)
    for m in re.finditer(r"typedef\s+struct\s+(\w+)\s+(\w+)\s*;", code):
        h.opaque.add(m.group(1))
    for m in re.finditer(r"typedef\s+struct\s+(\w+)\s*\{(.*?)\}\s*(\w+)\s*;", code, re.S):
        fields = []
        for decl in m.group(2).split(";"):
            if decl.strip():
                t = parse_type(decl, has_name=True)
                fields.append((decl.split()[-1].lstrip("*"), t))
        h.structs[m.group(1)] = fields
    fnptr_re = r"typedef\s+([^;{}()]*?)\(\s*\*\s*(\w+)\s*\)\s*\(([^)]*)\)\s*;"
    for m in re.finditer(fnptr_re, code):
        h.fnptrs[m.group(2)] = Function(m.group(2), parse_type(m.group(1), has_name=False),
                                        parse_args(m.group(3)))
    decl_re = re.compile(r"MSEQ_API\s+([^;{}()]*?)\b(mseq_\w+)\s*\(([^)]*)\)\s*;", re.S)
    for m in decl_re.finditer(code):
        ret = parse_type(m.group(1), has_name=False)
        args = parse_args(m.group(3))
        if m.group(2) in h.functions:
            raise ValueError(f"{m.group(2)} declared twice")
        h.functions[m.group(2)] = Function(m.group(2), ret, args)
    if not h.functions:
        raise ValueError("no MSEQ_API declaration found")
    return h


def split_top_level(s, sep=","):
    """Splits s at separators outside (), [], {} and string literals."""
    parts, depth, cur, i = [], 0, [], 0
    while i < len(s):
        c = s[i]
        if c == '"':
            j = i + 1
            while j < len(s) and s[j] != '"':
                j += 2 if s[j] == "\\" else 1
            cur.append(s[i:j + 1])
            i = j + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        if c == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    parts.append("".join(cur))
    return [p.strip() for p in parts]


def balanced(s, start):
    """The text inside the bracket opening at s[start], and the index after
    its closing bracket. String literals are skipped."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    stack, i = [pairs[s[start]]], start + 1
    while i < len(s):
        c = s[i]
        if c == '"':
            i += 1
            while i < len(s) and s[i] != '"':
                i += 2 if s[i] == "\\" else 1
        elif c in pairs:
            stack.append(pairs[c])
        elif c in ")]}":
            if c != stack.pop():
                raise ValueError(f"mismatched {c!r} at offset {i}")
            if not stack:
                return s[start + 1:i], i + 1
        i += 1
    raise ValueError(f"unclosed {s[start]!r} at offset {start}")
