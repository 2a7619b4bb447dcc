"""Parameter types shared by the routers."""

from typing import Annotated

from fastapi import Path

# Id columns are INTEGER: 64 bits on SQLite but 32 on PostgreSQL. A larger number must be a
# 422, not reach the driver (psycopg: "integer out of range"; SQLite: OverflowError).
MAX_ID = 2**31 - 1

IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
