"""Steering PostgreSQL's planner for one statement where its cost model is known to be wrong."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.orm import Session


@contextmanager
def plan_methods_off(session: Session, *settings: str) -> Iterator[None]:
    """Turn planner methods (``enable_seqscan``, ...) off for the statements in the block.

    ``set_config(..., true)`` is local to the transaction, and the block turns them on again,
    so later statements of the same request are planned as usual. PostgreSQL only.
    """
    _set(session, settings, "off")
    try:
        yield
    finally:
        _set(session, settings, "on")


def _set(session: Session, settings: tuple[str, ...], value: str) -> None:
    calls = ", ".join(f"set_config(:name{i}, :value, true)" for i in range(len(settings)))
    params = {f"name{i}": name for i, name in enumerate(settings)}
    session.execute(text(f"SELECT {calls}"), {**params, "value": value})
