import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.numbers import GLUED_FIGURES, is_value_token, parse_table_value, wrapped_figure


@pytest.mark.parametrize(
    "printed, kind, value, comma",
    [
        ("60.35%", "number", 60.35, False),
        ("31%", "number", 31.0, False),
        ("1500.00%", "number", 1500.0, False),
        ("9,39%", "number", 9.39, True),
        ("0.04%", "number", 0.04, False),
        ("60.35 %", "number", 60.35, False),
        ("\u2013", "dash", None, False),
        ("\u2014", "dash", None, False),
        ("", "empty", None, False),
        ("   ", "empty", None, False),
        ("n.v.t.", "unreadable", None, False),
        ("12..5%", "unreadable", None, False),
        ("%", "unreadable", None, False),
    ],
)
def test_parse_table_value_reads_printed_cells(printed, kind, value, comma):
    parsed = parse_table_value(printed)
    assert parsed.kind == kind
    assert parsed.value == (pytest.approx(value) if value is not None else None)
    assert parsed.decimal_comma is comma


@pytest.mark.parametrize("word", ["60.35%", "31%", "\u2013", "8.17", "9,39%"])
def test_values_are_value_tokens(word):
    assert is_value_token(word)


@pytest.mark.parametrize("word", ["2015", "17", "jaar", "(16+)", "60-200", "E", "t/m"])
def test_label_words_are_not_value_tokens(word):
    assert not is_value_token(word)


@given(st.decimals(min_value=0, max_value=10000, places=2, allow_nan=False, allow_infinity=False))
def test_formatted_percentages_read_back_exactly(number):
    assert parse_table_value(f"{number:.2f}%").value == pytest.approx(float(number))


@given(st.text(max_size=20))
def test_junk_never_crashes_the_parser(text):
    parsed = parse_table_value(text)
    assert parsed.kind in {"number", "dash", "empty", "unreadable"}


def test_figures_run_together_are_found_each_with_its_own_sign():
    def figures(text: str) -> list[str]:
        return [m.group() for m in GLUED_FIGURES.finditer(text)]

    assert figures("Onveiligheid42.09%7.81%––42.55%") == ["42.09%", "7.81%", "–", "–", "42.55%"]
    # A hyphen right after a letter ends a word broken at a line's end: no minus of the figure.
    assert figures("dat eenleef-60.35% 14.11%") == ["60.35%", "14.11%"]
    # A minus after a space, a figure or a bracket is the figure's.
    assert figures("x -5.00% 1.00%-2.00% (x)-3.0%") == ["-5.00%", "1.00%", "-2.00%", "-3.0%"]


# --- properties ----------------------------------------------------------------------------------

from decimal import Decimal  # noqa: E402

from hypothesis import example, settings  # noqa: E402


@given(st.decimals(min_value=-10000, max_value=10000, allow_nan=False, allow_infinity=False, places=4),
       st.integers(min_value=0, max_value=4), st.sampled_from([".", ","]), st.sampled_from(["%", " %", ""]))
@example(Decimal("1500.00"), 2, ".", "%")
@example(Decimal("0"), 0, ",", "")
@settings(max_examples=300)
def test_formatted_numbers_read_back_exactly(number, places, separator, percent):
    """Any number the table could print, with any decimals, either separator and with or
    without a percent sign, reads back as exactly the number written (no float drift), and
    reads as a table value when it has a percent sign or decimals."""
    written = f"{number:.{places}f}"
    printed = written.replace(".", separator) + percent
    parsed = parse_table_value(printed)
    assert parsed.kind == "number"
    assert parsed.value == float(written)
    assert parsed.decimal_comma is (separator == "," and places > 0)
    if percent or places:
        assert is_value_token(printed.replace(" ", ""))


@given(st.text(max_size=30))
@settings(max_examples=300)
def test_junk_never_crashes_the_token_test(text):
    assert is_value_token(text) in (True, False)


@given(st.text(alphabet=st.sampled_from(list("0123456789.,%-\u2013\u2212+ eE")), max_size=12))
@settings(max_examples=500)
def test_number_like_junk_is_read_or_refused_consistently(text):
    """Strings of number characters: a number comes with a value, anything else without one."""
    parsed = parse_table_value(text)
    assert (parsed.value is not None) == (parsed.kind == "number")
    if parsed.kind == "number":
        assert parsed.value == parsed.value  # not NaN


def test_a_figure_wrapped_in_a_narrow_cell_reads_whole_where_its_row_carries_the_unit():
    row = ["10%", "10.00%", "14.00%"]
    assert wrapped_figure("1500.00", "%", row) == "1500.00%"
    assert wrapped_figure("1500.0", "0%", row) == "1500.00%"
    assert wrapped_figure("14.00%", "%", row) is None  # it has its unit
    assert wrapped_figure("1500.00", "%", ["10", "10.00", "14.00%"]) is None  # the row mostly has none
    assert wrapped_figure("1500.00", "kinderen", row) is None  # no value with it
