"""Insert-or-fetch under concurrency: the unique constraint decides, a savepoint takes the loss."""

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

T = TypeVar("T")


def get_or_create(session: Session, find: Callable[[], T | None], make: Callable[[], T]) -> T:
    """Return ``find()``, or add ``make()``; when a concurrent writer wins the race, use theirs."""
    found = find()
    if found is not None:
        return found
    try:
        with session.begin_nested():
            created = make()
            session.add(created)
            session.flush()
        return created
    except IntegrityError:
        found = find()
        if found is None:
            raise
        return found
