"""The sys.rs checker finds each kind of drift (run with pytest)."""

import pytest

import check_sys

HEADER = check_sys.HEADER.read_text()
SYS_RS = check_sys.SYS_RS.read_text()


def replace_once(text, old, new):
    assert old in text, old
    return text.replace(old, new, 1)


def test_sys_rs_agrees_with_the_header():
    assert check_sys.check(HEADER, SYS_RS) == []


@pytest.mark.parametrize("old,new,expect", [
    ("pub fn mseq_glyph_size(rows: *mut u32, cols: *mut u32, ds: *const mseq_dataset)",
     "pub fn mseq_glyph_size(rows: *mut u32, cols: *mut u32, ds: *mut mseq_dataset)",
     "mseq_glyph_size takes"),
    ("pub fn mseq_params_free(params: *mut mseq_params);",
     "pub fn mseq_params_free(params: *mut mseq_params) -> c_int;", "mseq_params_free returns"),
    ("pub fn mseq_free(ds: *mut mseq_dataset);", "", "mseq_free (header) is not declared"),
    ("pub const MSEQ_ENOFIT: mseq_error = -7;", "pub const MSEQ_ENOFIT: mseq_error = -8;",
     "MSEQ_ENOFIT is -7"),
    ("pub source_index: i32,", "pub source_index: u32,", "struct mseq_placement has fields"),
    ("fn(done: u64, total: u64, user: *mut c_void) -> c_int>",
     "fn(done: u64, user: *mut c_void) -> c_int>", "mseq_progress_fn is fn"),
    ("pub type mseq_fit = c_int;", "pub type mseq_fit = u8;", "enum mseq_fit is not"),
])
def test_drift_in_sys_rs_is_reported(old, new, expect):
    found = check_sys.check(HEADER, replace_once(SYS_RS, old, new))
    assert any(expect in p for p in found), found


def test_a_new_header_function_is_reported():
    header = replace_once(HEADER, "#ifdef __cplusplus\n}",
                          "MSEQ_API int mseq_new_thing(size_t *n);\n#ifdef __cplusplus\n}")
    found = check_sys.check(header, SYS_RS)
    assert any("mseq_new_thing (header) is not declared" in p for p in found), found


def test_c_types_map_as_documented():
    h = check_sys.parse_header(HEADER)
    from c_header import parse_type
    rt = lambda decl: check_sys.rust_type(parse_type(decl, True), h)
    assert rt("const char *path") == "*const c_char"
    assert rt("const char **images") == "*mut *const c_char"
    assert rt("mseq_dataset **out") == "*mut *mut mseq_dataset"
    assert rt("const mseq_params *p") == "*const mseq_params"
    assert rt("void *out") == "*mut c_void"
    assert rt("size_t n") == "usize" and rt("uint64_t i") == "u64"
    assert rt("mseq_split split") == "mseq_split"
