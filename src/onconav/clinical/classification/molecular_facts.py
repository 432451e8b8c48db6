"""Gene-level and TP53 facts from a variant list, honest about what the panel did not cover.

A gene is "not mutated" only when the panel covered it and reported no somatic variant;
a gene outside the stated coverage (or with no coverage stated) stays unknown.
"""

from __future__ import annotations

from dataclasses import dataclass

from onconav.clinical.classification.findings import (
    MolecularFindings,
    Tp53Findings,
    Variant,
    VariantOrigin,
)
from onconav.clinical.classification.result import Flag
from onconav.clinical.classification.tristate import Tri


@dataclass(frozen=True)
class GeneStatus:
    mutated: Tri
    vafs: tuple[float, ...]  # known VAFs of the somatic variants
    vafs_complete: bool  # every somatic variant of the gene has a VAF

    def vaf_at_least(self, threshold: float) -> Tri:
        """Whether some somatic variant reaches the VAF threshold."""
        if self.mutated is not True:
            return self.mutated
        if any(v >= threshold for v in self.vafs):
            return True
        return False if self.vafs_complete else None


@dataclass(frozen=True)
class MolecularView:
    given: MolecularFindings | None

    @property
    def somatic(self) -> tuple[Variant, ...]:
        if self.given is None:
            return ()
        return tuple(v for v in self.given.variants if v.origin is not VariantOrigin.GERMLINE)

    @property
    def germline(self) -> tuple[Variant, ...]:
        if self.given is None:
            return ()
        return tuple(v for v in self.given.variants if v.origin is VariantOrigin.GERMLINE)

    def covered(self, gene: str) -> bool:
        return bool(self.given and self.given.genes_tested and gene in self.given.genes_tested)

    @property
    def coverage_known(self) -> bool:
        return bool(self.given and self.given.genes_tested is not None)

    def gene(self, gene: str) -> GeneStatus:
        variants = [v for v in self.somatic if v.gene == gene]
        vafs = tuple(v.vaf for v in variants if v.vaf is not None)
        if variants:
            return GeneStatus(True, vafs, len(vafs) == len(variants))
        return GeneStatus(False if self.covered(gene) else None, (), True)


@dataclass(frozen=True)
class Tp53Facts:
    """TP53 mutation count, VAFs and allelic evidence, merged from the variants and tp53 block."""

    count_min: int  # at least this many mutations are known
    count_exact: int | None  # the number of mutations, when known
    vafs: tuple[float, ...]  # known VAFs, one per mutation where given
    max_vaf: float | None  # the highest VAF, when stated or derivable
    copy_number_loss: Tri
    copy_neutral_loh: Tri
    flags: tuple[Flag, ...] = ()

    def at_least(self, n: int) -> Tri:
        if self.count_min >= n:
            return True
        if self.count_exact is not None:
            return self.count_exact >= n
        return None

    def exactly(self, n: int) -> Tri:
        if self.count_exact is not None:
            return self.count_exact == n
        return False if self.count_min > n else None

    def any_vaf_above(self, threshold: float, *, inclusive: bool) -> Tri:
        def reaches(v: float) -> bool:
            return v >= threshold if inclusive else v > threshold

        if self.count_exact == 0:
            return False
        if any(reaches(v) for v in self.vafs) or (
            self.max_vaf is not None and reaches(self.max_vaf)
        ):
            return True
        if self.max_vaf is not None:
            return False
        if self.count_exact is not None and len(self.vafs) == self.count_exact:
            return False
        return None

    def mutations_with_vaf_at_least(self, threshold: float, n: int) -> Tri:
        """Whether at least ``n`` distinct mutations each reach the VAF threshold."""
        reaching = sum(v >= threshold for v in self.vafs)
        if reaching >= n:
            return True
        if self.max_vaf is not None and self.max_vaf < threshold:
            return False
        if self.count_exact is None:
            return None
        unknown = self.count_exact - len(self.vafs)
        return None if reaching + unknown >= n else False


def tp53_facts(view: MolecularView, copy_loss_from_karyotype: Tri) -> Tp53Facts:
    block = view.given.tp53 if view.given else None
    variants = [v for v in view.somatic if v.gene == "TP53"]
    vafs = tuple(v.vaf for v in variants if v.vaf is not None)
    flags: list[Flag] = []
    count_exact = _count(block, variants, view.covered("TP53"), flags)
    max_vaf = block.max_vaf if block and block.max_vaf is not None else None
    if max_vaf is None and vafs and count_exact is not None and len(vafs) == count_exact:
        max_vaf = max(vafs)
    if max_vaf is not None and vafs and max(vafs) > max_vaf:
        flags.append(_conflict("highest TP53 VAF", f"{max(vafs):.2f}", f"{max_vaf:.2f}"))
        max_vaf = None
    stated_loss = block.copy_number_loss if block else None
    copy_loss: Tri
    if stated_loss is False and copy_loss_from_karyotype is True:
        flags.append(_conflict("TP53/17p copy loss", "present (karyotype)", "absent (stated)"))
        copy_loss = None
    elif stated_loss is True or copy_loss_from_karyotype is True:
        copy_loss = True
    else:
        # A karyotype without 17p loss cannot exclude a small deletion: stays unknown.
        copy_loss = stated_loss
    return Tp53Facts(
        count_min=max(len(variants), count_exact or 0),
        count_exact=count_exact,
        vafs=vafs,
        max_vaf=max_vaf,
        copy_number_loss=copy_loss,
        copy_neutral_loh=block.copy_neutral_loh if block else None,
        flags=tuple(flags),
    )


def _count(
    block: Tp53Findings | None, variants: list[Variant], covered: bool, flags: list[Flag]
) -> int | None:
    if block is not None and block.mutation_count is not None:
        if block.mutation_count < len(variants):
            flags.append(
                _conflict("number of TP53 mutations", str(len(variants)), str(block.mutation_count))
            )
            return None
        return block.mutation_count
    return len(variants) if covered else None


def _conflict(what: str, listed: str, stated: str) -> Flag:
    return Flag(
        code="TP53_CONFLICT",
        message=f"The variant list and the TP53 section disagree on the {what} "
        f"({listed} vs {stated}); it is treated as unknown.",
    )
