"""The Frictionless Data Package descriptor (``datapackage.json``), generated from the Pandera
models so that the published documentation and the validated schemas never drift apart."""

from __future__ import annotations

import json
from pathlib import Path

import pandera.pandas as pa

from pipeline import __version__

# Each published file: its Pandera model (import path), primary key and foreign keys.
RESOURCES = [
    ("indicators", "schemas.cells:IndicatorCells", ["edition", "indicator_id", "year", "area"], []),
    ("anomalies", "schemas.anomalies:Anomalies", ["anomaly_id"],
     [(["edition", "indicator_id", "year", "area"], "indicators")]),
    ("figures", "schemas.figures:Figures", ["figure_id"], []),
    ("claims", "schemas.claims:Claims", ["claim_id"], [(["edition", "indicator_id", "year", "area"], "indicators")]),
]

UNITS = {"value": "percent", "value_printed": "percent", "value_suggested": "percent"}


def _model(path: str) -> type[pa.DataFrameModel]:
    module, name = path.split(":")
    return getattr(__import__(module, fromlist=[name]), name)


def _field_type(dtype) -> str:
    text = str(dtype).lower()
    if "int" in text:
        return "integer"
    if "float" in text:
        return "number"
    if "bool" in text:
        return "boolean"
    if "str" in text:
        return "string"
    return "object"


def field_descriptors(model: type[pa.DataFrameModel]) -> list[dict]:
    fields = []
    for name, column in model.to_schema().columns.items():
        field = {"name": name, "type": _field_type(column.dtype), "description": column.description or ""}
        if name == "year":
            field["type"] = "integer"
        if not column.nullable:
            field["constraints"] = {"required": True}
        for check in column.checks:
            allowed = check.statistics.get("allowed_values") if check.statistics else None
            if allowed is not None:
                field.setdefault("constraints", {})["enum"] = list(allowed)
        if name in UNITS:
            field["unit"] = UNITS[name]
        fields.append(field)
    return fields


# No primary key: a renamed row is one record without a year or area.
REVISIONS = ("revisions", "schemas.revisions:Revisions", [], [])


def datapackage(editions: list[str], with_revisions: bool = False) -> str:
    """The descriptor as JSON text (sorted, stable: byte-identical for the same editions)."""
    resources = []
    for name, model_path, key, foreign in [*RESOURCES, *([REVISIONS] if with_revisions else [])]:
        model = _model(model_path)
        resources.append({
            "name": name,
            "path": f"{name}.parquet",
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
            "description": (model.__doc__ or "").strip().splitlines()[0],
            "schema": {
                "fields": field_descriptors(model),
                **({"primaryKey": key} if key else {}),
                "foreignKeys": [{"fields": fields, "reference": {"resource": target, "fields": fields}}
                                for fields, target in foreign],
                "missingValues": [""],
            },
        })
    package = {
        "name": "nplv-voortgangsrapportage",
        "title": "NPLV progress report: statistical appendix, anomalies, body figures and claims",
        "description": "Open data extracted and validated from the progress reports of the Nationaal "
                       "Programma Leefbaarheid en Veiligheid. Printed values are kept; corrections are "
                       "reviewed and listed.",
        "version": __version__,
        "editions": sorted(editions),
        "resources": resources,
    }
    return json.dumps(package, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def columns_markdown() -> str:
    """Every published column with its type and meaning, from the Pandera models (for the data dictionary)."""
    lines = []
    for name, model_path, key, _ in [*RESOURCES, REVISIONS]:
        model = _model(model_path)
        keyed = f"Key: {', '.join(f'`{k}`' for k in key)}." if key else "Written by a run given `--previous` and by `diff --out`."
        lines += [f"**`{name}.parquet`**: {(model.__doc__ or '').strip().splitlines()[0]} {keyed}", "",
                  "| column | type | meaning |", "| --- | --- | --- |"]
        for field in field_descriptors(model):
            meaning = field["description"].replace("|", "\\|")
            allowed = field.get("constraints", {}).get("enum")
            if allowed:
                meaning += " One of: " + ", ".join(f"`{v}`" for v in allowed) + "."
            if field.get("unit"):
                meaning += f" Unit: {field['unit']}."
            optional = "" if field.get("constraints", {}).get("required") else ", may be null"
            lines.append(f"| `{field['name']}` | {field['type']}{optional} | {meaning} |")
        lines.append("")
    return "\n".join(lines)


COLUMNS_MARKERS = ("<!-- columns: generated by pipeline.package.columns_markdown -->", "<!-- end of columns -->")
DATA_DICTIONARY = Path("docs/data-dictionary.md")


def update_data_dictionary(path: Path = DATA_DICTIONARY) -> bool:
    """Rewrite the column tables between ``COLUMNS_MARKERS`` in the data dictionary
    (``docs/data-dictionary.md``, from the project root); True when they changed."""
    text = path.read_text(encoding="utf-8")
    start, end = COLUMNS_MARKERS
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    new = f"{head}{start}\n\n{columns_markdown()}\n{end}{tail}"
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text
