"""The JSON API under /api/v1 (routers are added by the modules in this package)."""

from fastapi import APIRouter

router = APIRouter()
