"""How quotes look on the wire: extracted (``/v1/extract``) and stored (search results)."""

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.api.pagination import Page

QuoteTypeName = Literal["direct", "mixed", "indirect"]
SpeakerKindName = Literal["person", "organization", "unknown"]


class TextSpanPublic(BaseModel):
    text: str
    start: int = Field(description="Offset of the first character (Python string index)")
    end: int = Field(description="Offset just past the last character")


class SpeakerPublic(BaseModel):
    name: str | None = Field(description="Canonical name, or null when unknown")
    kind: SpeakerKindName
    mention: TextSpanPublic | None = Field(
        description="The words in the text that name the speaker for this quote ('he', 'Putin')"
    )
    person_id: int | None = Field(default=None, description="The stored person, once indexed")


class EventPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int | None = None
    name: str
    place: str | None = None
    date: dt.date | None = None


class ExtractedQuote(BaseModel):
    text: str = Field(description="The quoted or reported words")
    type: QuoteTypeName
    spans: list[tuple[int, int]] = Field(
        description="[start, end] offsets of the content; a split quote has several"
    )
    cue: TextSpanPublic | None
    speaker: SpeakerPublic
    event: EventPublic | None
    confidence: float = Field(ge=0, le=1)
    context: str | None = Field(default=None, description="The sentence the quote stands in")


class ArticleRef(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str | None
    url: str | None
    outlet: str | None
    published_at: dt.datetime | None


class QuotePublic(ExtractedQuote):
    id: int
    article: ArticleRef


QuotePage = Page[QuotePublic]
