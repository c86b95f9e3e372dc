"""Every failure becomes a Python exception of the right type, carrying the
library's code and a message naming the Python argument or the file at
fault. Nothing is clamped silently."""

from __future__ import annotations

import pathlib
import re

import numpy as np
import pytest

import mnistseq
from mnistseq import _capi, errors
from conftest import HEADER, small_dataset, write_idx

# (digits, spacing, width, fit): calls the library rejects, with the
# exception class the binding must raise and its message, which names the
# Python arguments (the library's names C parameters: MSEQ_PARAM_WIDTH).
C_REJECTS = [
    ([3, 12], (0, 0), 100, "pad", mnistseq.InvalidArgumentError,  # digit > 9
     "digits[1]=12: must be a digit 0-9"),
    ([3, -1], (0, 0), 100, "pad", mnistseq.InvalidArgumentError,  # digit < 0
     "digits[1]=-1: must be a digit 0-9"),
    ([3], (-1024, 4), 100, "pad", mnistseq.InvalidArgumentError,  # below any glyph
     "spacing_range[0]=-1024: must be -1023..65536"),
    ([3], (0, -1025), 100, "pad", mnistseq.InvalidArgumentError,
     "spacing_range[1]=-1025: must be -1023..65536"),
    ([3, 5], (-28, 4), 100, "pad", mnistseq.InvalidArgumentError,  # a whole glyph
     "spacing below -27 (these glyphs are 28 columns wide; a negative gap makes digits "
     "overlap, by at most 27 columns): spacing_range=(-28, 4)"),
    ([3], (5, 2), 100, "pad", mnistseq.InvalidArgumentError,  # min > max
     "spacing_range=(5, 2): the minimum 5 is greater than the maximum 2"),
    ([3], (0, 0), 0, "pad", mnistseq.InvalidArgumentError,  # width 0
     "image_width=0: must be 1..65536"),
    ([3], (0, 0), -7, "pad", mnistseq.InvalidArgumentError,
     "image_width=-7: must be 1..65536"),
    ([3], (0, 0), 10**6, "pad", mnistseq.OutOfRangeError,  # huge width
     "image_width=1000000: must be 1..65536"),
    ([3], (0, 100000), 100, "pad", mnistseq.OutOfRangeError,  # huge spacing
     "spacing_range[1]=100000: must be -1023..65536"),
    ([1] * 1025, (0, 0), 100, "pad", mnistseq.OutOfRangeError,  # too many digits
     "digits has 1025 digits: must be 1..1024 digits long"),
    ([3, 4, 5], (0, 0), 50, "strict", mnistseq.NoFitError,  # too narrow
     "fit='strict': the strip of 3 digits and gaps is 84 pixels wide, more than "
     "image_width=50"),
    ([3, 4, 5], (0, 0), 50, "exact", mnistseq.NoFitError,
     "fit='exact': 3 digits with gaps in spacing_range=(0, 0) span 84 to 84 pixels, "
     "image_width is 50"),
    ([3, 4, 5], (0, 2), 100, "exact", mnistseq.NoFitError,  # too wide for exact
     "fit='exact': 3 digits with gaps in spacing_range=(0, 2) span 84 to 88 pixels, "
     "image_width is 100"),
]


@pytest.mark.parametrize("digits,spacing,width,fit,cls,message", C_REJECTS)
def test_rejected_calls_carry_the_library_code_and_name_python_arguments(
        raw, gen, mnist_dir, digits, spacing, width, fit, cls, message) -> None:
    rc, _, c_message = raw.generate(digits, spacing, width, fit=fit)
    assert rc < 0
    with pytest.raises(cls) as info:
        gen.generate(digits, spacing, width, seed=0, fit=fit)
    err = info.value
    assert type(err) is cls
    assert isinstance(err, ValueError) and isinstance(err, mnistseq.MnistSeqError)
    assert err.code == rc  # the library's classification
    assert err.message == message
    assert str(err) == message
    assert "MSEQ" not in message and "mseq" not in message
    # the same through the seed function, the sample and the batch paths
    with pytest.raises(cls, match=f"^{re.escape(message)}$"):
        mnistseq.generate_mnist_sequence(digits, spacing, width, seed=0, fit=fit, data=mnist_dir)
    with pytest.raises(cls, match=f"^{re.escape(message)}$"):
        gen.generate_sample(digits, spacing, width, seed=0, fit=fit)
    batch_message = message if cls is not mnistseq.NoFitError else (
        f"sample 0 (index 0): {message}")
    with pytest.raises(cls, match=f"^{re.escape(batch_message)}$"):
        gen.generate_batch(3, digits, spacing, width, seed=0, fit=fit)


