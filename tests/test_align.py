"""The ragged-row aligner, on small hand-built rows."""

from pipeline.appendix.align import AlignSettings, align_row
from pipeline.appendix.model import Slot
from pipeline.catalog import Indicator, default_catalog

YEARS = [2020, 2021, 2022, 2023, 2024]
SLOTS = [Slot(y, a) for y in YEARS for a in ("NPLV", "NL")]
FREE = list(range(len(SLOTS)))
BIENNIAL = Indicator("x", "X", "", cycle=2, cycle_anchor=2018)
YEARLY = Indicator("y", "Y", "")


def _placed(alignment, tokens):
    return {(SLOTS[s].year, SLOTS[s].area): t for s, t in zip(alignment.best.slots, tokens)}


def test_biennial_indicator_leaves_odd_years_empty():
    tokens = ["0.12%", "0.01%", "0.04%", "0.03%", "\u2013", "\u2013", "0.12%", "0.05%"]
    alignment = align_row(tokens, SLOTS, FREE, {}, BIENNIAL)
    placed = _placed(alignment, tokens)
    assert (2021, "NPLV") not in placed and (2021, "NL") not in placed
    assert placed[(2022, "NPLV")] == "0.04%"
    assert alignment.margin > AlignSettings().ambiguity_margin


def test_yearly_series_keeps_each_area_smooth():
    # NPLV around 13, NL around 5: one value missing somewhere in the middle (2022 NL).
    tokens = ["13.0%", "5.4%", "11.8%", "4.8%", "8.4%", "7.6%", "3.1%", "7.0%", "2.9%"]
    alignment = align_row(tokens, SLOTS, FREE, {}, YEARLY)
    placed = _placed(alignment, tokens)
    assert (2022, "NL") not in placed
    assert placed[(2023, "NPLV")] == "7.6%"


def test_context_from_the_left_page_informs_the_placement():
    # Only one value: is it NPLV's or NL's 2020 figure? The 2019 cells tell.
    slots = [Slot(2019, "NPLV"), Slot(2019, "NL"), Slot(2020, "NPLV"), Slot(2020, "NL")]
    context = {0: "40.00%", 1: "10.00%"}
    alignment = align_row(["10.50%"], slots, [2, 3], context, YEARLY)
    assert alignment.best.slots == (3,)
    alignment = align_row(["39.00%"], slots, [2, 3], context, YEARLY)
    assert alignment.best.slots == (2,)


def test_without_evidence_the_row_ends_early_and_the_choice_is_ambiguous():
    tokens = ["\u2013"] * 9
    alignment = align_row(tokens, SLOTS, FREE, {}, YEARLY)
    assert alignment.best.slots == tuple(range(9))
    assert alignment.margin < AlignSettings().ambiguity_margin


def test_alternatives_are_ranked_by_cost():
    tokens = ["1.0%", "2.0%", "1.1%"]
    alignment = align_row(tokens, SLOTS, FREE, {}, YEARLY)
    costs = [alignment.best.cost] + [a.cost for a in alignment.alternatives]
    assert costs == sorted(costs)
    assert len(alignment.alternatives) == AlignSettings().alternatives_kept


# --- properties: any ragged row is placed, in order, or refused --------------------------------

import math  # noqa: E402

import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from pipeline.appendix.align import describe  # noqa: E402

PRINTED = st.one_of(
    st.decimals(min_value=0, max_value=2000, places=2).map(lambda d: f"{d}%"),
    st.sampled_from(["\u2013", "-", "", "n.v.t.", "1500.00%", "9,39%", "0.00%"]),
    st.text(max_size=6),
)


@st.composite
def ragged_rows(draw, max_years: int = 10):
    years = draw(st.integers(min_value=1, max_value=max_years))
    first = draw(st.integers(min_value=2000, max_value=2030))
    slots = [Slot(first + y, area) for y in range(years) for area in ("NPLV", "NL")]
    free = sorted(draw(st.sets(st.integers(0, len(slots) - 1), min_size=1)))
    context = {i: draw(PRINTED) for i in range(len(slots)) if i not in free and draw(st.booleans())}
    tokens = draw(st.lists(PRINTED, min_size=0, max_size=len(free)))
    entry = draw(st.one_of(st.none(), st.builds(
        lambda cycle, anchor: Indicator("p", "P", "", cycle=cycle, cycle_anchor=anchor),
        st.integers(1, 3), st.integers(1990, 2030))))
    return tokens, slots, free, context, entry


