"""The API reference at /api/docs, rendered on the server from the OpenAPI schema.

FastAPI's default docs page loads Swagger UI from a CDN and starts it with an inline
script; onconav fetches nothing from elsewhere and its content policy allows no inline
script, so that page would stay blank. This one is plain HTML with no script at all; the
machine-readable schema stays at /api/openapi.json.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from onconav.web.sessions import CSRF_HEADER

router = APIRouter()

_METHODS = ("get", "post", "put", "patch", "delete")
_REF_PREFIX = "#/components/schemas/"


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    changes_data: bool
    parameters: tuple[Field, ...]
    body: str | None
    responses: tuple[tuple[str, str, str], ...]  # status, description, type

    @property
    def anchor(self) -> str:
        return f"{self.method}-{self.path}".replace("/", "-").replace("{", "").replace("}", "")


@dataclass(frozen=True)
class Schema:
    name: str
    description: str
    fields: tuple[Field, ...]
    kind: str


def type_text(schema: dict[str, Any]) -> str:
    """A schema as a short phrase: "list of Fact", "string or null", "one of: pdf, html"."""
    if "$ref" in schema:
        return str(schema["$ref"]).removeprefix(_REF_PREFIX)
    if "anyOf" in schema or "oneOf" in schema:
        return " or ".join(type_text(s) for s in schema.get("anyOf", schema.get("oneOf", [])))
    if "enum" in schema:
        return "one of: " + ", ".join(str(v) for v in schema["enum"])
    if "const" in schema:
        return repr(schema["const"])
    kind = schema.get("type")
    if kind == "array":
        return "list of " + type_text(schema.get("items", {}))
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return "map of string to " + type_text(schema["additionalProperties"])
    if isinstance(kind, str):
        return kind + (f" ({schema['format']})" if "format" in schema else "")
    return "any"


def _fields(schema: dict[str, Any]) -> tuple[Field, ...]:
    required = set(schema.get("required", ()))
    return tuple(
        Field(name, type_text(prop), name in required, str(prop.get("description", "")))
        for name, prop in schema.get("properties", {}).items()
    )


def _body(operation: dict[str, Any]) -> str | None:
    content = operation.get("requestBody", {}).get("content", {})
    for media_type, spec in content.items():
        return f"{media_type}: {type_text(spec.get('schema', {}))}"
    return None


def _responses(operation: dict[str, Any]) -> tuple[tuple[str, str, str], ...]:
    found = []
    for status, spec in operation.get("responses", {}).items():
        content = spec.get("content", {})
        kinds = [
            type_text(item["schema"]) if item.get("schema") else media_type
            for media_type, item in content.items()
        ]
        found.append((status, str(spec.get("description", "")), " or ".join(kinds)))
    return tuple(found)


def operations(schema: dict[str, Any]) -> list[tuple[str, list[Operation]]]:
    """The operations grouped by tag, in the order the schema lists them."""
    groups: dict[str, list[Operation]] = {}
    for path, methods in schema.get("paths", {}).items():
        for method in _METHODS:
            if method not in methods:
                continue
            spec = methods[method]
            operation = Operation(
                method=method.upper(),
                path=path,
                summary=str(spec.get("summary", "")),
                description=str(spec.get("description", "")),
                changes_data=method != "get",
                parameters=tuple(
                    Field(
                        f"{p['name']} ({p['in']})",
                        type_text(p.get("schema", {})),
                        bool(p.get("required")),
                        str(p.get("description", p.get("schema", {}).get("description", ""))),
                    )
                    for p in spec.get("parameters", [])
                ),
                body=_body(spec),
                responses=_responses(spec),
            )
            groups.setdefault((spec.get("tags") or ["other"])[0], []).append(operation)
    return list(groups.items())


def schemas(schema: dict[str, Any]) -> list[Schema]:
    return [
        Schema(
            name=name,
            description=str(spec.get("description", "")),
            fields=_fields(spec),
            kind=type_text({k: v for k, v in spec.items() if k != "title"}),
        )
        for name, spec in sorted(schema.get("components", {}).get("schemas", {}).items())
    ]


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("onconav.web.api", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )


def _page(title: str, version: str, description: str, schema: dict[str, Any]) -> str:
    return (
        _environment()
        .get_template("api_reference.html.j2")
        .render(
            title=title,
            version=version,
            description=description,
            groups=operations(schema),
            schemas=schemas(schema),
            csrf_header=CSRF_HEADER,
        )
    )


@router.get("/api/docs", include_in_schema=False, response_class=HTMLResponse)
def api_reference(request: Request) -> HTMLResponse:
    app = request.app
    return HTMLResponse(_page(app.title, app.version, app.description, app.openapi()))
