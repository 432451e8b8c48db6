"""Server-rendered pages (routers are added by the modules in this package)."""

from fastapi import APIRouter

from onconav.web.pages import account, ask, people, records, second_opinion, situation

router = APIRouter()
for module in (ask, records, situation, second_opinion, account, people):
    router.include_router(module.router)
