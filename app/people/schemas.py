from typing import Literal

from pydantic import BaseModel, Field

from app.api.pagination import Page


class PersonPublic(BaseModel):
    id: int
    name: str
    kind: Literal["person", "organization", "unknown"]
    aliases: list[str]
    roles: list[str] = Field(description="Titles and roles seen with the name")
    quote_count: int
    score: float | None = Field(default=None, description="Name similarity 0-100 for ?q= searches")


PersonPage = Page[PersonPublic]
