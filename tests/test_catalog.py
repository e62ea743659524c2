import os
import tomllib

import pytest

from pipeline.catalog import Aggregate, Catalog, Group, Indicator, default_catalog, label_key, load_catalog, spelled_as
from pipeline.catalog_file import AREA_CODES, UNITS
from pipeline.errors import InputError
from tests.conftest import ROOT


def test_catalog_has_unique_ids_and_known_group_members():
    catalog = default_catalog()
    ids = [e.id for e in catalog.indicators]
    assert len(ids) == len(set(ids))
    assert {m for g in catalog.groups for m in g.members} <= set(ids)


def test_text_label_is_split_where_the_indicator_ends():
    match = default_catalog().match_text("Samenstelling woningvoorraad Koop", None)
    assert match.entry.id == "woningvoorraad-koop"
    assert (match.indicator, match.specification) == ("Samenstelling woningvoorraad", "Koop")


def test_specification_alone_continues_the_indicator_above():
    match = default_catalog().match_text("Particuliere huur", "Samenstelling woningvoorraad")
    assert match.entry.id == "woningvoorraad-particuliere-huur"
    assert match.indicator == ""


def test_same_specification_under_two_indicators_follows_the_row_above():
    catalog = default_catalog()
    assert catalog.match_text("Afgelopen 10 jaar", "Verhuisbeweging: doorloopsnelheid").entry.id == "doorloopsnelheid-10-jaar"


def test_slightly_renamed_row_keeps_its_id():
    match = default_catalog().match("Leefbaarometer Algemeen", "Woningen in een gebied met een leefbaarheidsscore van zwak of lager")
    assert match.entry.id == "leefbaarometer-algemeen"


def test_unrelated_row_matches_nothing():
    match = default_catalog().match("Eenzaamheid", "Volwassenen die zich (zeer) eenzaam voelen")
    assert match.entry is None


def test_unknown_text_row_under_known_indicator_is_still_split():
    match = default_catalog().match_text("Definitief schooladvies PO Praktijkonderwijs", None)
    assert match.entry is None
    assert (match.indicator, match.specification) == ("Definitief schooladvies PO", "Praktijkonderwijs")


def test_aliases_name_other_printed_labels(tmp_path):
    path = tmp_path / "catalog.toml"
    path.write_text(
        '[[indicator]]\nid = "a"\nindicator = "Armoedegrens"\nspecification = "Huishoudens"\n'
        'aliases = ["Lage inkomens | Huishoudens met een laag inkomen"]\n',
        encoding="utf-8",
    )
    assert load_catalog(path).match("Lage inkomens", "Huishoudens met een laag inkomen").entry.id == "a"


def test_measurement_cycle():
    entry = default_catalog().by_id("leefbaarometer-algemeen")
    assert [y for y in range(2018, 2025) if entry.measured_in(y)] == [2018, 2020, 2022, 2024]


def test_any_topic_keyword_finds_a_rows_topic_words_in_lower_case_text():
    catalog = default_catalog()
    assert catalog.any_topic_keyword.search("ervaren bijna 2 keer zoveel overlast en onveiligheid")
    assert catalog.any_topic_keyword.search("de woningvoorraad groeit") is None


# --- The catalog file's format (pipeline/catalog_file.py) -------------------------------------

SHIPPED = ROOT / "schemas" / "indicators.toml"
TWO = '[[indicator]]\nid = "a"\nindicator = "A"\n\n[[indicator]]\nid = "b"\nindicator = "B"\n'


