#!/usr/bin/env python3
"""Checks that the Julia module's ccalls agree with the C header.

There is no Julia toolchain on CI, so this is what keeps MnistSeq.jl from
drifting: for every ccall it checks the C function exists, and that the
return type and the argument type list (and the number of arguments passed)
are the Julia types of the header's C types. It also checks that every
header function is called somewhere and listed in _SYMBOLS, that every enum
value and limit the header defines has the same value in Julia, and that the
Placement struct has the fields of mseq_placement.

Usage: check_ccalls.py [HEADER [MODULE]]   (defaults: this repository's)
Exit status 0 when everything agrees; 1 with one line per problem.
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from c_header import balanced, parse_header, parse_type, split_top_level  # noqa: E402,F401

ROOT = Path(__file__).resolve().parents[3]
HEADER = ROOT / "include" / "mnistseq" / "mnistseq.h"
MODULE = ROOT / "bindings" / "julia" / "src" / "MnistSeq.jl"

JULIA_SCALARS = {
    "void": "Cvoid", "char": "Cchar", "int": "Cint", "unsigned": "Cuint",
    "float": "Cfloat", "double": "Cdouble", "size_t": "Csize_t",
    "int8_t": "Int8", "uint8_t": "UInt8", "int16_t": "Int16",
    "uint16_t": "UInt16", "int32_t": "Int32", "uint32_t": "UInt32",
    "int64_t": "Int64", "uint64_t": "UInt64",
}


def struct_name(c_name):
    """mseq_placement -> Placement."""
    return "".join(w.capitalize() for w in c_name.removeprefix("mseq_").split("_"))


def julia_type(ctype, header):
    """The Julia type a ccall must use for a C type (Ref{T} is accepted
    wherever Ptr{T} is expected)."""
    depth = len(ctype.pointers)
    base = ctype.base
    if base == "char" and depth == 1 and not ctype.base_const:
        jt, depth = "Ptr{UInt8}", 0  # a caller's buffer the C side writes
    elif base == "char" and depth >= 1:
        jt, depth = "Cstring", depth - 1
    elif base in header.opaque and depth >= 1:
        jt, depth = "Ptr{Cvoid}", depth - 1
    elif base in header.fnptrs:
        jt = "Ptr{Cvoid}"  # a @cfunction pointer
    elif base in header.enums:
        jt = "Cint"
    elif base in header.structs:
        jt = struct_name(base)
    elif base in JULIA_SCALARS:
        jt = JULIA_SCALARS[base]
    else:
        raise ValueError(f"no Julia type for C type {ctype}")
    for _ in range(depth):
        jt = f"Ptr{{{jt}}}"
    return jt


def normalise(jt):
    return re.sub(r"\s+", "", jt).replace("Ref{", "Ptr{")


def strip_julia(text):
    """The module's code without comments and triple-quoted strings."""
    text = re.sub(r'"""(.*?)"""', lambda m: '""' + "\n" * m.group(1).count("\n"),
                  text, flags=re.S)
    text = re.sub(r"#=.*?=#", " ", text, flags=re.S)
    out = []
    for line in text.split("\n"):
        in_str, i = False, 0
        while i < len(line):
            c = line[i]
            if c == "\\" and in_str:
                i += 2
                continue
            if c == '"':
                in_str = not in_str
            elif c == "#" and not in_str:
                line = line[:i]
                break
            i += 1
        out.append(line)
    return "\n".join(out)


def ccalls(code):
    """Yields (line, name, return type, [arg types], number of arguments)."""
    for m in re.finditer(r"\bccall\s*\(", code):
        line = code.count("\n", 0, m.start()) + 1
        inner, _ = balanced(code, m.end() - 1)
        parts = split_top_level(inner)
        names = re.findall(r":(mseq_\w+)", parts[0])
        if len(names) != 1 or len(parts) < 3:
            yield line, None, parts[0], [], 0
            continue
        tup = parts[2]
        if not (tup.startswith("(") and tup.endswith(")")):
            yield line, names[0], parts[1], None, len(parts) - 3
            continue
        types = [t for t in split_top_level(tup[1:-1]) if t]
        yield line, names[0], parts[1], types, len(parts) - 3


