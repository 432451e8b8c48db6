"""Runs the public records pipeline on one file: ``onconav.records.ingest.ingest`` then
``onconav.records.extract.extract_facts``.

The corpus is written without reading the pipeline's code, so this adapter only relies on
the public names and on the shared types in ``onconav.records.model``. The call convention of
``ingest`` (a path, or bytes plus a file name) is read from its signature; when the pipeline
settles on one, the adapter can be reduced to that one call.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from onconav.records.model import ExtractedDocument, Fact

INGEST_MODULE = "onconav.records.ingest"
EXTRACT_MODULE = "onconav.records.extract"
_BYTES_PARAMETERS = {"data", "content", "raw", "payload", "blob", "body", "source_bytes"}
_NAME_PARAMETERS = {"name", "filename", "file_name", "document_name"}
_PATH_PARAMETERS = {"path", "file", "source"}


class PipelineNotAvailableError(RuntimeError):
    """The ingestion or extraction module (or its public function) does not exist yet."""


@dataclass(frozen=True)
class PipelineOutput:
    documents: tuple[ExtractedDocument, ...]
    facts: tuple[Fact, ...]

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(w for document in self.documents for w in document.warnings)


@dataclass(frozen=True)
class Pipeline:
    ingest: Callable[..., Any]
    extract_facts: Callable[..., Any]

    def ingest_file(self, path: Path) -> tuple[ExtractedDocument, ...]:
        """May raise: that is how a bad input is refused."""
        return _documents(_call_ingest(self.ingest, path))

    def run(self, path: Path) -> PipelineOutput:
        documents = self.ingest_file(path)
        facts: dict[str, Fact] = {}
        for document in documents:
            extracted = self.extract_facts(document)
            extracted = getattr(extracted, "facts", extracted)
            for fact in (*document.facts, *extracted):
                if not isinstance(fact, Fact):
                    raise TypeError(f"extract_facts returned {type(fact).__name__}, not Fact")
                facts.setdefault(fact.model_dump_json(), fact)  # structured facts may repeat
        return PipelineOutput(documents=documents, facts=tuple(facts.values()))


def _public_function(module_name: str, function_name: str) -> Callable[..., Any]:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name is not None and module_name.startswith(error.name):
            raise PipelineNotAvailableError(
                f"records pipeline not available: {module_name} does not exist yet"
            ) from error
        raise  # the module exists but one of its own imports is broken: a real error
    function: Callable[..., Any] | None = getattr(module, function_name, None)
    if function is None or not callable(function):
        raise PipelineNotAvailableError(
            f"records pipeline not available: {module_name}.{function_name} is not defined"
        )
    return function


def load_pipeline() -> Pipeline:
    """The pipeline, or PipelineNotAvailableError saying which part is missing."""
    return Pipeline(
        ingest=_public_function(INGEST_MODULE, "ingest"),
        extract_facts=_public_function(EXTRACT_MODULE, "extract_facts"),
    )


def _call_ingest(ingest: Callable[..., Any], path: Path) -> Any:
    """Binds ``ingest``'s parameters by name: the file name, its bytes or its path, and any
    other required parameter whose annotated class (exported by the ingest module) can be
    made with its defaults, such as a limits object."""
    module = importlib.import_module(INGEST_MODULE)
    arguments: dict[str, Any] = {}
    for parameter in inspect.signature(ingest).parameters.values():
        annotation = str(parameter.annotation)
        if parameter.name in _NAME_PARAMETERS:
            arguments[parameter.name] = path.name
        elif parameter.name in _BYTES_PARAMETERS or (
            "bytes" in annotation and "Path" not in annotation
        ):
            arguments[parameter.name] = path.read_bytes()
        elif parameter.name in _PATH_PARAMETERS or "Path" in annotation:
            arguments[parameter.name] = path
        elif parameter.default is inspect.Parameter.empty:
            arguments[parameter.name] = _default_instance(module, parameter)
    return ingest(**arguments)


def _default_instance(module: Any, parameter: inspect.Parameter) -> Any:
    annotation = parameter.annotation
    cls = getattr(module, annotation, None) if isinstance(annotation, str) else annotation
    try:
        return cls()  # type: ignore[misc]
    except TypeError as error:
        raise PipelineNotAvailableError(
            f"records pipeline not callable: no default for ingest's {parameter.name!r}"
        ) from error


def _documents(result: Any) -> tuple[ExtractedDocument, ...]:
    if isinstance(result, ExtractedDocument):
        return (result,)
    documents = getattr(result, "documents", result)
    if isinstance(documents, Iterable) and not isinstance(documents, str | bytes):
        collected = tuple(documents)
        if all(isinstance(d, ExtractedDocument) for d in collected):
            return collected
    raise TypeError(f"ingest returned {type(result).__name__}, not ExtractedDocument(s)")