def _assert_valid_placement(placement, tokens, free):
    assert len(placement.slots) == len(tokens)
    assert list(placement.slots) == sorted(set(placement.slots))  # in printed order, one slot each
    assert set(placement.slots) <= set(free)
    assert math.isfinite(placement.cost)


@given(ragged_rows())
@settings(max_examples=300, deadline=None)
def test_any_ragged_row_is_placed_in_printed_order_into_free_slots(row):
    tokens, slots, free, context, entry = row
    alignment = align_row(tokens, slots, free, context, entry)
    _assert_valid_placement(alignment.best, tokens, free)
    for alternative in alignment.alternatives:
        _assert_valid_placement(alternative, tokens, free)
        assert alternative.cost >= alignment.best.cost
    assert alignment.margin is None or alignment.margin >= 0
    assert describe(alignment.best, slots, tokens, free)  # the decision can always be reported


@given(ragged_rows(max_years=12), st.integers(1, 3))
@settings(max_examples=100, deadline=None)
def test_a_row_with_more_values_than_free_slots_is_refused_not_placed(row, extra):
    tokens, slots, free, context, entry = row
    too_many = list(tokens) + ["1.00%"] * (len(free) - len(tokens) + extra)
    with pytest.raises(ValueError):
        align_row(too_many, slots, free, context, entry)


def test_a_row_too_wide_to_search_is_left_packed_and_still_valid():
    """Above max_placements the aligner does not search; the row is still placed and reported."""
    slots = [Slot(2000 + y, a) for y in range(10) for a in ("NPLV", "NL")]
    free = list(range(len(slots)))
    tokens = [f"{i}.00%" for i in range(10)]  # C(20, 10) placements: more than the default limit
    alignment = align_row(tokens, slots, free, {}, YEARLY, AlignSettings(max_placements=1000))
    assert alignment.best.slots == tuple(range(10))
    _assert_valid_placement(alignment.best, tokens, free)


def test_a_figure_is_not_placed_in_an_area_its_row_is_not_measured_for():
    # Woonduur is measured in the NPLV areas only: its four values go to 2018-2019, not a figure
    # to 2019 NL (which a series of one value would cost nothing).
    entry = default_catalog().match("Verhuisbeweging: woonduur afgelopen 10 jaar", "1 tot 3 jaar").entry
    slots = [Slot(year, area) for year in (2018, 2019, 2020) for area in ("NPLV", "NL")]
    alignment = align_row(["11.59%", "–", "12.03%", "–"], slots, list(range(6)), {}, entry)
    assert alignment.best.slots == (0, 1, 2, 3)


def test_values_written_a_line_each_are_shared_out_a_row_of_columns_at_a_time():
    # pypdf's and PyMuPDF's plain text of the edition's right page: a value a line, no blank
    # line between rows. The biennial row lacks its two 2021 cells (eight values, not ten); the
    # rows around it print every column. Rows take their columns' values, the short row eight.
    from pipeline.appendix.align import group_runs

    full = [f"{v}.00%" for v in range(10, 20)]
    short = ["0.12%", "0.01%", "0.04%", "0.03%", "\u2013", "\u2013", "0.12%", "0.05%"]
    rows = [full, full, short, full, full]
    runs = [[value] for row in rows for value in row]
    entries = [YEARLY, YEARLY, BIENNIAL, YEARLY, YEARLY]
    groups, end = group_runs(runs, [False] * len(runs), [{} for _ in rows], entries, SLOTS, FREE, AlignSettings(),
                             a_value_each=True)
    assert [len(group) for group in groups] == [10, 10, 8, 10, 10]
    assert end == len(runs)
    assert [runs[k][0] for k in groups[2]] == short

