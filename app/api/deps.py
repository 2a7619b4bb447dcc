"""Dependencies shared by the routers: the extractor and the write-access check."""

import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, Security
from fastapi.security import APIKeyHeader

from app.core.config import get_settings
from app.extract.service import SharedExtractor, get_extractor
from app.nlp.pipeline import ModelsNotFoundError

_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)


def loaded_extractor() -> SharedExtractor:
    """The extractor, or 503; called inside endpoints so bad input is rejected before any load."""
    try:
        return get_extractor()
    except ModelsNotFoundError as exc:
        raise HTTPException(503, f"The NLP models are not available: {exc}") from exc


def require_api_key(key: Annotated[str | None, Security(_api_key_header)]) -> None:
    """Writes need the configured key; with none configured the service is open (embedded use)."""
    expected = get_settings().api_key
    if expected is None:
        return
    if key is None or not secrets.compare_digest(key.encode(), expected.encode()):
        raise HTTPException(401, "A valid X-API-Key header is required for writes.")


WriteAccess = Depends(require_api_key)
