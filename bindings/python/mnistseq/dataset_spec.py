"""What a dataset job is (:class:`DatasetSpec`) and what it made
(:class:`DatasetInfo`, :func:`read_info`): plain, picklable values, with no
library handle."""

from __future__ import annotations

import dataclasses
import json
import os
from typing import Any, Dict, Mapping, Optional, Tuple

from . import _capi, _checks, _digits, _indexes
from . import params as _params
from ._checks import PathLike
from ._digits import DigitsLike
from .errors import MSEQ_ERANGE, OutOfRangeError
from .params import Params
from .template import Template

__all__ = ["DatasetSpec", "DatasetInfo", "read_info", "OUTPUTS"]

#: The output layouts, by name.
OUTPUTS: Mapping[str, int] = {
    "png": _capi.OUTPUT_PNG,
    "npy": _capi.OUTPUT_NPY,
    "tar": _capi.OUTPUT_TAR,
}
#: The NPY array type when ``params.dtype`` is None (PNG and tar images are
#: always 8-bit).
DATASET_DTYPE = "uint8"

_PARAM_FIELDS = frozenset(f.name for f in dataclasses.fields(Params))


@dataclasses.dataclass(frozen=True)
class DatasetSpec:
    """Everything that defines a dataset job except the source data itself, as
    plain values (picklable, hashable). Build it with :meth:`make`, which
    checks and normalises the Python types; every spec checks its values
    when it is made (InvalidArgumentError, OutOfRangeError, TypeError
    naming the argument of :meth:`make`).

    The fields of ``params`` read as the spec's own attributes too
    (``spec.image_width``, ``spec.shard_size``, ...).

    Attributes:
        directory: the dataset directory (str).
        count: number of images; sample indexes 0..count-1.
        params: the image parameters, with the dataset writer's
            ``shard_size``, ``png_level`` and ``threads`` (threads per
            shard; never changes the bytes). Its ``dtype`` (the NPY array's
            type) is never None in a spec: "uint8" unless given.
        digits: the sequence of every image, or None for random sequences.
        template: a :class:`Template` whose texts the images hold instead
            of random sequences (digits None); the labels' "text" holds
            them, a "digits" column or field their digits.
        seed: the dataset's seed, as an unsigned 64-bit int.
        format: "png", "npy" or "tar".
    """

    directory: str
    count: int
    params: Params
    digits: Optional[Tuple[int, ...]] = None
    seed: int = 0
    format: str = "png"
    template: Optional[Template] = None

    @classmethod
    def make(
        cls,
        directory: PathLike,
        count: int,
        digits: Optional[DigitsLike],
        spacing_range: Optional[Tuple[int, int]] = None,
        image_width: Optional[int] = None,
        *,
        params: Optional[Params] = None,
        format: str = "png",
        seed: int = 0,
        template: Optional[Template] = None,
        **options: Any,
    ) -> "DatasetSpec":
        """A spec from arguments as :meth:`Generator.generate_dataset` takes
        them, with their Python types checked and normalised."""
        if directory is None:
            raise TypeError("directory must be a path, not None")
        path = _checks.path("directory", directory)
        assert path is not None
        found = _params.resolve(
            "make", params, spacing_range, image_width, options, _params.DATASET_FIELDS
        )
        if digits is not None:
            _params.check_random_only(found)
        _checks.choice("format", format, OUTPUTS)
        return cls(
            directory=os.fsdecode(path),
            count=_checks.uint64("count", count),
            params=found,
            digits=None if digits is None else tuple(_digits.digits(digits).tolist()),
            seed=_checks.seed(seed),
            format=format,
            template=template,
        )

    def __post_init__(self) -> None:
        """Checks the values (also of a spec made without :meth:`make`),
        with messages naming the arguments of :meth:`make`."""
        if not self.directory:
            raise _checks.invalid("directory='': an empty path")
        if self.template is not None:
            if not isinstance(self.template, Template):
                raise TypeError(
                    f"template must be a Template, not {type(self.template).__name__}"
                )
            if self.digits is not None:
                raise _checks.invalid(
                    "digits given with a template: the template draws each image's text"
                )
        count = _checks.bounded("count", self.count, 1, _capi.MAX_DATASET)
        if not isinstance(self.params, Params):
            raise TypeError(
                f"params must be a mnistseq.Params, not {type(self.params).__name__}"
            )
        if self.params.dtype is None:
            params = dataclasses.replace(self.params, dtype=DATASET_DTYPE)
            object.__setattr__(self, "params", params)
        if self.digits is not None:
            _digits.digits(self.digits)
            _params.check_random_only(self.params)
        _checks.seed(self.seed)
        _checks.choice("format", self.format, OUTPUTS)
        size = self.params.shard_size
        assert size is not None
        shards = -(-count // size)
        if shards > _capi.MAX_SHARDS:
            raise OutOfRangeError(
                f"count={count} with shard_size={size} makes {shards} shards, "
                f"more than {_capi.MAX_SHARDS}: use a shard_size of at least "
                f"{-(-count // _capi.MAX_SHARDS)}",
                MSEQ_ERANGE,
            )
        if self.template is not None and self.params.unique and count > self.template.count:
            raise OutOfRangeError(
                f"unique: count={count} is more than the {self.template.count} "
                f"distinct texts of template {self.template.text!r}",
                MSEQ_ERANGE,
            )
        if self.digits is None and self.params.unique and self.template is None:
            what = f"count={count} uses sample indexes up to {count - 1}"
            _indexes.unique_span(
                self.params.lengths, self.params.no_leading_zero, count - 1, what
            )

    def __getattr__(self, name: str) -> Any:
        """A field of ``params`` (``spec.image_width``)."""
        if name in _PARAM_FIELDS:
            params = self.__dict__.get("params")
            if params is not None:
                return getattr(params, name)
        raise AttributeError(f"'DatasetSpec' object has no attribute {name!r}")

    def shard_count(self) -> int:
        """ceil(count / shard_size), as the library computes it."""
        size = self.params.shard_size or 0
        if size <= 0:
            return 0
        return -(-self.count // size)


@dataclasses.dataclass(frozen=True)
class DatasetInfo:
    """A written dataset.

    Attributes:
        directory: the dataset directory.
        count: number of images.
        format: "png", "npy" or "tar".
        shards: number of shards.
        manifest: manifest.json, parsed: every parameter, the seed, the
            split, the library version and the data files' SHA-256.
    """

    directory: str
    count: int
    format: str
    shards: int
    manifest: Dict[str, Any]


def read_info(directory: PathLike) -> DatasetInfo:
    """The :class:`DatasetInfo` of a dataset directory, from its
    manifest.json."""
    path = os.fsdecode(os.fspath(directory))
    with open(os.path.join(path, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    return info_of(path, manifest)


def info_of(directory: str, manifest: Dict[str, Any]) -> DatasetInfo:
    """The :class:`DatasetInfo` of a parsed manifest."""
    return DatasetInfo(
        directory=directory,
        count=int(manifest["count"]),
        format=str(manifest["output"]),
        shards=int(manifest["shards"]),
        manifest=manifest,
    )