def test_empty_sequence_is_rejected(gen) -> None:
    for empty in ([], "", (), np.array([], dtype=np.int64)):
        with pytest.raises(mnistseq.InvalidArgumentError, match="empty"):
            gen.generate(empty, (0, 0), 50, seed=0)


@pytest.mark.parametrize(
    "digits,what",
    [
        ([3, 5.0], "float"),
        ([True, 2], "bool"),
        ([np.bool_(True)], "bool"),
        (["3", "5"], "str"),
        ([None], "NoneType"),
        (np.array([1.0, 2.0]), "float64"),
        (np.array([True]), "bool"),
        (7, "int"),
        (b"35", "bytes"),
    ],
)
def test_non_integer_digits_raise_type_error(gen, digits, what) -> None:
    with pytest.raises(TypeError, match=what):
        gen.generate(digits, (0, 0), 60, seed=0)


def test_non_digit_characters_are_named(gen) -> None:
    with pytest.raises(mnistseq.InvalidArgumentError, match=r"'a' at position 1"):
        gen.generate("3a5", (0, 0), 90, seed=0)
    with pytest.raises(mnistseq.InvalidArgumentError, match=r"'-' at position 1"):
        mnistseq.generate_mnist_sequence("3-5", (0, 0), 90, seed=0)


def test_integers_beyond_the_c_types_are_not_wrapped(gen) -> None:
    # ctypes would silently wrap these: the binding must refuse them
    cases = [
        dict(digits=[2**32 + 3], spacing=(0, 0), width=60),
        dict(digits=[3], spacing=(0, 2**64), width=60),
        dict(digits=[3], spacing=(0, 0), width=2**64 + 60),
    ]
    for c in cases:
        with pytest.raises(mnistseq.OutOfRangeError):
            gen.generate(c["digits"], c["spacing"], c["width"], seed=0)
    with pytest.raises(mnistseq.OutOfRangeError):
        gen.generate([3], (0, 0), 60, seed=2**64)
    with pytest.raises(mnistseq.OutOfRangeError):
        gen.generate([3], (0, 0), 60, seed=-(2**63) - 1)
    with pytest.raises(mnistseq.OutOfRangeError):
        gen.generate([3], (0, 0), 60, seed=0, index=-1)
    with pytest.raises(mnistseq.OutOfRangeError):
        gen.generate([3], (0, 0), 60, seed=0, index=2**64)
    # the edges themselves are valid
    a = gen.generate([3], (0, 0), 60, seed=-(2**63), index=2**64 - 1)
    b = gen.generate([3], (0, 0), 60, seed=2**63, index=2**64 - 1)
    assert np.array_equal(a, b)


def test_no_silent_clamp_at_the_limits(gen) -> None:
    assert gen.generate([3], (0, 0), _capi.MAX_WIDTH, seed=0).shape == (28, _capi.MAX_WIDTH)
    with pytest.raises(mnistseq.OutOfRangeError, match=str(_capi.MAX_WIDTH + 1)):
        gen.generate([3], (0, 0), _capi.MAX_WIDTH + 1, seed=0)
    with pytest.raises(mnistseq.OutOfRangeError):
        gen.generate([3], (0, _capi.MAX_SPACING + 1), 100, seed=0)
    with pytest.raises(mnistseq.OutOfRangeError):
        gen.generate([1] * (_capi.MAX_DIGITS + 1), (0, 0), 100, seed=0)
    with pytest.raises(mnistseq.OutOfRangeError):
        gen.generate_batch(_capi.MAX_BATCH + 1, [3], (0, 0), 28, seed=0)
    with pytest.raises(mnistseq.OutOfRangeError):
        gen.generate_batch(2, None, (0, 0), 28, seed=0, threads=_capi.MAX_THREADS + 1)


