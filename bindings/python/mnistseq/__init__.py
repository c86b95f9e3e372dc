"""mnistseq: images of handwritten digit sequences made from MNIST.

Python binding (ctypes + numpy) of the mnistseq C library::

    >>> import mnistseq
    >>> img = mnistseq.generate_mnist_sequence([3, 5, 0], (2, 8), 200, seed=1)
    >>> img.shape, img.dtype
    ((28, 200), dtype('float32'))

:func:`generate_mnist_sequence` is the specification's function. A
:class:`Generator` holds one opened split of source data and generates single images,
images with their layout, multithreaded batches, streams and dataset
folders; a :class:`Params` holds the parameters those calls share. ``mnistseq.torch``
(needs PyTorch) adapts it to ``torch.utils.data``.

The shared library is found through ``MNISTSEQ_LIBRARY``, then a copy inside
this package, then the system loader (see ``mnistseq._lib``); it is loaded
on first use.
"""

from __future__ import annotations

from . import _lib
from .errors import (
    BufferSizeError,
    CanceledError,
    ClosedError,
    DataFormatError,
    DataIOError,
    DataNotFoundError,
    InternalError,
    InvalidArgumentError,
    LibraryError,
    MnistSeqError,
    NoFitError,
    OutOfMemoryError,
    OutOfRangeError,
    OutputExistsError,
)
from ._version import __version__
from .dataset_spec import DatasetInfo, DatasetSpec, read_info
from .generator import Generator
from .params import Params
from .png import read_png_text, write_png
from .results import (
    INK_BOX_DTYPE,
    PLACEMENT_DTYPE,
    AnnotatedSample,
    Batch,
    Sample,
    TextSample,
)
from .template import Template
from .sequence import clear_cache, generate_mnist_sequence, shared_generator
from .stream import BatchStream
from .verify import verify_dataset
from .writer import DatasetWriter

__all__ = [
    "generate_mnist_sequence",
    "Generator",
    "Params",
    "Sample",
    "AnnotatedSample",
    "TextSample",
    "Template",
    "Batch",
    "PLACEMENT_DTYPE",
    "INK_BOX_DTYPE",
    "shared_generator",
    "clear_cache",
    "write_png",
    "read_png_text",
    "BatchStream",
    "DatasetInfo",
    "DatasetSpec",
    "DatasetWriter",
    "read_info",
    "verify_dataset",
    "library_version",
    "library_path",
    "MnistSeqError",
    "InvalidArgumentError",
    "OutOfRangeError",
    "NoFitError",
    "BufferSizeError",
    "DataNotFoundError",
    "DataIOError",
    "DataFormatError",
    "OutOfMemoryError",
    "OutputExistsError",
    "InternalError",
    "CanceledError",
    "ClosedError",
    "LibraryError",
    "__version__",
]


def library_version() -> str:
    """The version of the loaded C library, "MAJOR.MINOR.PATCH"."""
    return str(_lib.cdll().mseq_version_string().decode("ascii"))


def library_path() -> str:
    """The path (or, when found by the system loader, the file name) the C
    library was loaded from."""
    return _lib.get().path
