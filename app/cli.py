"""The ``quotewise`` command line: run the service, ingest files, extract one file, train models."""

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from app.core.config import get_settings
from app.core.progress import progress_bar
from app.training.cli import app as models_app

app = typer.Typer(help="Quotewise: who said what, in the news.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(models_app, name="models")
app.add_typer(db_app, name="db")
console = Console(stderr=True)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    reload: Annotated[bool, typer.Option(help="Reload on code changes (development)")] = False,
) -> None:
    """Run the HTTP API (migrates the database and loads the models first)."""
    import uvicorn

    uvicorn.run("app.main:app", host=host, port=port, reload=reload)


@app.command()
def worker(
    concurrency: Annotated[int, typer.Option(help="Jobs run at once by this process")] = 1,
    threads: Annotated[int, typer.Option(help="Torch threads (0: QUOTEWISE_TORCH_THREADS)")] = 0,
) -> None:
    """Process background batches from the PostgreSQL queue (one Stanza pipeline per process)."""
    import os

    from app.jobs.worker import run_worker

    if threads:
        os.environ["QUOTEWISE_TORCH_THREADS"] = str(threads)
        get_settings.cache_clear()
    run_worker(concurrency)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every Alembic migration to the configured database."""
    from app.db.migrate import upgrade

    upgrade(get_settings().database_url)
    console.print("[green]database is at the newest schema[/green]")


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A UTF-8 text file")],
) -> None:
    """Print the JSON that ``POST /v1/extract`` gives for FILE (its whole text)."""
    from app.extract.schemas import ExtractRequest
    from app.extract.service import get_extractor
    from app.quotes.service import extracted_to_public

    request = ExtractRequest(text=file.read_text(encoding="utf-8"))
    result = get_extractor().extract(request.text)
    payload = {
        "quotes": [extracted_to_public(q).model_dump(mode="json") for q in result.quotes],
        "people": [
            {"name": p.name, "kind": p.kind, "aliases": p.aliases, "roles": p.roles}
            for p in result.people
        ],
        "events": [
            {"name": e.name, "place": e.place, "date": e.date and e.date.isoformat()}
            for e in result.events
        ],
    }
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))


@app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Text files, folders of them, or JSON Lines files")
    ],
) -> None:
    """Store articles and their quotes; a re-run skips what is already stored."""
    from app.articles.service import create_article
    from app.db.migrate import upgrade
    from app.db.session import get_sessionmaker
    from app.extract.service import get_extractor
    from app.ingest import expand_paths, read_items

    settings = get_settings()
    upgrade(settings.database_url)
    files = expand_paths(paths)
    items = list(read_items(files))
    extractor = get_extractor()
    stored = repeated = quotes = 0
    failures: list[tuple[str, str]] = []
    with progress_bar(console) as progress:
        task = progress.add_task("ingesting", total=len(items))
        for item in items:
            if item.article is None:
                failures.append((item.origin, item.error or "unreadable"))
            else:
                with get_sessionmaker()() as session:
                    try:
                        article, created = create_article(session, item.article, extractor)
                    except Exception as exc:  # one bad article must not stop a backfill
                        session.rollback()
                        failures.append((item.origin, f"{type(exc).__name__}: {exc}"))
                    else:
                        stored += created
                        repeated += not created
                        quotes += len(article.quotes) if created else 0
            progress.advance(task)
    console.print(
        f"{len(items)} articles read: {stored} stored with {quotes} quotes, "
        f"{repeated} already stored, {len(failures)} failed"
    )
    for origin, error in failures:
        console.print(f"  [red]failed[/red] {origin}: {error}")
    if failures:
        raise typer.Exit(code=1)


if __name__ == "__main__":
    app()
