"""What a classification returns: a candidate category with its reasons, gaps and flags."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class System(StrEnum):
    WHO = "WHO"
    ICC = "ICC"


class CategoryKind(StrEnum):
    """What sort of answer a category is; lets callers tell MDS from AML or a precursor."""

    MDS = "mds"
    MDS_AML = "mds_aml"  # ICC's 10-19 % blast category
    AML = "aml"
    MDS_MPN = "mds_mpn"  # a neighbouring overlap neoplasm to consider instead
    PRECURSOR = "precursor"  # CCUS, and the working terms CHIP / ICUS
    NO_CRITERIA_MET = "none"
    REVIEW = "review"  # a configuration the engine will not decide


class Status(StrEnum):
    ASSIGNED = "assigned"  # one candidate holds whatever the missing inputs turn out to be
    NOT_ASSIGNABLE_YET = "not_assignable_yet"  # missing inputs decide between candidates
    NEEDS_REVIEW = "needs_review"  # known findings the engine leaves to the pathologist


class Criterion(_Frozen):
    rule_id: str
    statement: str
    source: str
    verification: Literal["V", "M", "U"]


class MissingInput(_Frozen):
    field: str
    test: str


class Flag(_Frozen):
    code: str
    message: str
    source: str | None = None


class PossibleCategory(_Frozen):
    rule_id: str
    code: str
    name: str
    kind: CategoryKind


class Classification(_Frozen):
    system: System
    version: str
    status: Status
    category: str | None  # as the system spells it; None while not assignable
    code: str | None
    kind: CategoryKind | None
    decided_by: str | None = None  # the rule id that named the category
    subtype: str | None = None
    qualifiers: tuple[str, ...] = ()
    # Always true: the engine proposes, the pathologist's sign-out decides.
    candidate_needs_pathologist_confirmation: Literal[True] = True
    prerequisites: str
    deciding_criteria: tuple[Criterion, ...]
    ruled_out: tuple[Criterion, ...] = ()
    possible_categories: tuple[PossibleCategory, ...] = ()
    missing: tuple[MissingInput, ...] = ()
    flags: tuple[Flag, ...] = ()


class SideBySide(_Frozen):
    who: Classification
    icc: Classification
    crosswalk: str
    divergences: tuple[Flag, ...]
    notice: str
