"""Server-rendered pages (routers are added by the modules in this package)."""

from fastapi import APIRouter

router = APIRouter()
