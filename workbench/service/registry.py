"""Every public method of the service that changes anything is declared with `@write`, so that
tests (and reviewers) can enumerate them: a new write method cannot escape the read-only test."""

from __future__ import annotations

from typing import Callable, TypeVar

F = TypeVar("F", bound=Callable)

# What a write does to a case, for the tests that try each one on an archived case:
#   "case"    - changes an existing case (must refuse an archived one: read-only);
#   "create"  - makes a new case (refuses a number that exists, archived or not);
#   "derived" - writes derived rows only (the search index), never the log, documents or events.
KINDS = ("case", "create", "derived")


def write(kind: str = "case") -> Callable[[F], F]:
    if kind not in KINDS:
        raise ValueError(kind)

    def mark(fn: F) -> F:
        fn.__write_kind__ = kind  # type: ignore[attr-defined]
        return fn
    return mark


def write_methods(cls: type) -> dict[str, str]:
    """{method name: kind} of every @write method of `cls` (its bases included)."""
    out: dict[str, str] = {}
    for name in dir(cls):
        kind = getattr(getattr(cls, name, None), "__write_kind__", None)
        if kind is not None:
            out[name] = kind
    return out
