from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response, status

from app.api.deps import WriteAccess
from app.api.params import IdPath
from app.batches import service
from app.batches.schemas import BatchCreate, BatchPublic
from app.core.config import get_settings
from app.db.session import SessionDep

router = APIRouter(prefix="/batches", tags=["batches"])


@router.post(
    "",
    response_model=BatchPublic,
    status_code=status.HTTP_202_ACCEPTED,
    dependencies=[WriteAccess],
    summary="Store many articles now and extract their quotes in the background",
    description="Articles are stored at once (repeats of stored articles are recognised) and "
    "processed by background workers; poll `GET /v1/batches/{id}` for progress.",
)
def create_batch(
    body: BatchCreate, session: SessionDep, request: Request, response: Response
) -> BatchPublic:
    settings = get_settings()
    if len(body.articles) > settings.batch_max_articles:
        raise HTTPException(
            413,
            f"A batch holds at most {settings.batch_max_articles} articles; "
            f"this one has {len(body.articles)}.",
        )
    batch = service.create_batch(session, body.articles, settings.job_articles)
    runner = getattr(request.app.state, "job_runner", None)
    if runner is not None:
        runner.notify()
    response.headers["Location"] = f"/v1/batches/{batch.id}"
    stored = service.get_batch(session, batch.id)
    assert stored is not None
    return service.to_public(stored)


@router.get("/{batch_id}", response_model=BatchPublic, summary="Progress of a batch")
def read_batch(
    batch_id: IdPath,
    session: SessionDep,
    items: Annotated[
        bool,
        Query(description="List every article; false returns the counts alone (cheap polls)"),
    ] = True,
) -> BatchPublic:
    if items:
        batch = service.get_batch(session, batch_id)
        found = None if batch is None else service.to_public(batch)
    else:
        found = service.progress_only(session, batch_id)
    if found is None:
        raise HTTPException(404, f"No batch with id {batch_id}.")
    return found
