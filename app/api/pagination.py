"""Limit/offset paging, shared by every list endpoint."""

from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Query

T = TypeVar("T")

MAX_LIMIT = 100


@dataclass(frozen=True, slots=True)
class PageParams:
    limit: int
    offset: int

    def cut(self, rows: list[T]) -> tuple[list[T], int | None]:
        """Rows of this page and the next page's offset; callers fetch ``limit + 1`` rows."""
        if len(rows) > self.limit:
            return rows[: self.limit], self.offset + self.limit
        return rows, None


def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page")] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000, description="Items to skip")] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


PageDep = Annotated[PageParams, Depends(page_params)]
