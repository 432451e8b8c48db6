from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from onconav.records.ingest.layout import Box, column_reading, may_have_columns, row_reading

CHAR = 5.0  # points per character of the made-up font
LEADING = 14.0


def line_boxes(y: float, pieces: list[tuple[float, str]]) -> list[Box]:
    """One box per (x, text) on the row whose top is y."""
    return [Box(x, x + len(text) * CHAR, y, y + 10, text) for x, text in pieces]


def prose(prefix: str, count: int, width_chars: int = 44) -> list[str]:
    return [f"{prefix} line {n} ".ljust(width_chars, "x") for n in range(count)]


def two_columns(left: list[str], right: list[str], top: float = 100.0) -> list[Box]:
    boxes: list[Box] = []
    for index in range(max(len(left), len(right))):
        pieces = []
        if index < len(left):
            pieces.append((72.0, left[index]))
        if index < len(right):
            pieces.append((330.0, right[index]))
        boxes += line_boxes(top + index * LEADING, pieces)
    return boxes


def test_two_columns_of_prose_are_read_left_then_right() -> None:
    left, right = prose("left", 8), prose("right", 8)
    lines = column_reading(two_columns(left, right))
    assert lines == [*left, "", *right]


def test_a_longer_left_column_keeps_its_tail_before_the_right_column() -> None:
    left, right = prose("left", 9), prose("right", 6)
    lines = column_reading(two_columns(left, right))
    assert lines == [*left, "", *right]


def test_title_across_the_page_stays_first() -> None:
    title = line_boxes(
        60, [(72.0, "A title that runs right across the page width and beyond it all")]
    )
    left, right = prose("left", 6), prose("right", 6)
    lines = column_reading(title + two_columns(left, right))
    assert lines is not None
    assert lines[0].startswith("A title")
    assert lines[1:] == [*left, "", *right]


def test_a_table_is_not_mistaken_for_columns() -> None:
    boxes: list[Box] = []
    for index, (test, result, unit, ref) in enumerate(
        [("Test", "Result", "Units", "Reference")]
        + [(f"Analyte{n}", f"{n}.5", "g/dL", "12-15") for n in range(8)]
    ):
        boxes += line_boxes(
            100 + index * LEADING, [(72, test), (230, result), (330, unit), (420, ref)]
        )
    assert column_reading(boxes) is None
    assert not may_have_columns(boxes)


def test_label_value_pairs_are_not_columns() -> None:
    boxes: list[Box] = []
    for index in range(8):
        boxes += line_boxes(
            100 + index * LEADING, [(72, f"Label {index}:"), (330, f"value {index}")]
        )
    assert column_reading(boxes) is None


def test_one_column_page_is_not_columns() -> None:
    boxes: list[Box] = []
    for index, text in enumerate(prose("body", 10, width_chars=90)):
        boxes += line_boxes(100 + index * LEADING, [(72, text)])
    assert column_reading(boxes) is None


def test_columns_then_a_table_below_keep_the_table_rows_whole() -> None:
    left, right = prose("left", 6), prose("right", 6)
    boxes = two_columns(left, right)
    rows = [("Hemoglobin", "8.9", "g/dL", "L"), ("Platelets", "62", "10^9/L", "L")]
    for index, row in enumerate(rows):
        boxes += line_boxes(300 + index * LEADING, list(zip((72, 230, 330, 420), row, strict=True)))
    lines = column_reading(boxes)
    assert lines is not None
    assert lines[-2:] == ["Hemoglobin 8.9 g/dL L", "Platelets 62 10^9/L L"]
    assert lines[: len(left)] == left


def test_rows_are_rebuilt_from_boxes_even_when_slightly_offset() -> None:
    boxes = [
        Box(72, 120, 100, 110, "Hemoglobin"),
        Box(230, 245, 100.8, 110.6, "8.9"),  # a different font sits a little lower
        Box(520, 525, 99.5, 109.5, "L"),
        Box(72, 110, 114, 124, "Platelets"),
        Box(230, 240, 114, 124, "62"),
    ]
    assert row_reading(boxes) == ["Hemoglobin 8.9 L", "Platelets 62"]


words = st.text(alphabet="abcdefghij", min_size=1, max_size=8)


@given(
    st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=560),
            st.integers(min_value=0, max_value=40),
            words,
        ),
        max_size=60,
    )
)
def test_no_text_is_lost_or_repeated(raw: list[tuple[float, int, str]]) -> None:
    boxes = [
        Box(x, x + len(text) * CHAR, row * LEADING, row * LEADING + 10, text)
        for x, row, text in raw
    ]
    for lines in (column_reading(boxes), row_reading(boxes)):
        if lines is None:
            continue
        read = Counter(word for line in lines for word in line.split())
        assert read == Counter(text for _, _, text in raw)


@given(st.floats(min_value=-300, max_value=900), st.floats(min_value=-300, max_value=900))
def test_reading_does_not_depend_on_where_the_page_box_starts(dx: float, dy: float) -> None:
    left, right = prose("left", 7), prose("right", 7)
    boxes = [
        Box(b.x0 + dx, b.x1 + dx, b.top + dy, b.bottom + dy, b.text)
        for b in two_columns(left, right)
    ]
    assert column_reading(boxes) == [*left, "", *right]


def test_heading_just_above_full_width_text_follows_the_columns() -> None:
    left, right = prose("left", 6), prose("right", 4)
    boxes = two_columns(left, right)
    last_top = 100 + 5 * LEADING
    boxes += line_boxes(last_top + 2 * LEADING, [(72, "FINAL DIAGNOSIS")])
    diagnosis = " ".join(["Myelodysplastic neoplasm with low blasts"] * 3)
    boxes += line_boxes(last_top + 3 * LEADING, [(72, diagnosis)])
    lines = column_reading(boxes)
    assert lines is not None
    assert lines[-2:] == ["FINAL DIAGNOSIS", diagnosis]
    assert lines[: len(left)] == left


def test_label_value_pairs_with_long_values_are_not_columns() -> None:
    boxes: list[Box] = []
    pairs = [
        ("Patient:", "Ana Rivera"),
        ("Address:", "12 Long Street Name, Springfield, Some State"),
        ("Ordering physician:", "Dr. Someone Else"),
        ("Specimen:", "Bone marrow aspirate and core biopsy, left iliac"),
        ("Collected:", "2024-03-01 09:30"),
        ("Received:", "2024-03-01 13:02"),
    ]
    for index, (label, value) in enumerate(pairs):
        boxes += line_boxes(100 + index * LEADING, [(72, label), (330, value)])
    assert column_reading(boxes) is None


def test_a_small_table_inside_the_right_column_keeps_the_columns_apart() -> None:
    left = prose("left", 12)
    right = [
        *prose("right", 5),
        "Test      Result",
        "Hgb       10.2",
        "Plt       88",
        *prose("more", 4),
    ]
    boxes: list[Box] = []
    for index in range(max(len(left), len(right))):
        pieces: list[tuple[float, str]] = []
        if index < len(left):
            pieces.append((72.0, left[index]))
        if index < len(right):
            # a table row is two cells with a wide gap between them
            cells = right[index].split("      ") if "      " in right[index] else [right[index]]
            pieces += [(330.0 + 60.0 * n, cell.strip()) for n, cell in enumerate(cells)]
        boxes += line_boxes(100 + index * LEADING, pieces)
    lines = column_reading(boxes)
    assert lines is not None
    assert lines[: len(left)] == left
    assert lines[len(left) + 1 :] == [
        *prose("right", 5),
        "Test Result",
        "Hgb 10.2",
        "Plt 88",
        *prose("more", 4),
    ]
