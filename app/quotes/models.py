"""Attributed quotes, the rows every search returns."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import ID_TYPE, Base, UTCDateTime

if TYPE_CHECKING:
    from app.articles.models import Article
    from app.events.models import Event
    from app.people.models import Person


class Quote(Base):
    __tablename__ = "quotes"
    # The indexes that serve "newest first" per speaker, per event and overall are created by
    # migration 0004 in each dialect's own NULLS order; PostgreSQL also stores a tsvector there.
    __table_args__ = (
        # An article's quotes are numbered once: a retried job cannot store them twice.
        Index("uq_quotes_article_position", "article_id", "position", unique=True),
    )

    id: Mapped[int] = mapped_column(ID_TYPE, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(16), index=True)
    spans: Mapped[list[list[int]]] = mapped_column(JSON)
    cue_text: Mapped[str | None] = mapped_column(String(255))
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    speaker_name: Mapped[str | None] = mapped_column(String(255))
    speaker_kind: Mapped[str] = mapped_column(String(16))
    mention_text: Mapped[str | None] = mapped_column(String(255))
    mention_start: Mapped[int | None] = mapped_column(Integer)
    mention_end: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)
    context: Mapped[str | None] = mapped_column(Text)
    # Copied from the article (which never changes) so date-ordered searches need no join.
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    article: Mapped[Article] = relationship(back_populates="quotes")
    person: Mapped[Person | None] = relationship()
    event: Mapped[Event | None] = relationship()
