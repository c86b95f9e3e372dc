"""The library's parameter table, read once from the loaded library
(``mseq_param_list`` and ``mseq_param_info``): each parameter's name, type,
bounds, default and, for a choice, its value names. The bounds and
defaults that the binding checks and fills in come from here; none is
written in Python."""

from __future__ import annotations

import ctypes
import threading
from typing import Dict, Mapping, NamedTuple, Optional, Tuple

from . import _capi, _lib


class Row(NamedTuple):
    """One parameter of the table, as ``mseq_param_info`` describes it."""

    key: int  #: its ``MSEQ_PARAM_*`` value
    name: str  #: its name, the Python keyword ("min_spacing")
    value_type: int  #: ``MSEQ_TYPE_*``
    min: int  #: the smallest value it may be set to
    max: int  #: the largest value it may be set to
    default: int  #: its value in a new parameter set
    choices: Tuple[str, ...]  #: an ENUM's value names, in value order
    min_f64: float  #: ``min`` as a double (an F64 key's true bound)
    max_f64: float  #: ``max`` as a double
    default_f64: float  #: ``default`` as a double

    def names(self) -> Mapping[str, int]:
        """An ENUM's value names with their values."""
        return {name: value for value, name in enumerate(self.choices)}


def _describe(cdll: ctypes.CDLL, key: int) -> Row:
    desc = _capi.ParamDesc(version=_capi.PARAM_DESC_VERSION)
    rc = cdll.mseq_param_info(ctypes.byref(desc), key)
    if rc:
        raise _capi.error(cdll, rc)
    choices = (desc.choices or b"").decode("ascii")
    return Row(
        key=int(desc.key),
        name=(desc.name or b"").decode("ascii"),
        value_type=int(desc.value_type),
        min=int(desc.min),
        max=int(desc.max),
        default=int(desc.default_value),
        choices=tuple(choices.split("|")) if choices else (),
        min_f64=float(desc.min_f64),
        max_f64=float(desc.max_f64),
        default_f64=float(desc.default_f64),
    )


def _read(cdll: ctypes.CDLL) -> Dict[str, Row]:
    """Every row of the library's table, by name."""
    count = ctypes.c_size_t()
    rc = cdll.mseq_param_list(None, 0, ctypes.byref(count))
    if rc:
        raise _capi.error(cdll, rc)
    keys = (ctypes.c_int * count.value)()
    rc = cdll.mseq_param_list(keys, count.value, ctypes.byref(count))
    if rc:
        raise _capi.error(cdll, rc)
    rows = (_describe(cdll, key) for key in keys[: count.value])
    return {row.name: row for row in rows}


_lock = threading.Lock()
_rows: Optional[Dict[str, Row]] = None


def rows() -> Mapping[str, Row]:
    """The table, by parameter name, read from the library on first use."""
    global _rows
    found = _rows
    if found is None:
        with _lock:
            if _rows is None:
                _rows = _read(_lib.cdll())
            found = _rows
    return found


def row(name: str) -> Row:
    """The row of the parameter ``name`` ("min_spacing", "fit", ...)."""
    return rows()[name]


def check_f64(row: Row, value: float) -> None:
    """Asks the library whether the F64 key of ``row`` takes ``value``
    (``mseq_params_set_f64`` on a scratch parameter set) and raises its
    error if not: the bounds and the refusal of NaN and infinities are the
    library's."""
    cdll = _lib.cdll()
    handle = _capi.ParamsP()
    rc = cdll.mseq_params_new(ctypes.byref(handle))
    if rc:
        raise _capi.error(cdll, rc)
    try:
        rc = cdll.mseq_params_set_f64(handle, row.key, value)
        if rc:
            raise _capi.error(cdll, rc)
    finally:
        cdll.mseq_params_free(handle)
