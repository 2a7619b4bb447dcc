from typing import Literal

from pydantic import BaseModel, Field


class PersonPublic(BaseModel):
    id: int
    name: str
    kind: Literal["person", "organization", "unknown"]
    aliases: list[str]
    roles: list[str] = Field(description="Titles and roles seen with the name")
    quote_count: int
    score: float | None = Field(default=None, description="Name similarity 0-100 for ?q= searches")


class PersonPage(BaseModel):
    items: list[PersonPublic]
    limit: int
    offset: int
    next_offset: int | None
