"""The lifetime of a C handle that several Python threads use at once.

The library releases the GIL while it works, so a handle may be closed by
one thread (``close()``, a ``with`` block ending, garbage collection) while
another thread, such as a stream's prefetching thread, is inside a C call
that uses it. Freeing it then would be a use after free. A :class:`Handle`
counts the calls in flight: :meth:`Handle.close` marks it closed at once
(every later use raises :class:`~mnistseq.ClosedError`) and the handle is
freed by whichever of ``close()`` and the last call in flight comes last.
So C never sees a freed handle, and close never blocks (a progress callback
may close the handle its own job is using).

Nothing allocates a container while a handle's lock is held: an allocation
may run the garbage collector, whose finalisers may close handles and take
the same lock.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Dict, Optional

from .errors import MSEQ_EINVAL, ClosedError

__all__ = ["Handle"]


class Handle:
    """A C handle (``value``) freed by ``free(value)`` exactly once: after
    :meth:`close` and after every use begun before it has ended.

    A use is ``with handle as value: ...`` (or :meth:`enter` then
    :meth:`leave`); uses may nest and run on any threads. ``what`` names the
    Python object in the :class:`~mnistseq.ClosedError` message.

    A handle may have a ``parent`` that it needs (a dataset writer needs its
    data set): it then holds a use of the parent from its creation until it
    is freed, and closing the parent closes it.

    Raises:
        ClosedError: ``parent`` is closed (``value`` is then the caller's to
            free).
    """

    __slots__ = (
        "_lock",
        "_value",
        "_free",
        "_users",
        "_closed",
        "_what",
        "_reason",
        "_parent",
        "_children",
    )

    def __init__(
        self,
        value: Any,
        free: Callable[[Any], None],
        what: str,
        parent: Optional["Handle"] = None,
    ) -> None:
        self._lock = threading.Lock()
        self._value: Any = value
        self._free = free
        self._users = 0
        self._closed = False
        self._what = what
        self._reason = ""
        self._parent = parent
        self._children: Dict[int, "Handle"] = {}  # by id
        if parent is not None:
            parent._adopt(self)

    @property
    def closed(self) -> bool:
        """True once :meth:`close` was called (the handle may still be in
        use by calls begun before)."""
        return self._closed

    @property
    def value(self) -> Any:
        """The C handle while it is not freed, else None. Only for a caller
        that holds a use or knows the handle is open."""
        return self._value

    def error(self) -> ClosedError:
        """The error of a use after close."""
        return ClosedError(f"the {self._what} is closed{self._reason}", MSEQ_EINVAL)

    def enter(self) -> Any:
        """Begins a use and returns the C handle.

        Raises:
            ClosedError: the handle is closed.
        """
        with self._lock:
            if not self._closed:
                self._users += 1
                return self._value
        raise self.error()

    __enter__ = enter

    def leave(self, *exc_info: Any) -> None:
        """Ends a use begun by :meth:`enter`; frees the handle if it was the
        last use of a closed handle. (Also ``__exit__``.)"""
        with self._lock:
            self._users -= 1
            if not self._closed or self._users:
                return
            value, self._value = self._value, None
        self._release(value)

    __exit__ = leave

    def close(self, reason: str = "") -> None:
        """Marks the handle closed and closes its children; frees it now if
        no use is in flight, else when the last one ends. A no-op when
        already closed. ``reason`` ends the ClosedError message."""
        empty: Dict[int, Handle] = {}
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._reason = reason
            children, self._children = self._children, empty
            value = None
            if self._users == 0:
                value, self._value = self._value, None
        for child in children.values():
            child.close(f" (its {self._what} was closed)")
        self._release(value)

    def _release(self, value: Any) -> None:
        """Frees ``value`` (None: nothing to free), then ends the use held
        of the parent."""
        if value is None:
            return
        self._free(value)
        parent, self._parent = self._parent, None
        if parent is not None:
            with parent._lock:
                parent._children.pop(id(self), None)
            parent.leave()

    def _adopt(self, child: "Handle") -> None:
        with self._lock:
            if not self._closed:
                self._users += 1
                self._children[id(child)] = child
                return
        raise self.error()