def _as_read_before_validation(path) -> Catalog:
    """The catalog as the reader made it before the file had a schema: read as written, no checks."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    lower = lambda item, key: tuple(k.lower() for k in item.get(key, ()))  # noqa: E731
    return Catalog(
        tuple(Indicator(i["id"], i["indicator"], i.get("specification", ""), i.get("unit", "percent"),
                        int(i.get("cycle", 1)), int(i.get("cycle_anchor", 2000)), tuple(i.get("aliases", ())),
                        lower(i, "keywords"), lower(i, "exclude_keywords"), lower(i, "topic_keywords"),
                        tuple(i.get("areas", ("NPLV", "NL"))))
              for i in data.get("indicator", [])),
        tuple(Group(g["id"], g.get("label", g["id"]), tuple(g["members"]), g.get("total"),
                    float(g.get("tolerance", 1.0)), g.get("max_total")) for g in data.get("group", [])),
        tuple(Aggregate(a["id"], a.get("label", a["id"]), tuple(a["members"]), lower(a, "keywords"),
                        lower(a, "exclude_keywords")) for a in data.get("aggregate", [])),
    )


def test_the_shipped_catalog_loads_as_it_did_before_it_was_validated():
    catalog = load_catalog()
    assert catalog == _as_read_before_validation(SHIPPED) == default_catalog()
    assert (len(catalog.indicators), len(catalog.groups), len(catalog.aggregates)) == (37, 4, 1)
    assert load_catalog(SHIPPED) == catalog


def test_the_catalogs_units_are_the_units_cells_are_published_in():
    from schemas.cells import UNITS as PUBLISHED

    assert list(UNITS) == list(PUBLISHED)


def test_the_catalogs_areas_are_the_areas_cells_are_published_for():
    from schemas.cells import AREAS as PUBLISHED

    assert list(AREA_CODES) == list(PUBLISHED)
    # The rows the table prints a dash for in NL every year are measured in the NPLV areas only.
    woonduur = load_catalog().by_id("woonduur-minder-dan-1-jaar")
    assert woonduur.areas == ("NPLV",)
    assert load_catalog().by_id("woningvoorraad-koop").areas == ("NPLV", "NL")


def _refused(tmp_path, text: str) -> str:
    path = tmp_path / "catalog.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_catalog(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message.split(": ", 1)[1]


@pytest.mark.parametrize("text, expected", [
    ("indicators = []\n" + TWO, "unknown top-level key 'indicators' (did you mean 'indicator'? allowed: indicator, group, aggregate)"),
    (TWO + 'unti = "percent"\n', "[[indicator]] #2 (id 'b'): unknown key 'unti' (did you mean 'unit'? allowed: id, indicator,"),
    (TWO + '[[group]]\nid = "g"\nmembers = ["a", "b"]\ntotal = 100.0\ntolerence = 1\n', "[[group]] #1 (id 'g'): unknown key 'tolerence'"),
    (TWO + '[[aggregate]]\nid = "ab"\nmembers = ["a", "b"]\nkeyword = ["x"]\n', "[[aggregate]] #1 (id 'ab'): unknown key 'keyword'"),
])
def test_unknown_catalog_keys_are_refused(tmp_path, text, expected):
    assert expected in _refused(tmp_path, text)


@pytest.mark.parametrize("line, expected", [
    ('cycle = "2"', """'cycle' must be a whole number of years, at least 1, not "2\""""),
    ("cycle = true", "'cycle' must be a whole number of years, at least 1, not true"),
    ("cycle = 2.0", "'cycle' must be a whole number of years, at least 1, not 2.0"),
    ("cycle = 0", "'cycle' must be a whole number of years, at least 1, not 0"),
    ("cycle_anchor = 18", "'cycle_anchor' must be a year from 1900 to 2100, not 18"),
    ('unit = "euro"', """'unit' must be one of "percent", not "euro\""""),
    ('keywords = "koopwoning"', """'keywords' must be an array of non-empty texts, not "koopwoning\""""),
    ('keywords = ["koopwoning", 5]', "'keywords' must be an array of non-empty texts; item 2 is 5"),
    ('topic_keywords = [" "]', """'topic_keywords' must be an array of non-empty texts; item 1 is " \""""),
    ('areas = ["Amsterdam"]', """'areas' must be an array of the areas the row is measured for: "NPLV", "NL"; item 1 is "Amsterdam\""""),
    ("areas = []", """'areas' must be an array of the areas the row is measured for: "NPLV", "NL", not []"""),
    ("specification = 5", "'specification' must be a text: the Specificatie label (\"\" when the row has none), not 5"),
])
def test_an_indicator_of_the_wrong_type_or_an_impossible_value_is_refused(tmp_path, line, expected):
    assert _refused(tmp_path, TWO + line + "\n") == f"[[indicator]] #2 (id 'b'): {expected}"


@pytest.mark.parametrize("table, expected", [
    ('[[indicator]]\nid = "A b"\nindicator = "A"\n',
     """[[indicator]] #1 (id 'A b'): 'id' must be a slug of lower-case letters, digits and single hyphens, such as "middeninkomen", not "A b\""""),
    ('[[indicator]]\nid = ""\nindicator = "A"\n', "[[indicator]] #1: 'id' must be a slug"),
    ('[[indicator]]\nindicator = "A"\n', "[[indicator]] #1: 'id' is missing (a slug"),
    ('[[indicator]]\nid = "a"\nindicator = " "\n', """[[indicator]] #1 (id 'a'): 'indicator' must be a non-empty text: the Indicator label as printed, not " \""""),
    ("indicator = [1]\n", "[[indicator]] #1 must be a table, not 1"),
])
def test_an_indicator_without_a_valid_id_is_refused(tmp_path, table, expected):
    assert expected in _refused(tmp_path, table)


