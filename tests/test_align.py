"""The ragged-row aligner, on small hand-built rows."""

from pipeline.appendix.align import AlignSettings, align_row
from pipeline.appendix.model import Slot
from pipeline.catalog import Indicator

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
