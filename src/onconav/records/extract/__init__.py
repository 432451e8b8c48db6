"""Facts from document text, each with its provenance.

Public API: ``extract_facts(document) -> list[Fact]``. One module per kind of fact: labs and
serial lab tables, bone marrow (numbers, dysplasia, diagnosis), cytogenetics (ISCN
karyotypes and FISH), NGS, identity, treatments, transfusions, HLA and performance status.
"""

from onconav.records.extract.pipeline import extract_facts

__all__ = ["extract_facts"]
