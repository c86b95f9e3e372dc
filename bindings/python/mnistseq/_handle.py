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

A use costs no lock (it is on every generate() call): the uses in flight
are the entries of a list, and ``list.append``/``list.pop`` are atomic. A
use appends, then checks ``closed``; the freeing side sets ``closed``, then
checks that the list is empty. Whichever order the threads run in, a use
that saw the handle open is in the list until it ends, so the handle is not
freed before; and the handle itself is popped from a one-item list, so only
one thread can free it.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Dict, List, Optional

from .errors import MSEQ_EINVAL, ClosedError

__all__ = ["Handle"]


class Handle:
    """A C handle (``value``) freed by ``free(value)`` exactly once: after
    :meth:`close` and after every use begun before it has ended.

    A use is ``with handle as value: ...`` (or :meth:`enter` then
    :meth:`leave`); uses may nest and run on any threads. ``what`` names the
    Python object in the :class:`~mnistseq.ClosedError` message.

    A handle may have a ``parent`` that it needs (a dataset writer needs its
    source data): it then holds a use of the parent from its creation until it
    is freed, and closing the parent closes it.

    Raises:
        ClosedError: ``parent`` is closed (``value`` is then the caller's to
            free).
    """

    __slots__ = (
        "_lock",
        "_value",
        "_slot",
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
        self._lock = threading.Lock()  # close() and the children
        self._value: Any = value  # None once freed
        self._slot: List[Any] = [value]  # popped by the one thread that frees
        self._free = free
        self._users: List[None] = []  # one entry per use in flight
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
        self._users.append(None)
        if self._closed:
            self.leave()
            raise self.error()
        return self._value

    __enter__ = enter

    def leave(self, *exc_info: Any) -> None:
        """Ends a use begun by :meth:`enter`; frees the handle if it was the
        last use of a closed handle. (Also ``__exit__``.)"""
        self._users.pop()
        if self._closed and not self._users:
            self._release()

    __exit__ = leave

    def close(self, reason: str = "") -> None:
        """Marks the handle closed and closes its children; frees it now if
        no use is in flight, else when the last one ends. A no-op when
        already closed. ``reason`` ends the ClosedError message."""
        empty: Dict[int, Handle] = {}
        with self._lock:
            if self._closed:
                return
            self._reason = reason
            self._closed = True
            children, self._children = self._children, empty
        for child in list(children.values()):
            child.close(f" (its {self._what} was closed)")
        if not self._users:
            self._release()

    def _release(self) -> None:
        """Frees the handle unless another thread did, then ends the use
        held of the parent."""
        try:
            value = self._slot.pop()
        except IndexError:  # freed already
            return
        self._value = None
        self._free(value)
        parent, self._parent = self._parent, None
        if parent is not None:
            with parent._lock:
                parent._children.pop(id(self), None)
            parent.leave()

    def _adopt(self, child: "Handle") -> None:
        """Registers a child, which holds a use until it is freed. Under
        the lock, so that close() either sees the child or refuses it."""
        with self._lock:
            if not self._closed:
                self._users.append(None)
                self._children[id(child)] = child
                return
        raise self.error()
