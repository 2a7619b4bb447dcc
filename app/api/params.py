"""Parameter types shared by the routers."""

from typing import Annotated

from fastapi import Path

# Ids are 64-bit integers in both databases; a larger number must be a 422, not reach the
# driver (SQLite raises OverflowError on it).
MAX_ID = 2**63 - 1

IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
