"""Stored articles: the unit a client sends and the source every quote points back to."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import ID_TYPE, Base, CreatedAtMixin, UTCDateTime

if TYPE_CHECKING:
    from app.events.models import Event
    from app.quotes.models import Quote


class Article(CreatedAtMixin, Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(ID_TYPE, primary_key=True)
    # Three independent ways to recognise a re-post; each is unique when present.
    external_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    url: Mapped[str | None] = mapped_column(String(2048), unique=True)
    text_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(255), index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    event_hint: Mapped[str | None] = mapped_column(String(255))
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), index=True
    )
    # "processed" once quotes are stored; background ingestion also uses "pending" and "failed".
    status: Mapped[str] = mapped_column(String(16), default="processed", index=True)
    error: Mapped[str | None] = mapped_column(Text)

    quotes: Mapped[list[Quote]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="Quote.position"
    )
    event: Mapped[Event | None] = relationship()
