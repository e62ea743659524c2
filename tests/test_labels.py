import pytest

from pipeline.appendix.labels import join_label_lines


@pytest.mark.parametrize(
    "lines, joined",
    [
        (["Inwoners die geen startkwalificatie hebben en wel een oplei-", "ding volgen"],
         "Inwoners die geen startkwalificatie hebben en wel een opleiding volgen"),
        (["Gem. NPLV-", "gebieden"], "Gem. NPLV-gebieden"),
        (["(beroeps-", "en niet-beroepsbevolking)"], "(beroeps- en niet-beroepsbevolking)"),
        (["Leefbaarometer 'Sociale", "Samenhang'"], "Leefbaarometer 'Sociale Samenhang'"),
    ],
)
def test_pdf_lines_join_into_the_printed_label(lines, joined):
    assert join_label_lines(lines) == joined


def test_text_edition_line_without_trailing_space_continues_the_word():
    lines = ["een betalings", "achterstand heeft "]
    assert join_label_lines(lines, trailing_space_marks_word_end=True) == "een betalingsachterstand heeft"
    assert join_label_lines(["zwak of ", "lager"], trailing_space_marks_word_end=True) == "zwak of lager"
