"""Finding and loading the library, version checks, and the ctypes
declarations checked against the public header."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import pathlib
import re
import shutil
import subprocess
import sys
from typing import Dict, Optional

import numpy as np
import pytest

import mnistseq
from mnistseq import _capi, _lib
from conftest import HEADER, PACKAGE_DIR


def _run(code: str, env: Dict[str, str], cwd: pathlib.Path,
         path: Optional[str] = None) -> subprocess.CompletedProcess:
    """Runs Python code in a fresh interpreter with exactly ``env`` (plus
    PYTHONPATH=path when given)."""
    full = {k: v for k, v in env.items()}
    if path is not None:
        full["PYTHONPATH"] = path
    return subprocess.run([sys.executable, "-c", code], env=full, cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def _base_env() -> Dict[str, str]:
    drop = ("MNISTSEQ_LIBRARY", "LD_LIBRARY_PATH", "PYTHONPATH")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    return env


PRINT_ORIGIN = (
    "import mnistseq, mnistseq._lib as L; lib = L.get(); "
    "print(lib.origin); print(lib.path); "
    "print(mnistseq.generate_mnist_sequence([1, 2], (0, 0), 56, seed=1).shape)"
)


def test_loaded_from_mnistseq_library() -> None:
    assert os.environ.get("MNISTSEQ_LIBRARY"), "the suite runs against MNISTSEQ_LIBRARY"
    lib = _lib.get()
    assert lib.origin == "MNISTSEQ_LIBRARY"
    assert lib.path == os.environ["MNISTSEQ_LIBRARY"] == mnistseq.library_path()
    assert lib.version // 10000 == _lib.BINDING_MAJOR


def test_missing_library_file_is_a_clear_error(tmp_path: pathlib.Path, mnist_dir) -> None:
    missing = str(tmp_path / "libmnistseq.so.1")
    with pytest.raises(mnistseq.LibraryError) as info:
        _lib.load({"MNISTSEQ_LIBRARY": missing})
    assert isinstance(info.value, ImportError)
    assert missing in str(info.value) and "no such file" in str(info.value)
    env = _base_env()
    env["MNISTSEQ_LIBRARY"] = missing
    code = "import mnistseq; mnistseq.generate_mnist_sequence([1], (0, 0), 28)"
    proc = _run(code, env, tmp_path, str(PACKAGE_DIR))
    assert proc.returncode != 0
    assert "LibraryError" in proc.stderr and missing in proc.stderr


def test_not_a_library_is_a_clear_error(tmp_path: pathlib.Path) -> None:
    bogus = tmp_path / "libmnistseq.so.1"
    bogus.write_bytes(b"not an ELF file")
    with pytest.raises(mnistseq.LibraryError, match="cannot load"):
        _lib.load({"MNISTSEQ_LIBRARY": str(bogus)})


def _package_copy(tmp_path: pathlib.Path, with_library: bool) -> pathlib.Path:
    """A copy of the package under tmp_path/pkg, optionally shipping the
    library inside it."""
    root = tmp_path / "pkg"
    shutil.copytree(PACKAGE_DIR / "mnistseq", root / "mnistseq",
                    ignore=shutil.ignore_patterns("__pycache__", "libmnistseq*"))
    if with_library:
        shutil.copy(mnistseq.library_path(), root / "mnistseq" / _lib.library_filename())
    return root


def test_lookup_order(tmp_path: pathlib.Path, mnist_dir) -> None:
    built = mnistseq.library_path()
    env = _base_env()
    env["MNISTSEQ_DATA"] = str(mnist_dir)

    # 2. a copy inside the package, when MNISTSEQ_LIBRARY is not set
    root = _package_copy(tmp_path, with_library=True)
    bundled = root / "mnistseq" / _lib.library_filename()
    proc = _run(PRINT_ORIGIN, env, tmp_path, str(root))
    assert proc.returncode == 0, proc.stderr
    origin, path, shape = proc.stdout.split("\n")[:3]
    assert origin == "package" and os.path.samefile(path, bundled) and shape == "(28, 56)"

    # 1. MNISTSEQ_LIBRARY wins over the bundled copy
    env_lib = dict(env, MNISTSEQ_LIBRARY=built)
    proc = _run(PRINT_ORIGIN, env_lib, tmp_path, str(root))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:2] == ["MNISTSEQ_LIBRARY", built]

    # 3. the system loader (LD_LIBRARY_PATH here), without a bundled copy
    bare = _package_copy(tmp_path / "bare", with_library=False)
    libdir = tmp_path / "lib"
    libdir.mkdir()
    shutil.copy(built, libdir / _lib.library_filename())
    proc = _run(PRINT_ORIGIN, dict(env, LD_LIBRARY_PATH=str(libdir)), tmp_path, str(bare))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:2] == ["system", _lib.library_filename()]

    # nothing anywhere: a clear error saying what to do
    if ctypes.util.find_library("mnistseq") is None:
        proc = _run(PRINT_ORIGIN, env, tmp_path, str(bare))
        assert proc.returncode != 0
        assert "cannot find the mnistseq library" in proc.stderr
        assert "MNISTSEQ_LIBRARY" in proc.stderr


def _fake_library(tmp_path: pathlib.Path, cc: str, source: str) -> str:
    src = tmp_path / "fake.c"
    src.write_text(source)
    out = tmp_path / "libfake.so"
    subprocess.run([cc, "-shared", "-fPIC", "-o", str(out), str(src)], check=True)
    return str(out)


def test_major_version_mismatch_is_refused(tmp_path: pathlib.Path, c_compiler: str) -> None:
    fake = _fake_library(tmp_path, c_compiler,
                         "unsigned mseq_version_number(void) { return 20003; }\n")
    with pytest.raises(mnistseq.LibraryError) as info:
        _lib.load({"MNISTSEQ_LIBRARY": fake})
    message = str(info.value)
    assert "2.0.3" in message and f"major version {_lib.BINDING_MAJOR}" in message
    assert fake in message


def test_same_major_without_every_function_is_refused(tmp_path: pathlib.Path,
                                                      c_compiler: str) -> None:
    fake = _fake_library(tmp_path, c_compiler,
                         "unsigned mseq_version_number(void) { return 10000; }\n")
    with pytest.raises(mnistseq.LibraryError, match="symbol mseq_version_string is missing"):
        _lib.load({"MNISTSEQ_LIBRARY": fake})


def test_a_library_that_is_not_mnistseq_is_refused(tmp_path: pathlib.Path, c_compiler: str) -> None:
    fake = _fake_library(tmp_path, c_compiler, "int unrelated(void) { return 1; }\n")
    with pytest.raises(mnistseq.LibraryError, match="not the mnistseq library"):
        _lib.load({"MNISTSEQ_LIBRARY": fake})


def _header_defines() -> Dict[str, str]:
    text = HEADER.read_text()
    return dict(re.findall(r"^#define (MSEQ_\w+) (\S.*?)\s*(?:/\*.*)?$", text, re.M))


def test_versions_agree_with_the_header() -> None:
    d = _header_defines()
    version = tuple(int(d[f"MSEQ_VERSION_{p}"]) for p in ("MAJOR", "MINOR", "PATCH"))
    assert _lib.BINDING_VERSION == version
    assert mnistseq.__version__ == "%d.%d.%d" % version
    assert mnistseq.library_version() == "%d.%d.%d" % version
    # the package metadata's version is read from the one Python source
    # (test_packaging checks the installed metadata)
    pyproject = (PACKAGE_DIR / "pyproject.toml").read_text()
    assert re.search(r'^dynamic = \["version"\]$', pyproject, re.M)
    assert re.search(r'^version = \{ attr = "mnistseq\._version\.__version__" \}$',
                     pyproject, re.M)
    assert not re.search(r'^version = "', pyproject, re.M)
    cmake = (HEADER.parents[2] / "CMakeLists.txt").read_text()
    assert re.search(r"^project\(mnistseq\s+VERSION \$\{_mseq_MAJOR\}", cmake, re.M)


def test_constants_agree_with_the_header() -> None:
    text = HEADER.read_text()
    d = _header_defines()
    limits = [k[5:] for k in d if k.startswith("MSEQ_MAX_")]
    assert len(limits) >= 8
    for name in limits:
        value = re.sub(r"^UINT64_C\((\d+)\)$", r"\1", d[f"MSEQ_{name}"])
        assert int(value) == getattr(_capi, name), name
    assert int(d["MSEQ_WRITE_FORCE"].rstrip("u")) == _capi.WRITE_FORCE
    enum_re = r"\bMSEQ_((?:PARAM|FIT|ALIGN|FORMAT|SPLIT|OUTPUT)_\w+)\s*=\s*(\d+)"
    enums = dict(re.findall(enum_re, text))
    assert len(enums) >= 29
    for name, value in enums.items():
        assert getattr(_capi, name) == int(value), name
    for struct, mirror, dtype in [
        ("mseq_placement", _capi.Placement, _capi.PLACEMENT_DTYPE),
        ("mseq_ink_box", _capi.InkBox, _capi.INK_BOX_DTYPE),
    ]:
        struct_re = r"typedef struct %s \{(.*?)\} %s;" % (struct, struct)
        body = re.search(struct_re, text, re.S).group(1)
        fields = re.findall(r"int32_t (\w+);", body)
        assert fields == [f for f, _ in mirror._fields_], struct
        assert list(dtype.names) == fields, struct
    table_enums = dict(re.findall(r"\bMSEQ_((?:TYPE|GROUP)_\w+)\s*=\s*(\d+)", text))
    assert len(table_enums) >= 9
    for name, value in table_enums.items():
        assert getattr(_capi, name) == int(value), name
    assert int(d["MSEQ_PARAM_DESC_VERSION"]) == _capi.PARAM_DESC_VERSION


# C type (as written in the header, without const) -> accepted ctypes types
_SCALARS = {
    "int": ctypes.c_int,
    "unsigned": ctypes.c_uint,
    "unsigned int": ctypes.c_uint,
    "double": ctypes.c_double,
    "size_t": ctypes.c_size_t,
    "uint32_t": ctypes.c_uint32,
    "int64_t": ctypes.c_int64,
    "uint64_t": ctypes.c_uint64,
    "uint8_t": ctypes.c_uint8,
    "uint16_t": ctypes.c_uint16,
}


def _header_functions() -> Dict[str, tuple]:
    text = re.sub(r"/\*.*?\*/", "", HEADER.read_text(), flags=re.S)
    found = {}
    decl_re = r"MSEQ_API\s+([\w\s\*]+?)\s*\b(mseq_\w+)\s*\(([^)]*)\)\s*;"
    for ret, name, params in re.findall(decl_re, text):
        params = " ".join(params.split())
        args = [] if params in ("void", "") else [p.strip() for p in params.split(",")]
        found[name] = (ret.strip(), args)
    return found


def _header_callbacks() -> Dict[str, tuple]:
    """Function pointer typedefs: name -> (result type, [parameter types])."""
    text = re.sub(r"/\*.*?\*/", "", HEADER.read_text(), flags=re.S)
    found = {}
    typedef_re = r"typedef\s+([\w\s\*]+?)\s*\(\s*\*\s*(mseq_\w+)\s*\)\s*\(([^)]*)\)\s*;"
    for ret, name, params in re.findall(typedef_re, text):
        params = " ".join(params.split()).split(",")
        args = [re.sub(r"\b\w+$", "", p.strip()).strip() for p in params]
        found[name] = (ret.strip(), args)
    return found


def _check_type(ctype, c_decl: str, enums: set, where: str) -> None:
    decl = c_decl.replace("const ", "").strip()
    stars = decl.count("*")
    base = decl.replace("*", " ").split()[0]
    callbacks = _header_callbacks()
    if stars == 0 and base in callbacks:
        ret, args = callbacks[base]
        assert ctype._restype_ is not None and len(ctype._argtypes_) == len(args), where
        _check_type(ctype._restype_, ret, enums, f"{where} result")
        for k, (t, a) in enumerate(zip(ctype._argtypes_, args)):
            _check_type(t, a, enums, f"{where} argument {k}")
        return
    if stars == 1 and base == "void" and ctype is ctypes.c_void_p:
        return
    if stars == 0:
        if base in enums:  # enums are int-sized
            assert ctype is ctypes.c_int, where
        else:
            expected = _SCALARS[base]
            assert ctypes.sizeof(ctype) == ctypes.sizeof(expected), where
            assert (ctype(-1).value < 0) == (expected(-1).value < 0), where
        return
    if base == "char" and stars == 1:
        assert ctype is ctypes.c_char_p, where
        return
    if stars == 2:
        assert issubclass(ctype, ctypes._Pointer), where
        pointee = ctype._type_
        if base == "char":
            assert pointee is ctypes.c_char_p, where
        else:
            assert issubclass(pointee, ctypes._Pointer), where
        return
    # one level of pointer: a typed ctypes pointer or a checked numpy buffer
    if hasattr(ctype, "_dtype_"):
        want = {"void": None, "float": np.float32, "uint32_t": np.uint32, "int": np.intc,
                "uint8_t": np.uint8, "uint16_t": np.uint16,
                "mseq_placement": _capi.PLACEMENT_DTYPE, "mseq_ink_box": _capi.INK_BOX_DTYPE}[base]
        got = ctype._dtype_
        assert (got is None) if want is None else (got == np.dtype(want)), where
        contiguous = np.ctypeslib.ndpointer(flags="C_CONTIGUOUS")._flags_
        assert ctype._flags_ & contiguous == contiguous, where
        return
    assert issubclass(ctype, ctypes._Pointer), where
    pointee = ctype._type_
    if base in ("mseq_dataset", "mseq_params", "mseq_writer", "mseq_template"):
        assert pointee.__name__ == "_" + base.split("_")[1].capitalize(), where
    elif base in _STRUCTS:
        assert pointee is _STRUCTS[base], where
    else:
        expected = _SCALARS.get(base, ctypes.c_int if base in enums else None)
        assert expected is not None and ctypes.sizeof(pointee) == ctypes.sizeof(expected), where


# The header's plain structs that functions take by pointer, and their
# ctypes mirrors.
_STRUCTS = {
    "mseq_param_desc": _capi.ParamDesc,
    "mseq_png_text": _capi.PngText,
    "mseq_open_options": _capi.OpenOptions,
}


def test_struct_mirrors_have_the_header_fields_in_order() -> None:
    text = re.sub(r"/\*.*?\*/", "", HEADER.read_text(), flags=re.S)
    for name, mirror in _STRUCTS.items():
        body = re.search(r"typedef struct %s \{(.*?)\}" % name, text, re.S)
        assert body is not None, name
        fields = [
            (m.group(2), m.group(1).replace("const ", "").strip())
            for m in re.finditer(r"([\w ]+?\**)\s*(\w+);", body.group(1))
        ]
        assert [f for f, _ in fields] == [f for f, _ in mirror._fields_], name
        for (field, decl), (_, ctype) in zip(fields, mirror._fields_):
            if "*" in decl:
                assert ctype is ctypes.c_char_p, (name, field)
            elif decl in _SCALARS:
                assert ctypes.sizeof(ctype) == ctypes.sizeof(_SCALARS[decl]), (name, field)
            else:  # an enum
                assert ctype is ctypes.c_int, (name, field)


def test_every_header_function_is_declared_with_matching_types() -> None:
    header = _header_functions()
    assert len(header) >= 18
    assert set(header) == set(_capi.FUNCTIONS), "binding and header list different functions"
    structs = {"mseq_placement", "mseq_ink_box"}
    enums = set(re.findall(r"\}\s*(mseq_\w+)\s*;", HEADER.read_text())) - structs
    for name, (ret, args) in header.items():
        restype, argtypes = _capi.FUNCTIONS[name]
        assert len(argtypes) == len(args), f"{name}: {len(argtypes)} argtypes for {args}"
        if ret == "void":
            assert restype is None, name
        elif ret.startswith("const char"):
            assert restype is ctypes.c_char_p, name
        else:
            _check_type(restype, ret, enums, f"{name} result")
        for k, (ctype, decl) in enumerate(zip(argtypes, args)):
            # drop the parameter name: the last identifier
            c_type = re.sub(r"\b\w+$", "", decl).strip()
            _check_type(ctype, c_type, enums, f"{name} argument {k} ({decl})")
    # and the loaded library has them all with these declarations
    cdll = _lib.cdll()
    for name, (restype, argtypes) in _capi.FUNCTIONS.items():
        fn = getattr(cdll, name)
        assert fn.restype is restype and list(fn.argtypes) == argtypes, name


def test_buffers_are_checked_numpy_pointers() -> None:
    out_type = _capi.FUNCTIONS["mseq_generate"][1][0]
    assert any(c.__name__ == "_ndptr" for c in out_type.__mro__)  # an ndpointer
    with pytest.raises(TypeError):
        out_type.from_param(np.zeros((4, 4), np.float32).T)
    with pytest.raises(TypeError):
        out_type.from_param(b"bytes")
    digits_type = _capi.FUNCTIONS["mseq_generate"][1][6]
    with pytest.raises(TypeError, match="data type"):
        digits_type.from_param(np.zeros(3, np.int64))
