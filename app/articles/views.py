from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response, status

from app.api.deps import WriteAccess, loaded_extractor
from app.api.pagination import PageDep
from app.api.params import IdPath
from app.articles import service
from app.articles.schemas import ArticleCreate, ArticlePage, ArticlePublic
from app.db.session import SessionDep

router = APIRouter(prefix="/articles", tags=["articles"])


@router.post(
    "",
    response_model=ArticlePublic,
    status_code=status.HTTP_201_CREATED,
    dependencies=[WriteAccess],
    summary="Store an article, extract and index its quotes",
    responses={200: {"description": "The article was stored before; the stored one is returned"}},
)
def create_article(body: ArticleCreate, session: SessionDep, response: Response) -> ArticlePublic:
    article, created = service.create_article(session, body, loaded_extractor())
    if not created:
        response.status_code = status.HTTP_200_OK
    response.headers["Location"] = f"/v1/articles/{article.id}"
    stored = service.get_article(session, article.id)
    assert stored is not None
    return service.to_public(stored)


@router.get("", response_model=ArticlePage, summary="List stored articles, newest first")
def list_articles(
    session: SessionDep,
    page: PageDep,
    outlet: Annotated[str | None, Query(description="Only this outlet")] = None,
) -> ArticlePage:
    rows = service.list_articles(session, outlet, page.limit, page.offset)
    return page.respond(rows, lambda row: service.to_summary(*row))


@router.get("/{article_id}", response_model=ArticlePublic, summary="One article with its quotes")
def get_article(article_id: IdPath, session: SessionDep) -> ArticlePublic:
    article = service.get_article(session, article_id)
    if article is None:
        raise HTTPException(404, f"No article with id {article_id}.")
    return service.to_public(article)
