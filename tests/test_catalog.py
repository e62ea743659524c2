from pipeline.catalog import default_catalog, load_catalog


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
