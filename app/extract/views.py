from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from app.api.deps import loaded_extractor
from app.extract.schemas import ExtractionPublic, ExtractRequest, PersonExtracted
from app.quotes.schemas import EventPublic
from app.quotes.service import extracted_to_public

router = APIRouter(tags=["extract"])


@router.post(
    "/extract",
    response_model=ExtractionPublic,
    summary="Find and attribute the quotes in a text, without storing anything",
)
async def extract(body: ExtractRequest) -> ExtractionPublic:
    extractor = await run_in_threadpool(loaded_extractor)
    published = None if body.published_at is None else body.published_at.date()
    result = await run_in_threadpool(
        extractor.extract, body.text, published_at=published, title=body.title
    )
    return ExtractionPublic(
        quotes=[extracted_to_public(q) for q in result.quotes],
        people=[
            PersonExtracted(name=p.name, kind=p.kind, aliases=p.aliases, roles=p.roles)
            for p in result.people
        ],
        events=[EventPublic(name=e.name, place=e.place, date=e.date) for e in result.events],
    )
