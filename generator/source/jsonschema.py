"""JSON Schemas of the content files (plans, units.yaml, site.yaml, glossary.yaml, ngay-nghi.yaml), derived
from the model, for editors' YAML completion (associated with the files in .vscode/settings.json)."""
from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date
from typing import Annotated, Any, Literal, Union

from generator.source.model import DaySwaps, Deadline, Glossary, PartialDate, Plan, Ref, Site, SlugMark, Units
from generator.source.objects import yaml_name

_PARTIAL_DATE = {"type": "string", "pattern": r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$"}


def _schema(tp: Any, defs: dict) -> dict:
    origin = typing.get_origin(tp)
    if origin is Annotated:
        base, *marks = typing.get_args(tp)
        out = _schema(base, defs)
        for mark in marks:
            if isinstance(mark, (SlugMark, Ref)):
                out["pattern"] = "^[a-z0-9]+(-[a-z0-9]+)*$"
        return out
    if origin in (Union, types.UnionType):
        arms = [a for a in typing.get_args(tp) if a is not type(None)]
        return {"anyOf": [_schema(arms[0], defs), {"type": "null"}]}
    if origin is Literal:
        return {"enum": list(typing.get_args(tp))}
    if origin is tuple:
        return {"type": "array", "items": _schema(typing.get_args(tp)[0], defs)}
    if tp is Deadline or tp is str:
        return {"type": "string"}
    if tp is PartialDate:
        return dict(_PARTIAL_DATE)
    if tp is date:
        return {"type": "string", "format": "date"}
    if tp is int:
        return {"type": "integer"}
    if tp is bool:
        return {"type": "boolean"}
    name = tp.__name__
    if name not in defs:
        defs[name] = {}
        defs[name] = _object(tp, defs)
    return {"$ref": f"#/$defs/{name}"}


def _object(cls: type, defs: dict) -> dict:
    hints = typing.get_type_hints(cls, include_extras=True)
    properties, required = {}, []
    for f in dataclasses.fields(cls):
        if f.metadata.get("source"):
            continue
        key = yaml_name(cls, f.name)
        prop = _schema(hints[f.name], defs)
        prop["description"] = f.metadata.get("doc", "")
        if f.metadata.get("example"):
            prop["examples"] = [f.metadata["example"]]
        properties[key] = prop
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(key)
    out = {"type": "object", "description": (cls.__doc__ or "").strip(), "properties": properties,
           "additionalProperties": False}
    if required:
        out["required"] = required
    return out


def schema_for(cls: type) -> dict:
    """A JSON Schema (2020-12) document for one top-level model class."""
    defs: dict = {}
    root = _object(cls, defs)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": cls.__name__, **root,
            "$defs": dict(sorted(defs.items()))}


def schema_text(cls: type) -> str:
    """A committed schema file, byte for byte."""
    return json.dumps(schema_for(cls), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def plan_schema_text() -> str:
    """The committed `schema/plan.schema.json`, byte for byte."""
    return schema_text(Plan)


# Every schema file of schema/, beside plan.schema.json, and the content files it describes.
SCHEMAS: dict[str, tuple[type, str]] = {
    "plan.schema.json": (Plan, "content/plans/*.yaml"),
    "units.schema.json": (Units, "content/units.yaml"),
    "site.schema.json": (Site, "content/site.yaml"),
    "glossary.schema.json": (Glossary, "content/glossary.yaml"),
    "ngay-nghi.schema.json": (DaySwaps, "content/ngay-nghi.yaml"),
}
