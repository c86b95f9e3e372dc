"""The ccall checker finds each kind of drift (run with pytest)."""

import re
from pathlib import Path

import pytest

import check_ccalls

HEADER = check_ccalls.HEADER.read_text()
MODULE = check_ccalls.MODULE.read_text()


def problems(header=HEADER, module=MODULE):
    return check_ccalls.check(header, module)


def replace_once(text, old, new):
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


def test_the_module_agrees_with_the_header():
    assert problems() == []


def test_every_header_function_is_seen():
    code = check_ccalls.strip_julia(MODULE)
    names = {c[1] for c in check_ccalls.ccalls(code)}
    header = check_ccalls.parse_header(HEADER)
    assert names == set(header.functions)
    assert len(header.functions) >= 18


@pytest.mark.parametrize("old,new,expect", [
    # a wrong argument type
    ("(Ptr{Csize_t}, Ptr{Cvoid}, Cint), n, _live(ds), d)",
     "(Ptr{Csize_t}, Ptr{Cvoid}, Int64), n, _live(ds), d)", "mseq_class_count takes"),
    # a missing argument type (and argument)
    ("(Ptr{UInt32}, Ptr{UInt32}, Ptr{Cvoid}), rows, cols, _live(ds)",
     "(Ptr{UInt32}, Ptr{Cvoid}), rows, _live(ds)", "mseq_glyph_size takes"),
    # types and passed arguments disagree in number
    ("(Ptr{UInt32}, Ptr{UInt32}, Ptr{Cvoid}), rows, cols, _live(ds)",
     "(Ptr{UInt32}, Ptr{UInt32}, Ptr{Cvoid}), rows, cols", "3 argument types but 2"),
    # a wrong return type
    ("ccall(_f(:mseq_free), Cvoid", "ccall(_f(:mseq_free), Cint", "mseq_free returns"),
    # a misspelt function
    ("_f(:mseq_image_size)", "_f(:mseq_image_bytes)", "mseq_image_bytes is not declared"),
    # an enum value that moved
    ("FIT_STRICT = 2", "FIT_STRICT = 3", "MSEQ_FIT_STRICT is 2 in the header, 3"),
    # an error code that moved
    ("const MSEQ_ENOFIT = Cint(-7)", "const MSEQ_ENOFIT = Cint(-70)", "MSEQ_ENOFIT is -7"),
    # a struct field of the wrong type
    ("    source_index::Int32", "    source_index::Int64", "struct Placement has fields"),
    # a symbol called but not resolved at load time
    (":mseq_write_png, ", "", "mseq_write_png is called but missing from _SYMBOLS"),
])
def test_drift_in_the_module_is_reported(old, new, expect):
    found = problems(module=replace_once(MODULE, old, new))
    assert any(expect in p for p in found), found


def test_a_new_header_function_without_a_ccall_is_reported():
    header = replace_once(HEADER, "#ifdef __cplusplus\n}",
                          "MSEQ_API int mseq_new_thing(size_t *n);\n#ifdef __cplusplus\n}")
    assert any("mseq_new_thing (header) has no ccall" in p for p in problems(header=header))


def test_a_changed_header_signature_is_reported():
    header = replace_once(HEADER, "uint32_t *rows, uint32_t *cols", "size_t *rows, uint32_t *cols")
    assert any("mseq_glyph_size takes (Ptr{Csize_t}" in p for p in problems(header=header))


def test_a_new_header_constant_is_reported():
    header = replace_once(HEADER, "#define MSEQ_MAX_WIDTH", "#define MSEQ_MAX_FOO 7\n#define MSEQ_MAX_WIDTH")
    assert any("MSEQ_MAX_FOO = 7" in p for p in problems(header=header))


def test_comments_and_docstrings_are_not_code():
    commented = MODULE + '\n# ccall(_f(:mseq_nothing), Cint, ())\n"""\n ccall(_f(:mseq_x), Cint, ())\n"""\nf() = 1\n'
    assert problems(module=commented) == []


def test_c_types_map_as_documented():
    h = check_ccalls.parse_header(HEADER)
    jt = lambda decl: check_ccalls.julia_type(check_ccalls.parse_type(decl, True), h)
    assert jt("const char *path") == "Cstring"
    assert jt("const char **images") == "Ptr{Cstring}"
    assert jt("mseq_dataset **out") == "Ptr{Ptr{Cvoid}}"
    assert jt("const mseq_params *p") == "Ptr{Cvoid}"
    assert jt("void *out") == "Ptr{Cvoid}"
    assert jt("mseq_placement *p") == "Ptr{Placement}"
    assert jt("mseq_split split") == "Cint"
    assert jt("int32_t x") == "Int32" and jt("int x") == "Cint"
    assert jt("size_t n") == "Csize_t" and jt("uint64_t i") == "UInt64"
    assert jt("const int *digits") == "Ptr{Cint}"
    assert jt("mseq_progress_fn progress") == "Ptr{Cvoid}"
    assert jt("unsigned flags") == "Cuint"
    assert h.constants["MSEQ_WRITE_FORCE"] == 1  # "1u" in the header
    assert [str(t) for _, t in h.fnptrs["mseq_progress_fn"].args] == [
        "uint64_t", "uint64_t", "void *"]
