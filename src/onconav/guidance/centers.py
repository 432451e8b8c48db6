"""Where to get expert MDS care: the centre directory and the search by ZIP code.

The directory (``data/centers.yaml``) lists NCI-designated cancer centres that treat
patients and MDS Foundation Centers of Excellence, each with the source it was checked
against. ``centers_near`` ranks them by great-circle distance from a ZIP code and by
nothing else: no paid or favoured placement, ever.

Distances: ZIP codes are placed at the point the offline ``zipcodes`` data gives them,
and the distance between two points is the haversine great-circle distance on a sphere
of radius 3958.8 miles (the Earth's mean radius). Distances are shown to one decimal,
and the order and the radius cut-off use that shown value, so the list never looks out
of order; equal distances are ordered by name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, cast

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

EARTH_RADIUS_MILES = 3958.8
DEFAULT_RADIUS_MILES = 300.0
NEAREST_WHEN_NONE_IN_RADIUS = 3
ZIP_FORMAT_MESSAGE = "ZIP codes have five digits, like 94110"

_ZIP_INPUT = re.compile(r"([0-9]{5})(?:-[0-9]{4})?")


class Designation(StrEnum):
    NCI_COMPREHENSIVE = "NCI Comprehensive Cancer Center"
    NCI_CLINICAL = "NCI Clinical Cancer Center"
    MDS_FOUNDATION = "MDS Foundation Center of Excellence"


class ZipCodeError(ValueError):
    """A ZIP code that is badly formed or does not exist; the message is for people."""


class DirectoryError(RuntimeError):
    """The directory or its ZIP data cannot be used: a fault on our side, not the user's input."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CenterEntry(_Frozen):
    name: str = Field(min_length=1)
    city: str = Field(min_length=1)
    state: str = Field(pattern=r"^[A-Z]{2}$")
    zip: str = Field(pattern=r"^[0-9]{5}$")
    designations: tuple[Designation, ...] = Field(min_length=1)
    url: str | None = None
    source: str = Field(min_length=1)
    checked_on: date
    note: str | None = None

    @field_validator("designations")
    @classmethod
    def _no_repeats(cls, value: tuple[Designation, ...]) -> tuple[Designation, ...]:
        if len(set(value)) != len(value):
            raise ValueError("a designation is listed twice")
        if {Designation.NCI_COMPREHENSIVE, Designation.NCI_CLINICAL} <= set(value):
            raise ValueError("a centre has one NCI tier, not both")
        return value


class ListLink(_Frozen):
    name: str
    url: str


class DirectoryMetadata(_Frozen):
    title: str
    checked_on: date
    lists: tuple[ListLink, ...] = Field(min_length=1)
    partial: tuple[str, ...] = ()
    placement: str