def test_wrong_argument_types_and_names(gen) -> None:
    with pytest.raises(TypeError, match="image_width"):
        gen.generate([3], (0, 0), 60.0, seed=0)
    with pytest.raises(TypeError, match="image_width"):
        gen.generate([3], (0, 0), True, seed=0)
    with pytest.raises(TypeError, match="spacing_range"):
        gen.generate([3], 2, 60, seed=0)
    with pytest.raises(mnistseq.InvalidArgumentError, match="spacing_range"):
        gen.generate([3], (1, 2, 3), 60, seed=0)
    with pytest.raises(TypeError, match="spacing_range"):
        gen.generate([3], (1.5, 2), 60, seed=0)
    with pytest.raises(TypeError, match="seed"):
        gen.generate([3], (0, 0), 60, seed=1.5)
    with pytest.raises(TypeError, match="invert"):
        gen.generate([3], (0, 0), 60, seed=0, invert="yes")
    with pytest.raises(mnistseq.InvalidArgumentError, match="fit='wide'"):
        gen.generate([3], (0, 0), 60, seed=0, fit="wide")
    with pytest.raises(mnistseq.InvalidArgumentError, match="align='middle'"):
        gen.generate([3], (0, 0), 60, seed=0, align="middle")
    with pytest.raises(mnistseq.InvalidArgumentError, match="dtype"):
        gen.generate([3], (0, 0), 60, seed=0, dtype=np.float64)
    with pytest.raises(mnistseq.InvalidArgumentError, match="split='validation'"):
        mnistseq.Generator(split="validation")
    with pytest.raises(mnistseq.InvalidArgumentError, match="random sequences"):
        gen.generate_batch(2, [3], (0, 0), 60, seed=0, length_range=(1, 3))
    with pytest.raises(mnistseq.InvalidArgumentError, match=r"^length_range=\(4, 2\)"):
        gen.generate_batch(2, None, (0, 0), 60, seed=0, length_range=(4, 2))
    message = r"^n=0: must be 1\.\.16777216$"
    with pytest.raises(mnistseq.InvalidArgumentError, match=message):
        gen.generate_batch(0, [3], (0, 0), 60, seed=0)
    with pytest.raises(mnistseq.OutOfRangeError, match="n=-1"):
        gen.generate_batch(-1, [3], (0, 0), 60, seed=0)


