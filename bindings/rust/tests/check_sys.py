#!/usr/bin/env python3
"""Checks that the crate's raw declarations (src/sys.rs) match the C header.

For every MSEQ_API function it checks sys.rs declares it in its extern "C"
block with the Rust types of the C return and argument types (pointer
const-ness included); that sys.rs declares nothing the header lacks; that
every enumerator and integer #define of the header is a `pub const` of the
same value; that each enum type is a `c_int` alias; and that the repr(C)
mseq_placement has the header's fields.

Usage: check_sys.py [HEADER [SYS_RS]]   (defaults: this repository's)
The header parser is shared with the Julia check (bindings/julia/test).
Exit status 0 when everything agrees; 1 with one line per problem.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "bindings" / "julia" / "test"))
from c_header import parse_header, split_top_level  # noqa: E402

HEADER = ROOT / "include" / "mnistseq" / "mnistseq.h"
SYS_RS = ROOT / "bindings" / "rust" / "src" / "sys.rs"

RUST_SCALARS = {
    "char": "c_char", "int": "c_int", "unsigned": "c_uint", "float": "f32",
    "double": "f64", "size_t": "usize", "int8_t": "i8", "uint8_t": "u8",
    "int16_t": "i16", "uint16_t": "u16", "int32_t": "i32", "uint32_t": "u32",
    "int64_t": "i64", "uint64_t": "u64", "void": "c_void",
}


def rust_type(ctype, header):
    """The Rust FFI type of a C type: enums by their typedef name (a c_int
    alias in sys.rs), structs by name, `*const`/`*mut` per C const-ness."""
    base = ctype.base
    if (base in header.enums or base in header.structs or base in header.opaque
            or base in header.fnptrs):
        rt = base
    elif base in RUST_SCALARS:
        rt = RUST_SCALARS[base]
    else:
        raise ValueError(f"no Rust type for C type {ctype}")
    pointee_const = ctype.base_const
    for level_const in ctype.pointers:
        rt = ("*const " if pointee_const else "*mut ") + rt
        pointee_const = level_const
    return rt


def normalise(rt):
    rt = re.sub(r"\b(?:std|core)::(?:ffi|os::raw)::", "", rt)
    return re.sub(r"\s+", " ", rt).strip()


def strip_rust(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def extern_functions(code):
    """Name -> (return type or None, [arg types]) of the extern "C" blocks."""
    out = {}
    for block in re.finditer(r'extern\s+"C"\s*\{(.*?)\n\}', code, re.S):
        fn_re = r"pub\s+fn\s+(\w+)\s*\((.*?)\)\s*(?:->\s*([^;]+?))?\s*;"
        for m in re.finditer(fn_re, block.group(1), re.S):
            args = [a for a in split_top_level(m.group(2)) if a]
            types = [normalise(a.split(":", 1)[1]) for a in args]
            ret = normalise(m.group(3)) if m.group(3) else None
            if m.group(1) in out:
                raise ValueError(f"{m.group(1)} declared twice in sys.rs")
            out[m.group(1)] = (ret, types)
    return out


def check(header_text, sys_text):
    """The list of disagreements between the header and sys.rs."""
    header = parse_header(header_text)
    code = strip_rust(sys_text)
    problems = []
    declared = extern_functions(code)
    for name, fn in sorted(header.functions.items()):
        if name not in declared:
            problems.append(f"{name} (header) is not declared in sys.rs")
            continue
        ret, types = declared[name]
        want_ret = None if fn.ret.base == "void" and not fn.ret.pointers \
            else rust_type(fn.ret, header)
        if ret != want_ret:
            problems.append(f"{name} returns {fn.ret} -> {want_ret}, sys.rs says {ret}")
        want = [rust_type(t, header) for _, t in fn.args]
        if types != want:
            problems.append(f"{name} takes ({', '.join(want)}), sys.rs says ({', '.join(types)})")
    for name in sorted(set(declared) - set(header.functions)):
        problems.append(f"sys.rs declares {name}, which the header does not")

    consts = {}
    for m in re.finditer(r"pub\s+const\s+(MSEQ_\w+)\s*:\s*\w+\s*=\s*(-?[\d_]+)\s*;", code):
        consts[m.group(1)] = int(m.group(2).replace("_", ""))
    for name, value in sorted(header.constants.items()):
        if name not in consts:
            problems.append(f"{name} = {value} (header) is not a pub const of sys.rs")
        elif consts[name] != value:
            problems.append(f"{name} is {value} in the header, {consts[name]} in sys.rs")
    for name in sorted(set(consts) - set(header.constants)):
        problems.append(f"sys.rs defines {name}, which the header does not")

    for enum in sorted(header.enums):
        if not re.search(rf"pub\s+type\s+{enum}\s*=\s*c_int\s*;", code):
            problems.append(f"enum {enum} is not a `pub type {enum} = c_int` in sys.rs")
    for name, fn in sorted(header.fnptrs.items()):
        m = re.search(rf"pub\s+type\s+{name}\s*=\s*Option<\s*unsafe\s+extern\s+\"C\"\s+fn\s*"
                      rf"\((.*?)\)\s*(?:->\s*([^>]+?))?\s*>\s*;", code, re.S)
        if not m:
            problems.append(f"{name} is not a `pub type {name} = Option<unsafe extern \"C\" fn(..)>`")
            continue
        types = [normalise(a.split(":", 1)[1] if ":" in a else a)
                 for a in split_top_level(m.group(1)) if a]
        want = [rust_type(t, header) for _, t in fn.args]
        want_ret = None if fn.ret.base == "void" and not fn.ret.pointers \
            else rust_type(fn.ret, header)
        ret = normalise(m.group(2)) if m.group(2) else None
        if types != want or ret != want_ret:
            problems.append(f"{name} is fn({', '.join(want)}) -> {want_ret}, sys.rs says "
                            f"fn({', '.join(types)}) -> {ret}")
    for opaque in sorted(header.opaque):
        if not re.search(rf"#\[repr\(C\)\]\s*pub\s+struct\s+{opaque}\s*\{{", code):
            problems.append(f"opaque {opaque} is not a repr(C) struct in sys.rs")
    for sname, fields in sorted(header.structs.items()):
        m = re.search(rf"#\[repr\(C\)\][^\n]*\n(?:#\[[^\n]*\n)*pub\s+struct\s+{sname}\s*\{{(.*?)\}}",
                      code, re.S)
        if not m:
            problems.append(f"struct {sname} is not a repr(C) struct in sys.rs")
            continue
        got = [(f, normalise(t)) for f, t in re.findall(r"pub\s+(\w+)\s*:\s*([^,]+),", m.group(1))]
        want = [(f, rust_type(t, header)) for f, t in fields]
        if got != want:
            problems.append(f"struct {sname} has fields {got}, the header's are {want}")
    return problems


def main(argv):
    header = Path(argv[1]) if len(argv) > 1 else HEADER
    sys_rs = Path(argv[2]) if len(argv) > 2 else SYS_RS
    problems = check(header.read_text(), sys_rs.read_text())
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} disagreement(s) between {header.name} and {sys_rs.name}")
        return 1
    print(f"{sys_rs.name}: {len(parse_header(header.read_text()).functions)} "
          f"functions agree with {header.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
