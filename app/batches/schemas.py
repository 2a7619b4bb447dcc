import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.articles.schemas import ArticleCreate


class BatchCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "articles": [
                        {"text": "“We will hold the line,” the minister said.", "outlet": "A"},
                        {"text": "Putin said the talks had stalled.", "external_id": "b-2"},
                    ]
                }
            ]
        },
    )

    articles: list[ArticleCreate] = Field(
        min_length=1, description="Up to QUOTEWISE_BATCH_MAX_ARTICLES articles (default 1,000)"
    )


class BatchItemPublic(BaseModel):
    position: int = Field(description="Index of the article in the submitted list")
    article_id: int
    status: Literal["pending", "processed", "failed"]
    duplicate: bool = Field(description="The article was stored before; no new work was queued")
    error: str | None = None


class BatchPublic(BaseModel):
    id: int
    created_at: dt.datetime
    status: Literal["pending", "done"] = Field(description="done once no article is pending")
    total: int
    pending: int
    processed: int
    failed: int
    duplicates: int
    items: list[BatchItemPublic] | None = Field(
        description="Each submitted article in order; null when polled with ?items=false"
    )
