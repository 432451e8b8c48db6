"""An annotated record set: a folder of ``annotations/`` and ``sources/`` that the one
scoring machinery loads, builds, checks and scores.

The corpus and the three holdouts are each a ``RecordSet``; each package names
its own in ``<package>/documents.py`` as ``RECORD_SET``. Loading rewrites every source (and
every zip member's source) to an absolute path in the set's own ``sources/`` folder, so the
renderers, which look a source up as ``corpus.annotations.SOURCES_DIR / source``, find it
wherever the set lives (``Path / absolute`` is the absolute path).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .annotations import CORPUS_DIR, DocumentAnnotation, load_annotations
from .build import BuiltDocument, build_corpus


@dataclass(frozen=True)
class RecordSet:
    """One annotated set and what its annotations promise.

    ``first_date``/``last_date`` bound every annotated date (a date outside them is a typo);
    ``without_risk_values`` names the documents allowed to give no required risk-score value
    (a failed culture, a transfusion log): every other document must give one.
    """

    name: str  # the package beside ``tests/records``; also the label of its figures
    folder: Path
    first_date: dt.date
    last_date: dt.date
    without_risk_values: frozenset[str] = frozenset()

    @property
    def annotations_dir(self) -> Path:
        return self.folder / "annotations"

    @property
    def sources_dir(self) -> Path:
        return self.folder / "sources"

    def source_path(self, source: str) -> Path:
        return self.sources_dir / source

    def load(self) -> list[DocumentAnnotation]:
        """Every annotation, in file-name order, with absolute source paths."""
        return [self._resolved(a) for a in load_annotations(self.annotations_dir)]

    def build(self, output: Path) -> list[BuiltDocument]:
        """Renders every document into ``output/<document>/<file_name>``."""
        return build_corpus(output, self.load())

    def _resolved(self, annotation: DocumentAnnotation) -> DocumentAnnotation:
        members = tuple(
            member.model_copy(update={"source": str(self.source_path(member.source))})
            for member in annotation.members
        )
        source = None if annotation.source is None else str(self.source_path(annotation.source))
        return annotation.model_copy(update={"source": source, "members": members})


RECORD_SET = RecordSet(
    name="corpus",
    folder=CORPUS_DIR,
    first_date=dt.date(2024, 1, 1),
    last_date=dt.date(2024, 12, 31),
    without_risk_values=frozenset({"p4_cyto_failed"}),  # the culture failed: no karyotype
)
