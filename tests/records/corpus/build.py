"""Builds the records test corpus: every annotated document rendered to the file a patient
would upload (text, PDF, scan, DOCX, FHIR, C-CDA, zip, or one of the bad inputs).

Rendering is deterministic: the same sources give the same bytes on every run, so scores
do not move because a scan's noise moved. Output layout: ``<output>/<document>/<file_name>``.

    cd tests/records && ../../.venv/bin/python -m corpus.build OUTPUT_DIR
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import bad_inputs
from .annotations import SOURCES_DIR, DocumentAnnotation, Member, load_annotations
from .archive import write_zip
from .layout import has_markup, parse_layout
from .render_docx import render_docx
from .render_pdf import render_pdf
from .render_scan import render_scan_jpeg, render_scan_pdf, render_scan_png, render_scan_tiff

_COPIED = {"text", "fhir_json", "fhir_ndjson", "ccda"}
_FROM_LAYOUT: dict[str, Callable[..., bytes]] = {
    "pdf": render_pdf,
    "docx": render_docx,
}
_SCANS: dict[str, Callable[..., bytes]] = {
    "scan_pdf": render_scan_pdf,
    "scan_png": render_scan_png,
    "scan_tiff": render_scan_tiff,
    "scan_jpeg": render_scan_jpeg,
}


@dataclass(frozen=True)
class BuiltDocument:
    annotation: DocumentAnnotation
    path: Path


def seed_for(name: str) -> int:
    """A fixed per-document seed, so each scan has its own (but always the same) noise."""
    return zlib.crc32(name.encode("utf-8"))


def render_source(source: str, render: str, seed_name: str) -> bytes:
    path = SOURCES_DIR / source
    if render in _COPIED:
        data = path.read_bytes()
        if render == "text" and has_markup(data.decode("utf-8")):
            raise ValueError(f"{source}: plain-text sources must not contain layout markup")
        return data
    blocks = parse_layout(path.read_text(encoding="utf-8"))
    if render in _FROM_LAYOUT:
        return _FROM_LAYOUT[render](blocks)
    if render in _SCANS:
        return _SCANS[render](blocks, seed_for(seed_name))
    raise ValueError(f"{source}: cannot render a source as {render!r}")


def _bad_input(annotation: DocumentAnnotation) -> bytes:
    seed = seed_for(annotation.document)
    makers: dict[str, Callable[[], bytes]] = {
        "encrypted_pdf": bad_inputs.encrypted_pdf,
        "corrupt_pdf": lambda: bad_inputs.corrupt_pdf(seed),
        "empty_file": bad_inputs.empty_file,
        "zip_bomb_docx": bad_inputs.zip_bomb_docx,
        "not_fhir_json": bad_inputs.not_fhir_json,
        "blank_image": lambda: bad_inputs.blank_image(seed),
    }
    return makers[annotation.render]()


def _zip(members: tuple[Member, ...]) -> bytes:
    return write_zip(
        [
            (member.file_name, render_source(member.source, member.render, member.file_name))
            for member in members
        ]
    )


def render_document(annotation: DocumentAnnotation) -> bytes:
    if annotation.bad_input:
        return _bad_input(annotation)
    if annotation.render == "zip":
        if not annotation.members:
            raise ValueError(f"{annotation.document}: a zip document lists its members")
        return _zip(annotation.members)
    if annotation.source is None:
        raise ValueError(f"{annotation.document}: no source to render")
    return render_source(annotation.source, annotation.render, annotation.document)


def build_document(annotation: DocumentAnnotation, output: Path) -> BuiltDocument:
    folder = output / annotation.document
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / annotation.file_name
    path.write_bytes(render_document(annotation))
    return BuiltDocument(annotation=annotation, path=path)


def build_corpus(
    output: Path, annotations: list[DocumentAnnotation] | None = None
) -> list[BuiltDocument]:
    """Renders every annotated document into ``output``; returns them in annotation order."""
    chosen = load_annotations() if annotations is None else annotations
    return [build_document(annotation, output) for annotation in chosen]


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] in {"-h", "--help"}:
        print("usage: python -m corpus.build OUTPUT_DIR   (from tests/records)", file=sys.stderr)
        return 2
    built = build_corpus(Path(argv[0]))
    print(f"built {len(built)} documents into {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