def test_missing_data_directory(tmp_path: pathlib.Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(mnistseq.DataNotFoundError) as info:
        mnistseq.Generator(missing)
    assert isinstance(info.value, FileNotFoundError)
    assert info.value.code == errors.MSEQ_ENOTFOUND
    assert str(missing) in str(info.value)
    with pytest.raises(FileNotFoundError, match=re.escape(str(missing))):
        mnistseq.generate_mnist_sequence([1], (0, 0), 28, data=missing)
    # a directory without the test split's files
    small_dataset(tmp_path / "trainonly")
    with pytest.raises(mnistseq.DataNotFoundError, match="t10k"):
        mnistseq.Generator(tmp_path / "trainonly", split="test")
    with pytest.raises(mnistseq.InvalidArgumentError, match="NUL"):
        mnistseq.Generator(str(tmp_path) + "\0x")


def test_a_small_valid_data_set_opens(tmp_path: pathlib.Path) -> None:
    images, labels = small_dataset(tmp_path, count=30)
    with mnistseq.Generator(tmp_path) as g:
        assert len(g) == 30
        assert g.class_counts == (3,) * 10
        assert g.glyph_shape == (28, 28)
        s = g.generate_sample([7, 0], (0, 0), 56, seed=3)
    for k, p in enumerate(s.placements):
        assert labels[p["source_index"]] == [7, 0][k]
        glyph = images[p["source_index"]].astype(np.float32) / 255
        cell = s.image[:, p["x_begin"] : p["x_end"]]
        np.testing.assert_allclose(cell, 1 - glyph, atol=1e-6)


def _broken(tmp_path: pathlib.Path, how: str) -> pathlib.Path:
    images, labels = small_dataset(tmp_path, count=30)
    img = tmp_path / "train-images-idx3-ubyte"
    lab = tmp_path / "train-labels-idx1-ubyte"
    if how == "truncated":
        img.write_bytes(img.read_bytes()[:-100])
    elif how == "short header":
        img.write_bytes(img.read_bytes()[:10])
    elif how == "wrong magic":
        write_idx(img, images, magic=0x0804)
    elif how == "count mismatch":
        write_idx(lab, labels[:20])
    elif how == "label above 9":
        bad = labels.copy()
        bad[3] = 12
        write_idx(lab, bad)
    elif how == "trailing bytes":
        lab.write_bytes(lab.read_bytes() + b"x")
    elif how == "header count too big":
        write_idx(img, images, dims=(31, 28, 28))
    elif how == "corrupt gzip":
        img.unlink()
        (tmp_path / "train-images-idx3-ubyte.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    return img


@pytest.mark.parametrize(
    "how,words",
    [
        ("truncated", "truncated"),
        ("short header", "truncated"),
        ("wrong magic", "magic"),
        ("count mismatch", "labels"),
        ("label above 9", "label 12"),
        ("trailing bytes", "trailing"),
        ("header count too big", "truncated"),
        ("corrupt gzip", "gzip"),
    ],
)
def test_malformed_idx_files(tmp_path: pathlib.Path, how: str, words: str) -> None:
    _broken(tmp_path, how)
    with pytest.raises(mnistseq.DataFormatError) as info:
        mnistseq.Generator(tmp_path)
    err = info.value
    assert err.code == errors.MSEQ_EFORMAT
    assert words in err.message
    assert str(tmp_path) in err.message  # names the file
    assert not isinstance(err, ValueError)
    assert isinstance(err, OSError)  # a data file problem, as the README says


def test_every_data_file_problem_is_an_os_error(tmp_path: pathlib.Path) -> None:
    # README: bad arguments are ValueError, data problems FileNotFoundError
    # or OSError; one `except OSError` covers missing, unreadable and
    # malformed data, and none of them is a ValueError
    small_dataset(tmp_path / "unreadable")
    (tmp_path / "unreadable" / "train-labels-idx1-ubyte").unlink()
    (tmp_path / "unreadable" / "train-labels-idx1-ubyte").mkdir()
    _broken(tmp_path / "malformed", "wrong magic")
    cases = [
        (tmp_path / "missing", mnistseq.DataNotFoundError),
        (tmp_path / "unreadable", mnistseq.DataIOError),
        (tmp_path / "malformed", mnistseq.DataFormatError),
    ]
    for directory, cls in cases:
        try:
            mnistseq.Generator(directory)
        except OSError as exc:
            assert type(exc) is cls
            assert isinstance(exc, mnistseq.MnistSeqError)
            assert not isinstance(exc, ValueError)
            assert str(directory) in str(exc)
        else:  # pragma: no cover - reported by the assertion
            raise AssertionError(f"{directory} opened")
    assert issubclass(mnistseq.DataFormatError, OSError)
    assert issubclass(mnistseq.DataFormatError, mnistseq.MnistSeqError)
    assert not issubclass(mnistseq.DataFormatError, ValueError)
    try:
        mnistseq.Generator(tmp_path / "malformed")
    except mnistseq.MnistSeqError as exc:  # the base class still catches it
        assert exc.code == errors.MSEQ_EFORMAT


def test_unreadable_file_is_an_os_error(tmp_path: pathlib.Path) -> None:
    small_dataset(tmp_path)
    img = tmp_path / "train-images-idx3-ubyte"
    img.unlink()
    img.mkdir()  # a directory where the file should be
    with pytest.raises(mnistseq.DataIOError) as info:
        mnistseq.Generator(tmp_path)
    assert isinstance(info.value, OSError)
    assert info.value.code == errors.MSEQ_EIO
    assert str(img) in info.value.message


def test_too_small_buffer_is_a_buffer_size_error(gen) -> None:
    # the binding always sizes buffers itself; call the declared function
    # with a short one to check the error reaches Python as EBUFSIZE
    cdll = mnistseq._lib.cdll()
    params = gen._cached_params((0, 0, 50, 0, 0, 0, 0, 1, 5, 0, 0, 1), 0)
    small = np.zeros((28, 49), np.float32)
    digits = np.array([1], np.intc)
    rc = cdll.mseq_generate(small, small.nbytes, None, None, gen._ds, params, digits, 1, 0)
    assert rc == errors.MSEQ_EBUFSIZE
    err = _capi.error(cdll, rc)
    assert type(err) is mnistseq.BufferSizeError and isinstance(err, ValueError)
    assert str(small.nbytes) in err.message


def test_every_header_error_code_has_its_class() -> None:
    text = HEADER.read_text()
    codes = dict(
        (name, int(value)) for name, value in re.findall(r"\b(MSEQ_E[A-Z]+)\s*=\s*(-\d+)", text)
    )
    assert len(codes) >= 10
    builtin = {
        "MSEQ_EINVAL": ValueError,
        "MSEQ_ERANGE": ValueError,
        "MSEQ_ENOFIT": ValueError,
        "MSEQ_EBUFSIZE": ValueError,
        "MSEQ_ENOTFOUND": FileNotFoundError,
        "MSEQ_EIO": OSError,
        "MSEQ_EFORMAT": OSError,
        "MSEQ_ENOMEM": MemoryError,
        "MSEQ_EEXIST": FileExistsError,
    }
    classes = set()
    for name, value in codes.items():
        assert getattr(errors, name) == value, name
        cls = errors.error_class(value)
        assert cls is not mnistseq.MnistSeqError, f"{name} has no class"
        classes.add(cls)
        err = cls("message", value)
        assert isinstance(err, mnistseq.MnistSeqError)
        assert err.code == value and str(err) == "message"
        if name in builtin:
            assert isinstance(err, builtin[name]), name
    assert len(classes) == len(codes)
    assert errors.error_class(-999) is mnistseq.MnistSeqError


def test_errors_keep_class_code_and_message_through_pickle() -> None:
    import pickle

    for code in range(-1, -12, -1):
        cls = errors.error_class(code)
        err = cls(f"message {code}", code)
        back = pickle.loads(pickle.dumps(err))
        assert type(back) is cls and back.code == code and back.message == f"message {code}"
        assert str(back) == f"message {code}"
    lib_err = pickle.loads(pickle.dumps(mnistseq.LibraryError("cannot load x")))
    assert type(lib_err) is mnistseq.LibraryError and lib_err.code is None