@pytest.mark.parametrize("tables, expected", [
    (TWO + '[[indicator]]\nid = "a"\nindicator = "C"\n', "[[indicator]] #3 (id 'a'): 'id' repeats that of [[indicator]] #1 (id 'a')"),
    (TWO + '[[group]]\nid = "g"\nmembers = ["a", "c"]\ntotal = 100.0\n', "[[group]] #1 (id 'g'): 'members' names unknown indicator ids 'c'"),
    (TWO + '[[aggregate]]\nid = "ab"\nmembers = ["a", "x", "y"]\n', "[[aggregate]] #1 (id 'ab'): 'members' names unknown indicator ids 'x', 'y'"),
    (TWO + '[[aggregate]]\nid = "a"\nmembers = ["a", "b"]\n',
     "[[aggregate]] #1 (id 'a'): 'id' is the id of [[indicator]] #1 (id 'a'); an aggregate needs an id of its own"),
    (TWO + '[[group]]\nid = "g"\nmembers = ["a", "b"]\ntotal = 100.0\n[[group]]\nid = "g"\nmembers = ["a", "b"]\nmax_total = 100.0\n',
     "[[group]] #2 (id 'g'): 'id' repeats that of [[group]] #1"),
    (TWO + '[[group]]\nid = "g"\nmembers = ["a", "a"]\ntotal = 100.0\n', "[[group]] #1 (id 'g') names 'a' more than once in 'members'"),
    (TWO + '[[group]]\nid = "g"\nmembers = ["a"]\ntotal = 100.0\n', "[[group]] #1 (id 'g'): 'members' must be an array of at least two indicator ids, not [\"a\"]"),
    (TWO + '[[group]]\nid = "g"\nmembers = ["a", "b"]\n', "[[group]] #1 (id 'g') gives neither 'total' nor 'max_total': nothing to check"),
    (TWO + '[[group]]\nid = "g"\nmembers = ["a", "b"]\ntotal = 100.0\ntolerance = -1\n', "[[group]] #1 (id 'g'): 'tolerance' must be a number, 0 or more, not -1"),
    (TWO + '[[group]]\nid = "g"\nmembers = ["a", "b"]\ntotal = inf\n', "[[group]] #1 (id 'g'): 'total' must be a number above 0, not inf"),
    (TWO + '[[group]]\nid = "g"\nmembers = ["a", "b"]\nmax_total = "100"\n', """[[group]] #1 (id 'g'): 'max_total' must be a number above 0, not "100\""""),
])
def test_groups_and_aggregates_must_name_known_distinct_ids_and_possible_totals(tmp_path, tables, expected):
    assert _refused(tmp_path, tables) == expected


def test_a_catalog_that_is_not_toml_is_an_input_error(tmp_path):
    assert _refused(tmp_path, "[[indicator]\n").startswith("indicator catalog cannot be read (Expected ']]'")


def test_a_catalog_that_is_not_a_regular_file_is_refused(tmp_path):
    fifo = tmp_path / "catalog.toml"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="indicator catalog is not a regular file"):
        load_catalog(fifo)  # refused without opening it: opening a FIFO would wait for a writer
    with pytest.raises(InputError, match="indicator catalog is not a regular file"):
        load_catalog(tmp_path)


def test_a_valid_catalog_is_read_with_its_defaults(tmp_path):
    path = tmp_path / "catalog.toml"
    path.write_text(TWO + 'keywords = ["Koopwoning"]\n[[group]]\nid = "g"\nmembers = ["a", "b"]\ntotal = 100\n', encoding="utf-8")
    catalog = load_catalog(path)
    assert catalog.indicators[1] == Indicator("b", "B", "", "percent", 1, 2000, (), ("koopwoning",))
    assert catalog.groups == (Group("g", "g", ("a", "b"), 100.0, 1.0, None),)
    assert isinstance(catalog.groups[0].total, float)


