"""The REST API under /api/v1/: same visibility rules as the pages (CV, DP1)."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Partenaria API",
    version="1",
    urls_namespace="api-1",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
