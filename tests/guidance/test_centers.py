"""The centre directory, the distance search and ``onconav centers``."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest
import typer
import zipcodes
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from onconav.cli.centers_cmd import centers_command
from onconav.guidance.centers import (
    EARTH_RADIUS_MILES,
    CenterEntry,
    Designation,
    Directory,
    DirectoryError,
    ZipCodeError,
    centers_near,
    default_directory_path,
    haversine_miles,
    load_directory,
    locate_zip,
    normalize_zip,
)

CHECKED_ON = date(2026, 11, 24)
runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command()(centers_command)
    return app


def _entry(name: str, zip_code: str, state: str = "CA") -> CenterEntry:
    return CenterEntry(
        name=name,
        city="Somewhere",
        state=state,
        zip=zip_code,
        designations=(Designation.NCI_COMPREHENSIVE,),
        source="test fixture",
        checked_on=CHECKED_ON,
    )


def _directory(*entries: CenterEntry) -> Directory:
    real = load_directory()
    return Directory(metadata=real.metadata, centers=entries)


# --- distance ---------------------------------------------------------------------


def test_one_degree_of_latitude_is_earth_radius_times_pi_over_180() -> None:
    # 3958.8 x pi / 180 = 69.094 miles, worked by hand.
    assert haversine_miles(0.0, 0.0, 1.0, 0.0) == pytest.approx(69.094, abs=0.001)


def test_quarter_and_half_great_circles() -> None:
    assert haversine_miles(0.0, 0.0, 90.0, 0.0) == pytest.approx(6218.47, abs=0.01)
    assert haversine_miles(0.0, 0.0, 0.0, 180.0) == pytest.approx(12436.94, abs=0.01)


def test_zip_to_centre_distance_matches_a_hand_calculation() -> None:
    # 94110 (37.7509, -122.4153) to Stanford's 94305 (37.4236, -122.1619), by the
    # spherical law of cosines with R = 3958.8: 26.53 miles.
    result = centers_near("94110", radius_miles=30)
    by_name = {match.name: match.distance_miles for match in result.centers}
    assert by_name["Stanford Cancer Institute"] == 26.5


@given(
    st.floats(-90, 90),
    st.floats(-180, 180),
    st.floats(-90, 90),
    st.floats(-180, 180),
)
def test_distance_is_symmetric_and_bounded(a: float, b: float, c: float, d: float) -> None:
    there = haversine_miles(a, b, c, d)
    back = haversine_miles(c, d, a, b)
    assert there == pytest.approx(back, abs=1e-6)
    assert 0.0 <= there <= math.pi * EARTH_RADIUS_MILES + 1e-6


# --- ZIP codes --------------------------------------------------------------------


@pytest.mark.parametrize("text", ["94110", " 94110 ", "94110-1234"])
def test_accepted_zip_forms(text: str) -> None:
    assert normalize_zip(text) == "94110"


@pytest.mark.parametrize(
    "text",
    [
        "9411",
        "941101",
        "abcde",
        "",
        "94110-12",
        "94 110",
        "94110-",
        "\u0669\u0664\u0661\u0661\u0660",
    ],
)
def test_badly_formed_zip_says_five_digits(text: str) -> None:
    with pytest.raises(ZipCodeError, match="ZIP codes have five digits, like 94110"):
        normalize_zip(text)


def test_well_formed_zip_that_does_not_exist() -> None:
    with pytest.raises(ZipCodeError, match="could not find the ZIP code 00000"):
        locate_zip("00000")


def test_zip_plus_four_gives_the_same_answer_as_five_digits() -> None:
    assert centers_near("94110-1234") == centers_near("94110")


# --- search -----------------------------------------------------------------------


def test_results_are_sorted_by_distance_and_within_the_radius() -> None:
    result = centers_near("10001", radius_miles=250)
    distances = [match.distance_miles for match in result.centers]
    assert len(distances) >= 5
    assert distances == sorted(distances)
    assert all(distance <= 250 for distance in distances)
    assert result.nearest_outside_radius == ()


def test_radius_excludes_centres_beyond_it() -> None:
    wide = centers_near("94110", radius_miles=300)
    narrow = centers_near("94110", radius_miles=20)
    assert [m.name for m in narrow.centers] == [
        "UCSF Helen Diller Family Comprehensive Cancer Center"
    ]
    assert len(wide.centers) > len(narrow.centers)


def test_ties_are_ordered_by_name_not_by_file_order() -> None:
    directory = _directory(
        _entry("Zeta Center", "94305"),
        _entry("alpha Center", "94305"),
        _entry("Near Center", "94110"),
    )
    result = centers_near("94110", radius_miles=100, directory=directory)
    assert [m.name for m in result.centers] == ["Near Center", "alpha Center", "Zeta Center"]


def test_nothing_in_radius_gives_the_nearest_three() -> None:
    # Absarokee, Montana: the nearest directory centre is hundreds of miles away.
    result = centers_near("59001", radius_miles=100)
    assert result.centers == ()
    assert len(result.nearest_outside_radius) == 3
    distances = [m.distance_miles for m in result.nearest_outside_radius]
    assert distances == sorted(distances)
    assert distances[0] > 100
    everything = centers_near("59001", radius_miles=20000)
    assert [m.name for m in everything.centers[:3]] == [
        m.name for m in result.nearest_outside_radius
    ]


@pytest.mark.parametrize("radius", [0.0, -5.0, math.nan, math.inf])
def test_radius_must_be_a_positive_number(radius: float) -> None:
    with pytest.raises(ValueError, match="positive"):
        centers_near("94110", radius_miles=radius)


def test_result_carries_the_live_links_and_date() -> None:
    result = centers_near("94110")
    urls = [link.url for link in result.lists]
    assert "https://www.cancer.gov/research/infrastructure/cancer-centers" in urls
    assert any("mds-foundation.org" in url for url in urls)
    assert result.checked_on == CHECKED_ON
    assert "only by distance" in result.placement


# --- the data file ----------------------------------------------------------------

BASIC_LABORATORY_CENTRES = (
    "Salk",
    "Sanford Burnham",
    "Jackson Laboratory",
    "Cold Spring Harbor",
    "Wistar",
    "Koch Institute",
    "Purdue",
)


def test_every_entry_records_its_source_and_check_date() -> None:
    for center in load_directory().centers:
        assert center.source.strip(), center.name
        assert center.checked_on == CHECKED_ON, center.name


def test_sources_name_the_list_each_designation_came_from() -> None:
    for center in load_directory().centers:
        if Designation.MDS_FOUNDATION in center.designations:
            assert "MDS" in center.source, center.name
        if {Designation.NCI_COMPREHENSIVE, Designation.NCI_CLINICAL} & set(center.designations):
            assert "NCI" in center.source or "cancer.gov" in center.source, center.name


def test_no_duplicate_names() -> None:
    names = [center.name.casefold() for center in load_directory().centers]
    assert len(names) == len(set(names))


def test_no_basic_laboratory_centre_is_listed() -> None:
    for center in load_directory().centers:
        for lab in BASIC_LABORATORY_CENTRES:
            assert lab.casefold() not in center.name.casefold(), center.name


def test_nci_entries_match_the_published_count_of_patient_treating_centres() -> None:
    # 73 NCI-designated centres (cancercenters.cancer.gov, copy checked 2026-11-24)
    # minus 7 Basic Laboratory centres. If the live list changes, update both.
    nci = {Designation.NCI_COMPREHENSIVE, Designation.NCI_CLINICAL}
    count = sum(1 for c in load_directory().centers if nci & set(c.designations))
    assert count == 66


def test_every_zip_exists_and_lies_in_the_entry_state() -> None:
    for center in load_directory().centers:
        found = zipcodes.matching(center.zip)
        assert found, f"{center.name}: {center.zip}"
        assert found[0]["state"] == center.state, center.name


def test_header_states_what_the_lists_are_and_how_they_are_ordered() -> None:
    text = default_directory_path().read_text(encoding="utf-8")
    header = text.split("metadata:")[0]
    assert "https://www.cancer.gov/research/infrastructure/cancer-centers" in header
    assert "mds-foundation.org" in header
    assert "2026-11-24" in header
    assert "change" in header
    assert "no paid or favoured placement: entries are listed only by distance" in header.lower()
    assert "PARTIAL" in header


def test_partial_mds_list_is_declared_in_the_metadata() -> None:
    partial = " ".join(load_directory().metadata.partial)
    assert "MDS Foundation" in partial
    assert "partial" in partial


def test_duplicate_institutions_are_rejected() -> None:
    with pytest.raises(ValueError, match="listed twice"):
        _directory(_entry("Same Center", "94110"), _entry("same center", "94305"))


def test_a_centre_cannot_hold_both_nci_tiers() -> None:
    with pytest.raises(ValueError, match="one NCI tier"):
        CenterEntry(
            name="Both",
            city="X",
            state="CA",
            zip="94110",
            designations=(Designation.NCI_COMPREHENSIVE, Designation.NCI_CLINICAL),
            source="test",
            checked_on=CHECKED_ON,
        )


def test_broken_directory_file_is_reported(tmp_path: Path) -> None:
    broken = tmp_path / "centers.yaml"
    broken.write_text("metadata: {}\ncenters: []\n", encoding="utf-8")
    with pytest.raises(DirectoryError, match="not valid"):
        load_directory(broken)


# --- command line -----------------------------------------------------------------


def test_cli_json_fields() -> None:
    result = runner.invoke(_app(), ["--zip", "94110", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["zip"] == "94110"
    assert data["radius_miles"] == 300
    assert data["checked_on"] == "2026-11-24"
    assert {link["url"] for link in data["lists"]} >= {
        "https://www.cancer.gov/research/infrastructure/cancer-centers"
    }
    first = data["centers"][0]
    assert set(first) >= {"name", "city", "state", "designations", "distance_miles"}
    assert first["name"] == "UCSF Helen Diller Family Comprehensive Cancer Center"
    assert isinstance(first["distance_miles"], float)
    assert first["distance_miles"] == round(first["distance_miles"], 1)


def test_cli_text_lists_by_distance_with_links_and_date() -> None:
    result = runner.invoke(_app(), ["--zip", "94110-1234", "--radius", "50"])
    assert result.exit_code == 0
    out = result.stdout
    assert out.index("UCSF Helen Diller") < out.index("Stanford Cancer Institute")
    assert "26.5 mi" in out
    assert "only by distance" in out
    assert "2026-11-24" in out
    assert "https://www.cancer.gov/research/infrastructure/cancer-centers" in out
    assert "not medical advice" in out


def test_cli_nothing_in_radius_says_so_and_shows_three() -> None:
    result = runner.invoke(_app(), ["--zip", "59001", "--radius", "100"])
    assert result.exit_code == 0
    assert "No centre in this directory is within 100 miles" in result.stdout
    assert result.stdout.count(" mi  ") == 3


@pytest.mark.parametrize(
    ("zip_code", "message"),
    [("9411", "five digits, like 94110"), ("hello", "five digits"), ("00000", "could not find")],
)
def test_cli_bad_zip_exits_2_with_a_plain_message(zip_code: str, message: str) -> None:
    result = runner.invoke(_app(), ["--zip", zip_code])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_rejects_a_zero_radius_as_usage_error() -> None:
    result = runner.invoke(_app(), ["--zip", "94110", "--radius", "0"])
    assert result.exit_code == 2
