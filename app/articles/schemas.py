import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl

from app.api.pagination import Page
from app.api.validation import check_article_text
from app.quotes.schemas import EventPublic, QuotePublic

ArticleText = Annotated[
    str,
    AfterValidator(check_article_text),
    Field(description="Plain article text (no HTML); quote offsets refer to it as sent"),
]


class ArticleCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": "“We will hold the line,” the minister said on Monday.",
                    "title": "Minister vows to hold the line",
                    "url": "https://example.com/news/minister-holds-line",
                    "outlet": "Example News",
                    "published_at": "2025-09-06T08:00:00Z",
                    "external_id": "example-123",
                    "event": None,
                }
            ]
        },
    )

    text: ArticleText
    title: str | None = Field(default=None, max_length=1000)
    url: HttpUrl | None = None
    outlet: str | None = Field(default=None, max_length=255)
    published_at: dt.datetime | None = Field(
        default=None, description="ISO 8601 date or date-time; naive times are taken as UTC"
    )
    # An empty id would be one more id to the unique index but no id to the duplicate
    # check; it is refused rather than given either meaning.
    external_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=255,
        description="The client's own id, for idempotent re-posts",
    )
    event: str | None = Field(
        default=None, max_length=255, description="Event hint; it wins over what the text says"
    )


class ArticleSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    external_id: str | None
    title: str | None
    url: str | None
    outlet: str | None
    published_at: dt.datetime | None
    status: str
    created_at: dt.datetime
    event: EventPublic | None
    quote_count: int


class ArticlePublic(ArticleSummary):
    text: str
    quotes: list[QuotePublic]


ArticlePage = Page[ArticleSummary]