def julia_constants(code):
    """Name -> value of `const MSEQ_X = v` / `Cint(v)` and @enum entries
    (an entry X stands for the header's MSEQ_X)."""
    found = {}
    for m in re.finditer(r"^const\s+(MSEQ_\w+)\s*=\s*(?:C\w+\()?\s*(-?\d+)\s*\)?\s*$",
                         code, re.M):
        found[m.group(1)] = int(m.group(2))
    for m in re.finditer(r"@enum\s+\w+(?:::\w+)?\s+begin(.*?)\bend\b", code, re.S):
        for em in re.finditer(r"(\w+)\s*=\s*(-?\d+)", m.group(1)):
            found["MSEQ_" + em.group(1)] = int(em.group(2))
    return found


def julia_structs(code):
    """Name -> [(field, type)] of the module's structs."""
    out = {}
    for m in re.finditer(r"^struct\s+(\w+)\s*\n(.*?)^end\b", code, re.S | re.M):
        out[m.group(1)] = re.findall(r"^\s*(\w+)::(\S+)\s*$", m.group(2), re.M)
    return out


def check(header_text, module_text):
    """The list of disagreements between the header and the module."""
    header = parse_header(header_text)
    code = strip_julia(module_text)
    problems = []
    called = set()
    for line, name, ret, types, nargs in ccalls(code):
        where = f"MnistSeq.jl:{line}"
        if name is None:
            problems.append(f"{where}: ccall without exactly one :mseq_ symbol ({ret})")
            continue
        called.add(name)
        fn = header.functions.get(name)
        if fn is None:
            problems.append(f"{where}: {name} is not declared in the header")
            continue
        want_ret = julia_type(fn.ret, header)
        if normalise(ret) != want_ret:
            problems.append(f"{where}: {name} returns {fn.ret} -> {want_ret}, ccall says {ret}")
        if types is None:
            problems.append(f"{where}: {name}: argument types are not a literal tuple")
            continue
        want = [julia_type(t, header) for _, t in fn.args]
        got = [normalise(t) for t in types]
        if got != want:
            problems.append(f"{where}: {name} takes ({', '.join(want)}), "
                            f"ccall says ({', '.join(types)})")
        if nargs != len(types):
            problems.append(f"{where}: {name}: {len(types)} argument types but "
                            f"{nargs} arguments passed")
    for name in sorted(set(header.functions) - called):
        problems.append(f"{name} (header) has no ccall in MnistSeq.jl")

    sm = re.search(r"const\s+_SYMBOLS\s*=\s*\(", code)
    listed = set(re.findall(r":(mseq_\w+)", balanced(code, sm.end() - 1)[0])) if sm else set()
    if not sm:
        problems.append("MnistSeq.jl has no _SYMBOLS tuple")
    for name in sorted(called - listed):
        problems.append(f"{name} is called but missing from _SYMBOLS")
    for name in sorted(listed - set(header.functions)):
        problems.append(f"{name} is in _SYMBOLS but not in the header")

    consts = julia_constants(code)
    for name, value in sorted(header.constants.items()):
        if name.startswith("MSEQ_VERSION_") and name != "MSEQ_VERSION_MAJOR":
            continue  # minor/patch releases keep the same bindings
        if name not in consts:
            problems.append(f"{name} = {value} (header) is not defined in MnistSeq.jl")
        elif consts[name] != value:
            problems.append(f"{name} is {value} in the header, {consts[name]} in MnistSeq.jl")
    for name in sorted(set(consts) - set(header.constants)):
        problems.append(f"{name} in MnistSeq.jl is not in the header")

    jstructs = julia_structs(code)
    for cname, fields in header.structs.items():
        jname = struct_name(cname)
        want = [(f, julia_type(t, header)) for f, t in fields]
        got = jstructs.get(jname)
        if got is None:
            problems.append(f"struct {cname} has no Julia struct {jname}")
        elif got != want:
            problems.append(f"struct {jname} has fields {got}, {cname} needs {want}")
    return problems


def main(argv):
    header = Path(argv[1]) if len(argv) > 1 else HEADER
    module = Path(argv[2]) if len(argv) > 2 else MODULE
    problems = check(header.read_text(), module.read_text())
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} disagreement(s) between {header.name} and {module.name}")
        return 1
    n = len(list(ccalls(strip_julia(module.read_text()))))
    print(f"{module.name}: {n} ccalls agree with {header.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
