"""Batches of articles ingested in the background, and which article each position became."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import ID_TYPE, Base, CreatedAtMixin

if TYPE_CHECKING:
    from app.articles.models import Article


class Batch(CreatedAtMixin, Base):
    __tablename__ = "batches"

    id: Mapped[int] = mapped_column(ID_TYPE, primary_key=True)

    items: Mapped[list[BatchItem]] = relationship(
        back_populates="batch", cascade="all, delete-orphan", order_by="BatchItem.position"
    )


class BatchItem(Base):
    """Position ``position`` of a batch; a repeat of a stored article points at that article."""

    __tablename__ = "batch_items"
    __table_args__ = (UniqueConstraint("batch_id", "position"),)

    id: Mapped[int] = mapped_column(ID_TYPE, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    duplicate: Mapped[bool] = mapped_column(Boolean, default=False)

    batch: Mapped[Batch] = relationship(back_populates="items")
    article: Mapped[Article] = relationship()
