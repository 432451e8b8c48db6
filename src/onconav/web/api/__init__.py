"""The JSON API under /api/v1 (routers are added by the modules in this package)."""

from fastapi import APIRouter

from onconav.web.api import account, ask, auth, documents, packet, patients, profile, session

router = APIRouter()
for module in (session, auth, ask, patients, documents, profile, packet, account):
    router.include_router(module.router)
