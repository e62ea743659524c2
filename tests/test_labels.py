import pytest

from pipeline.appendix.labels import join_label_lines, row_cut_short, split_interleaved
from pipeline.catalog import default_catalog


@pytest.mark.parametrize(
    "lines, joined",
    [
        (["Inwoners die geen startkwalificatie hebben en wel een oplei-", "ding volgen"],
         "Inwoners die geen startkwalificatie hebben en wel een opleiding volgen"),
        (["Gem. NPLV-", "gebieden"], "Gem. NPLV-gebieden"),
        (["(beroeps-", "en niet-beroepsbevolking)"], "(beroeps- en niet-beroepsbevolking)"),
        (["Leefbaarometer 'Sociale", "Samenhang'"], "Leefbaarometer 'Sociale Samenhang'"),
        # Gnumeric breaks a word too long for its cell with U+2010 HYPHEN.
        (["Leefbaaromet\u2010", "er 'Algemeen'"], "Leefbaarometer 'Algemeen'"),
        (["Samenstelling woningvoorra\u2010", "ad"], "Samenstelling woningvoorraad"),
    ],
)
def test_pdf_lines_join_into_the_printed_label(lines, joined):
    assert join_label_lines(lines) == joined


def test_text_edition_line_without_trailing_space_continues_the_word():
    lines = ["een betalings", "achterstand heeft "]
    assert join_label_lines(lines, trailing_space_marks_word_end=True) == "een betalingsachterstand heeft"
    assert join_label_lines(["zwak of ", "lager"], trailing_space_marks_word_end=True) == "zwak of lager"


def test_a_line_broken_before_closing_punctuation_joins_without_a_space():
    # LibreOffice Calc breaks "Verhuisbeweging: woonduur" in a narrow cell before the colon.
    assert join_label_lines(["Verhuisbeweging", ": woonduur afgelopen 10 jaar"]) == \
        "Verhuisbeweging: woonduur afgelopen 10 jaar"
    assert join_label_lines(["(16+) een betalingsachterstand", ", oninbare schulden"]) == \
        "(16+) een betalingsachterstand, oninbare schulden"


def test_a_lone_letter_the_vocabulary_does_not_hold_ends_the_word_above():
    # A word too long for its cell, broken without a hyphen: "Bijstandsontvanger" / "s".
    vocabulary = frozenset({"personen", "van", "15", "jaar", "a"})
    assert join_label_lines(["Bijstandsontvanger", "s"], vocabulary=vocabulary) == "Bijstandsontvangers"
    # A one-letter word the labels use stays a word.
    assert join_label_lines(["Klasse", "a"], vocabulary=vocabulary) == "Klasse a"
    # Without a vocabulary nothing says the letter is no word.
    assert join_label_lines(["Bijstandsontvanger", "s"]) == "Bijstandsontvanger s"


def test_a_hyphen_an_extractor_took_for_a_hyphenation_comes_back_where_the_catalog_spells_it():
    # poppler's pdftotext (default mode) joins "74-" + "jarigen" into "74jarigen".
    vocabulary = frozenset({"van", "15", "t/m", "74-jarigen", "niet-beroepsbevolking", "(beroeps-", "en"})
    assert join_label_lines(["(beroeps- en nietberoepsbevolking) van 15 t/m 74jarigen"], vocabulary=vocabulary) == \
        "(beroeps- en niet-beroepsbevolking) van 15 t/m 74-jarigen"
    # A word the catalog spells without a hyphen, or does not know, stays as printed.
    assert join_label_lines(["oninbare 74jarigen"]) == "oninbare 74jarigen"
    assert join_label_lines(["Nietberoeps"], vocabulary=vocabulary) == "Nietberoeps"


def test_a_word_a_narrow_cell_broke_over_several_lines_is_joined_where_the_catalog_holds_it_whole():
    # LibreOffice (a pandoc Word document's narrow label columns) breaks a word too long for its
    # cell where no more of it fits, without a hyphen, the pieces between on lines of their own.
    vocabulary = default_catalog().vocabulary
    assert join_label_lines(["een betalingsa", "chterstan", "d heeft bij"], vocabulary=vocabulary) == \
        "een betalingsachterstand heeft bij"
    assert join_label_lines(["Bijstandsg", "erechtigd", "en"], vocabulary=vocabulary) == "Bijstandsgerechtigden"
    # A curly quote is no part of the word: "‘Algemee" / "n’" is "Algemeen".
    assert join_label_lines(["Leefbaarometer \u2018Algemee", "n\u2019"], vocabulary=vocabulary) == \
        "Leefbaarometer \u2018Algemeen\u2019"
    # Pieces that spell no word of the catalog (a renamed row) keep the break as a space, and so
    # do whole words: the next line's first word is no piece.
    assert join_label_lines(["Bijstand", "sontvan", "gers"], vocabulary=vocabulary) == "Bijstand sontvan gers"
    assert join_label_lines(["een gebied", "dat een"], vocabulary=vocabulary) == "een gebied dat een"


def test_a_closing_quote_broken_onto_a_line_of_its_own_closes_the_word_above():
    assert join_label_lines(["Leefbaarometer", "\u2018Woningvoorraad", "\u2019"]) == \
        "Leefbaarometer \u2018Woningvoorraad\u2019"


def test_interleaved_label_lines_divide_where_the_catalogs_case_says():
    # A row centred on its values (an HTML table's default alignment) with the indicator on
    # every row: "Armoedegrens" beside the values, the specification's last word "armoedegrens"
    # under it. Both spell the catalog's letters; its case says which is the indicator.
    lines = [["Aandeel", "huishoudens", "onder", "de"], ["Armoedegrens"], ["armoedegrens"]]
    assert split_interleaved(lines, default_catalog()) == ("Armoedegrens", "Aandeel huishoudens onder de armoedegrens")


def test_a_row_whose_specification_another_part_of_a_spread_prints_cut_short_is_that_row():
    # jsPDF's autoTable splits a row over a page break in one part and drops the rest of the
    # cell in the other (tests/regressions/README.md).
    whole = ("Bijstandsgerechtigden", "Personen van 15 jaar en ouder met een bijstandsuitkering op grond van de WWB")
    cut = ("Bijstandsgerechtigden", "Personen van 15 jaar en ouder met een bijstandsuitkering op")
    other = ("Ervaren gezondheid", "Personen van 18 jaar en ouder")
    assert row_cut_short(cut, [(3, other), (7, whole)], 4) == [7]
    assert row_cut_short(whole, [(3, other), (7, cut)], 4) == [7]  # cut short in the first part
    # Not inside a word, not under another indicator, not of a few words, not of two rows.
    assert row_cut_short(("Bijstandsgerechtigden", "Personen van 15 jaar en ouder met een bijstands"), [(7, whole)], 4) == []
    assert row_cut_short(("Arbeidsparticipatie", cut[1]), [(7, whole)], 4) == []
    assert row_cut_short(("Bijstandsgerechtigden", "Personen van"), [(7, whole)], 4) == []
    assert row_cut_short(cut, [(7, whole), (9, whole)], 4) == []