class Directory(_Frozen):
    metadata: DirectoryMetadata
    centers: tuple[CenterEntry, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_entry_per_institution(self) -> Directory:
        seen: set[str] = set()
        for center in self.centers:
            key = center.name.casefold()
            if key in seen:
                raise ValueError(f"{center.name!r} is listed twice; merge its designations")
            seen.add(key)
        return self


class ZipLocation(_Frozen):
    zip: str
    city: str
    state: str
    latitude: float
    longitude: float


class CenterMatch(_Frozen):
    name: str
    city: str
    state: str
    zip: str
    designations: tuple[Designation, ...]
    url: str | None
    note: str | None
    distance_miles: float


class CentersResult(_Frozen):
    zip: str
    place: str
    radius_miles: float
    centers: tuple[CenterMatch, ...]
    # Filled only when nothing lies within the radius, so the person still has a lead.
    nearest_outside_radius: tuple[CenterMatch, ...]
    lists: tuple[ListLink, ...]
    checked_on: date
    partial: tuple[str, ...]
    placement: str


def distance_order(match: CenterMatch) -> tuple[float, str]:
    """The directory's only order: shown distance, then name. No placement is ever bought."""
    return (match.distance_miles, match.name.casefold())


def default_directory_path() -> Path:
    return Path(str(resources.files("onconav.guidance").joinpath("data", "centers.yaml")))


def load_directory(path: Path | None = None) -> Directory:
    """Read and validate the centre directory (the bundled file unless ``path`` is given)."""
    return _load_directory(path or default_directory_path())


@lru_cache(maxsize=4)
def _load_directory(path: Path) -> Directory:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise DirectoryError(f"could not read the centre directory {path}: {error}") from error
    try:
        return Directory.model_validate(raw)
    except ValueError as error:
        raise DirectoryError(f"the centre directory {path} is not valid: {error}") from error


def normalize_zip(zip_code: str) -> str:
    """The five-digit ZIP from ``12345`` or ZIP+4 ``12345-6789``; ZipCodeError otherwise."""
    match = _ZIP_INPUT.fullmatch(zip_code.strip())
    if match is None:
        raise ZipCodeError(ZIP_FORMAT_MESSAGE)
    return match.group(1)


def locate_zip(zip_code: str) -> ZipLocation:
    """Where a ZIP code lies, from the offline ``zipcodes`` data."""
    five_digits = normalize_zip(zip_code)
    found = _zip_records(five_digits)
    if not found:
        raise ZipCodeError(
            f"We could not find the ZIP code {five_digits}. "
            "Please check it against a letter or bill with your address."
        )
    record = found[0]
    return ZipLocation(
        zip=five_digits,
        city=str(record["city"]),
        state=str(record["state"]),
        latitude=float(record["lat"]),
        longitude=float(record["long"]),
    )


def _zip_records(five_digits: str) -> list[dict[str, Any]]:
    # Imported on use so the CLI and web app still import if the package is missing.
    try:
        import zipcodes
    except ImportError as error:
        raise DirectoryError("the ZIP code data (Python package zipcodes) is missing") from error

    # zipcodes' Python signature is untyped; its compiled core's stub gives this shape.
    matching = cast(Callable[[str], list[dict[str, Any]]], zipcodes.matching)
    return matching(five_digits)


def haversine_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in miles between two points given in decimal degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


def centers_near(
    zip_code: str,
    radius_miles: float = DEFAULT_RADIUS_MILES,
    directory: Directory | None = None,
) -> CentersResult:
    """Centres within ``radius_miles`` of a ZIP code, nearest first, ties by name.

    When none is within the radius, the three nearest are given separately so the
    answer is never an empty page.
    """
    if not math.isfinite(radius_miles) or radius_miles <= 0:
        raise ValueError("the radius must be a positive number of miles")
    directory = directory or load_directory()
    origin = locate_zip(zip_code)
    ranked = sorted((_match(center, origin) for center in directory.centers), key=distance_order)
    within = tuple(match for match in ranked if match.distance_miles <= radius_miles)
    nearest = () if within else tuple(ranked[:NEAREST_WHEN_NONE_IN_RADIUS])
    metadata = directory.metadata
    return CentersResult(
        zip=origin.zip,
        place=f"{origin.city}, {origin.state}",
        radius_miles=radius_miles,
        centers=within,
        nearest_outside_radius=nearest,
        lists=metadata.lists,
        checked_on=metadata.checked_on,
        partial=metadata.partial,
        placement=metadata.placement,
    )


def _match(center: CenterEntry, origin: ZipLocation) -> CenterMatch:
    try:
        place = locate_zip(center.zip)
    except ZipCodeError as error:
        # The data file promised a real ZIP; this is our bug, not the person's input.
        raise DirectoryError(f"{center.name}: ZIP {center.zip} is not in the ZIP data") from error
    miles = haversine_miles(origin.latitude, origin.longitude, place.latitude, place.longitude)
    return CenterMatch(
        name=center.name,
        city=center.city,
        state=center.state,
        zip=center.zip,
        designations=center.designations,
        url=center.url,
        note=center.note,
        distance_miles=round(miles, 1),
    )
