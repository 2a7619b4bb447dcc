"""Optional PostgreSQL extensions: used where the server has them, never required.

A migration that would benefit from an extension (RUM, for full-text ranking) asks here first,
so that a server without the package, or a role that may not create extensions, still gets a
working schema with the plain plans.
"""

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError


def create_extension_if_available(conn: Connection, name: str) -> bool:
    """Create extension ``name`` if this server offers it; whether it is now installed.

    ``CREATE EXTENSION`` runs in a savepoint: where it fails (a role that is not allowed to
    create it), the migration's transaction goes on without it.
    """
    offered = conn.execute(
        text("SELECT installed_version IS NOT NULL FROM pg_available_extensions WHERE name = :n"),
        {"n": name},
    ).first()
    if offered is None:
        return False
    if offered[0]:
        return True
    try:
        with conn.begin_nested():
            conn.execute(text(f'CREATE EXTENSION IF NOT EXISTS "{name}"'))
    except DBAPIError:  # any refusal (permission, missing files) means "not available"
        return False
    return True
