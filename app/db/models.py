"""Imports every table model so that ``Base.metadata`` is complete (for Alembic and tests)."""

from app.articles.models import Article
from app.batches.models import Batch, BatchItem
from app.db.base import Base
from app.events.models import Event
from app.people.models import Person, PersonAlias, PersonRole
from app.quotes.models import Quote

__all__ = [
    "Article",
    "Base",
    "Batch",
    "BatchItem",
    "Event",
    "Person",
    "PersonAlias",
    "PersonRole",
    "Quote",
]
