"""The holdout documents: their annotations, with sources resolved to this folder, and the
build through the corpus's own renderers.

The corpus renderer looks a source up as ``corpus.annotations.SOURCES_DIR / source``. The
holdout's sources live in its own folder, so loading rewrites each source (and each zip
member's) to an absolute path: ``Path / absolute`` is the absolute path, and the corpus's
``build_corpus`` renders the holdout unchanged.
"""

from __future__ import annotations

from pathlib import Path

from corpus.annotations import DocumentAnnotation, load_annotations
from corpus.build import BuiltDocument, build_corpus

HOLDOUT_DIR = Path(__file__).resolve().parent
ANNOTATIONS_DIR = HOLDOUT_DIR / "annotations"
SOURCES_DIR = HOLDOUT_DIR / "sources"


def _resolved(annotation: DocumentAnnotation) -> DocumentAnnotation:
    members = tuple(
        member.model_copy(update={"source": str(SOURCES_DIR / member.source)})
        for member in annotation.members
    )
    source = None if annotation.source is None else str(SOURCES_DIR / annotation.source)
    return annotation.model_copy(update={"source": source, "members": members})


def load_holdout() -> list[DocumentAnnotation]:
    """Every holdout annotation, in file-name order, with absolute source paths."""
    return [_resolved(annotation) for annotation in load_annotations(ANNOTATIONS_DIR)]


def build_holdout(output: Path) -> list[BuiltDocument]:
    """Renders every holdout document into ``output/<document>/<file_name>``."""
    return build_corpus(output, load_holdout())