def test_a_row_renamed_in_one_part_is_known_by_the_other_only_when_that_names_one_untaken_entry():
    catalog = default_catalog()
    everyone = {e.id for e in catalog.indicators}
    spec = "Personen van 18 jaar en ouder dat de eigen gezondheid als (zeer) goed beoordeeld"
    match, kept = catalog.match_one_part("Gezondheidsbeleving", spec, everyone)
    assert (match.entry.id, kept) == ("ervaren-gezondheid", "specification")
    # Run together, as a text edition prints it: split where the specification starts.
    match, _ = catalog.match_one_part(f"Gezondheidsbeleving {spec}", "", everyone)
    assert (match.entry.id, match.indicator, match.specification) == ("ervaren-gezondheid", "Gezondheidsbeleving", spec)
    # The indicator alone names one entry only when its other entries are taken by other rows.
    assert catalog.match_one_part("Startkwalificatie", "Jongeren zonder diploma", everyone) is None
    untaken = everyone - {"startkwalificatie-zonder-opleiding"}
    match, kept = catalog.match_one_part("Startkwalificatie", "Jongeren zonder diploma", untaken)
    assert (match.entry.id, kept) == ("startkwalificatie-met-opleiding", "indicator")
    # A taken entry is not given twice.
    assert catalog.match_one_part("Gezondheidsbeleving", spec, everyone - {"ervaren-gezondheid"}) is None


def test_a_groups_rule_is_its_total_within_tolerance_and_its_upper_bound():
    # 2018 NPLV as printed: tenure 33.20 + 15.93 + 50.27; 2022 NPLV incomes 48.67 + 52.16 (the
    # two cells printed in each other's place) pass their bound of 100.
    tenure = Group("tenure", "Samenstelling woningvoorraad", ("koop", "particuliere-huur", "corporatie-huur"),
                   total=100.0, tolerance=1.5)
    assert tenure.holds(33.20 + 15.93 + 50.27) and not tenure.holds(33.20 + 15.93 + 48.00)
    income = Group("income", "Midden- en hoge inkomens", ("middeninkomen", "hoog-inkomen"), max_total=100.0)
    assert income.holds(48.32 + 8.52) and not income.holds(48.67 + 52.16)


def test_a_typesetters_curly_quotes_are_the_catalogs_straight_ones():
    assert label_key("Leefbaarometer ’Algemeen’") == label_key("Leefbaarometer 'Algemeen'")
    assert label_key("„Sociale” Samenhang") == label_key('"Sociale" Samenhang')
    match = default_catalog().match("Leefbaarometer ‘Algemeen’", "Woningen binnen een gebied dat een "
                                    "leefbaarheidscore van zwak of lager heeft")
    assert match.entry.id == "leefbaarometer-algemeen" and match.score == 1.0


def test_a_text_is_spelled_with_the_labels_spaces_and_hyphens_keeping_its_own_characters():
    label = "Leefbaarometer 'Woningvoorraad'"
    assert spelled_as("Leefbaarometer’Woningvoorraad’", label) == "Leefbaarometer ’Woningvoorraad’"
    # a hyphen the label does not print (a line's end in a narrow cell) is dropped ...
    assert spelled_as("Leefbaarometer ’Won- ingvoorraad’", label) == "Leefbaarometer ’Woningvoorraad’"
    # ... and one the text lost where the line broke is given back
    assert spelled_as("van 15 t/m 74jarigen", "van 15 t/m 74-jarigen") == "van 15 t/m 74-jarigen"
    assert spelled_as("Leefbaarometer Woningvoorraad", label) is None
    assert spelled_as("Leefbaarometer 'Woningvoorraad' nieuw", label) is None


BIJSTAND = ("Bijstandsgerechtigden", "Personen van 15 jaar en ouder met een bijstandsuitkering op grond van de WWB "
            "t/m 2014 en de Participatiewet vanaf 2015")


def test_an_indicator_run_into_its_specification_in_one_word_is_divided_where_the_catalog_divides_it():
    # TeX sets a word too wide for its cell into the next one: "BijstandsgerechtigdenPersonen".
    catalog = default_catalog()
    run_into = ("BijstandsgerechtigdenPersonen", BIJSTAND[1].removeprefix("Personen "))
    assert catalog.divided_inside_word(*run_into) == BIJSTAND
    # A division at a space is the reading's own, right or wrong: not moved.
    assert catalog.divided_inside_word("Bijstandsgerechtigden Personen", run_into[1]) is None
    assert catalog.divided_inside_word(*BIJSTAND) is None
    # Letters that spell no catalog label: nothing to divide by.
    assert catalog.divided_inside_word("BijstandsontvangersPersonen", run_into[1]) is None
