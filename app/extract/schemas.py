import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.articles.schemas import ArticleText
from app.quotes.schemas import EventPublic, ExtractedQuote


class ExtractRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": "“I see little point,” Putin said on Friday. "
                    "Macron announced that 26 allies would send troops.",
                    "published_at": "2025-09-06",
                    "title": "Putin rejects reassurance force",
                }
            ]
        },
    )

    text: ArticleText
    published_at: dt.datetime | None = Field(
        default=None, description="Resolves relative dates such as 'said Friday'"
    )
    title: str | None = Field(default=None, max_length=1000)


class PersonExtracted(BaseModel):
    name: str
    kind: Literal["person", "organization", "unknown"]
    aliases: list[str]
    roles: list[str]


class ExtractionPublic(BaseModel):
    quotes: list[ExtractedQuote]
    people: list[PersonExtracted]
    events: list[EventPublic]
