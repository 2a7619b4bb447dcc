"""People and organisations that speak: one row per entity across all articles."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import ID_TYPE, Base, CreatedAtMixin


class Person(CreatedAtMixin, Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(ID_TYPE, primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    # Normalised canonical name; unique so that concurrent ingestion cannot create twins.
    name_key: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="person")

    aliases: Mapped[list[PersonAlias]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonAlias.id"
    )
    roles: Mapped[list[PersonRole]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonRole.id"
    )


class PersonAlias(Base):
    """Every way articles name a person ("Putin", "President Putin"), for search."""

    __tablename__ = "person_aliases"
    __table_args__ = (UniqueConstraint("person_id", "alias_key"),)

    id: Mapped[int] = mapped_column(ID_TYPE, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(255))
    alias_key: Mapped[str] = mapped_column(String(255), index=True)

    person: Mapped[Person] = relationship(back_populates="aliases")


class PersonRole(Base):
    """A title or role seen with the person ("Russian President")."""

    __tablename__ = "person_roles"
    __table_args__ = (UniqueConstraint("person_id", "role"),)

    id: Mapped[int] = mapped_column(ID_TYPE, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(255))

    person: Mapped[Person] = relationship(back_populates="roles")
