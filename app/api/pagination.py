"""Limit/offset paging, shared by every list endpoint."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, Field

T = TypeVar("T")
R = TypeVar("R")

MAX_LIMIT = 100


class Page(BaseModel, Generic[T]):
    items: list[T]
    limit: int
    offset: int
    next_offset: int | None = Field(description="Offset of the next page, or null on the last")


@dataclass(frozen=True, slots=True)
class PageParams:
    limit: int
    offset: int

    def respond(self, rows: list[R], to_public: Callable[[R], T]) -> Page[T]:
        """The page of ``rows``; callers fetch ``limit + 1`` rows to tell if another follows."""
        next_offset = self.offset + self.limit if len(rows) > self.limit else None
        items = [to_public(row) for row in rows[: self.limit]]
        page: Page[Any] = Page(
            items=items, limit=self.limit, offset=self.offset, next_offset=next_offset
        )
        return page


def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page")] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000, description="Items to skip")] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


PageDep = Annotated[PageParams, Depends(page_params)]
