"""The tests every annotated record set passes, written once.

A set's test module subclasses ``RecordSetContract`` with its ``RecordSet`` (and the sets
it must not overlap with); pytest collects the inherited tests under the subclass's name:

    class TestHoldout2Set(RecordSetContract):
        record_set = RECORD_SET
        earlier_sets = (CORPUS, HOLDOUT)

The contract: the annotations are well formed (``corpus.wellformed``), a perfect pipeline
scores perfectly, the set builds the same bytes twice, and each built file holds what its
annotation says it holds (text layers, Word text, scans without text, images, FHIR, zips).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import ClassVar

import docx
import pypdfium2
import pytest
from PIL import Image

from .annotations import DocumentAnnotation, Member
from .build import BuiltDocument, render_source
from .documents import RecordSet
from .oracle import perfect_facts
from .score import score_facts
from .wellformed import annotation_problems, set_problems, squeezed

_IMAGES = {"scan_png", "scan_tiff", "scan_jpeg", "blank_image"}
_MIN_IMAGE_WIDTH = 1000


def pdf_text(data: Path | bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    return "".join(page.get_textpage().get_text_range() for page in document)


def docx_text(data: Path | bytes) -> str:
    document = docx.Document(str(data) if isinstance(data, Path) else io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def readable_text(render: str, data: bytes) -> str | None:
    """The text a built file holds without OCR; None for scans and images."""
    if render == "pdf":
        return pdf_text(data)
    if render == "docx":
        return docx_text(data)
    if render in {"text", "fhir_json", "fhir_ndjson", "ccda"}:
        return data.decode("utf-8")
    return None


def _zip_text(members: tuple[Member, ...], archive: zipfile.ZipFile) -> str | None:
    texts = [readable_text(m.render, archive.read(m.file_name)) for m in members]
    return None if any(text is None for text in texts) else "\n".join(t or "" for t in texts)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _missing_texts(annotation: DocumentAnnotation, text: str) -> list[str]:
    held = squeezed(text)
    return [
        f"{annotation.document}: {fact.name} {fact.source_text!r}"
        for fact in annotation.expected_facts()
        if fact.source_text and squeezed(fact.source_text) not in held
    ]


class RecordSetContract:
    """Not collected itself (its name does not start with ``Test``); see the module doc."""

    record_set: ClassVar[RecordSet]
    earlier_sets: ClassVar[tuple[RecordSet, ...]] = ()
    # what the set was written to cover: its patients, how many good documents at least,
    # and the renders and features (``features:`` in the annotations) it must hold
    patients: ClassVar[frozenset[str]]
    minimum_documents: ClassVar[int]
    renders: ClassVar[frozenset[str]]
    features: ClassVar[frozenset[str]]

    @pytest.fixture(scope="class")
    @classmethod
    def annotations(cls) -> list[DocumentAnnotation]:
        return cls.record_set.load()

    @pytest.fixture(scope="class")
    @classmethod
    def built(cls, tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuiltDocument]:
        output = tmp_path_factory.mktemp(cls.record_set.name)
        return {item.annotation.document: item for item in cls.record_set.build(output)}

    # --- the annotations ----------------------------------------------------------------

    def test_covers_what_it_was_written_for(self, annotations: list[DocumentAnnotation]) -> None:
        good = [a for a in annotations if not a.bad_input]
        assert len(good) >= self.minimum_documents
        assert {a.patient for a in good} == self.patients
        renders = {a.render for a in good} | {m.render for a in good for m in a.members}
        assert self.renders <= renders, sorted(self.renders - renders)
        features = {f for a in annotations for f in a.features}
        assert self.features <= features, sorted(self.features - features)

    def test_annotations_are_well_formed(self, annotations: list[DocumentAnnotation]) -> None:
        problems = set_problems(annotations, list(self.earlier_sets))
        for annotation in annotations:
            problems.extend(annotation_problems(annotation, self.record_set))
        assert not problems, "\n".join(problems)

    def test_a_perfect_pipeline_scores_perfectly(
        self, annotations: list[DocumentAnnotation]
    ) -> None:
        for annotation in annotations:
            if annotation.bad_input:
                continue
            score = score_facts(annotation, perfect_facts(annotation))
            assert not score.missed, (annotation.document, score.missed)
            assert not score.unexpected, (annotation.document, score.unexpected)
            assert not score.forbidden, (annotation.document, score.forbidden)
            assert len(score.matched) == len(score.required), annotation.document

    # --- the built files ----------------------------------------------------------------

    def test_builds_every_document_the_same_twice(
        self, built: dict[str, BuiltDocument], tmp_path: Path
    ) -> None:
        assert set(built) == {a.document for a in self.record_set.load()}
        for name, item in built.items():
            assert item.path.name == item.annotation.file_name.split("/")[-1], name
            empty = item.annotation.render == "empty_file"
            assert (item.path.stat().st_size == 0) == empty, name
        again = {i.annotation.document: _digest(i.path) for i in self.record_set.build(tmp_path)}
        assert again == {name: _digest(item.path) for name, item in built.items()}

    def test_readable_files_hold_every_annotated_text(
        self, built: dict[str, BuiltDocument]
    ) -> None:
        """Text layers, Word files, text and structured files, and zips of those."""
        missing: list[str] = []
        for item in built.values():
            annotation = item.annotation
            if annotation.bad_input:
                continue
            if annotation.render == "zip":
                with zipfile.ZipFile(item.path) as archive:
                    text = _zip_text(annotation.members, archive)
            else:
                text = readable_text(annotation.render, item.path.read_bytes())
            if text is not None:
                missing.extend(_missing_texts(annotation, text))
        assert not missing, "\n".join(missing)

    def test_scanned_pdfs_have_no_text_layer(self, built: dict[str, BuiltDocument]) -> None:
        for item in built.values():
            if item.annotation.render == "scan_pdf":
                assert not pdf_text(item.path).strip(), item.annotation.document

    def test_images_and_structured_files_open(self, built: dict[str, BuiltDocument]) -> None:
        for name, item in built.items():
            render = item.annotation.render
            if render in _IMAGES:
                with Image.open(item.path) as image:
                    assert image.width >= _MIN_IMAGE_WIDTH, name
            elif render == "fhir_json":
                assert json.loads(item.path.read_text())["resourceType"] == "Bundle", name
            elif render == "fhir_ndjson":
                lines = item.path.read_text().splitlines()
                assert all(json.loads(line)["resourceType"] for line in lines), name

    def test_zips_hold_their_members_as_rendered(self, built: dict[str, BuiltDocument]) -> None:
        for name, item in built.items():
            if item.annotation.render != "zip":
                continue
            members = item.annotation.members
            with zipfile.ZipFile(item.path) as archive:
                assert archive.namelist() == [m.file_name for m in members], name
                for member in members:
                    rendered = render_source(member.source, member.render, member.file_name)
                    assert archive.read(member.file_name) == rendered, (name, member.file_name)
