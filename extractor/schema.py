"""The public record schema: what one extracted press text becomes.

Every model here is part of the contract with downstream databases and with
the evaluation format (../shared/eval/FORMAT.md): field names the scorer reads
(`value`, `unit`, `qualifier`, `substance`, `quantity`, `ports`, `locode`,
`year`, `aggregate`, `name`, `role`) must not be renamed. Offsets always refer
to the original input string, metadata prefix included, so that
``text[start:end] == mention.text``; pass ``context={"text": text}`` to
``model_validate`` to have that checked.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

SCHEMA_VERSION = "1.0"

MIN_YEAR = 1900
MAX_YEAR = 2100
LOCODE_PATTERN = r"^[A-Z]{2}[A-Z0-9]{3}$"


class Unit(str, Enum):
    """Canonical units: mass, volume, pieces of goods, money."""

    g = "g"
    kg = "kg"
    t = "t"
    l = "l"  # noqa: E741 - the SI symbol for litre
    pieces = "pieces"
    EUR = "EUR"


class Qualifier(str, Enum):
    """How the text hedges an amount ("ruim", "ongeveer", "honderden" ...)."""

    exact = "exact"
    approximately = "approximately"
    more_than = "more_than"
    less_than = "less_than"
    at_least = "at_least"
    at_most = "at_most"
    vague = "vague"


class Substance(str, Enum):
    """Canonical English name of what was seized."""

    cocaine = "cocaine"
    heroin = "heroin"
    cannabis = "cannabis"
    hashish = "hashish"
    mdma = "mdma"
    amphetamine = "amphetamine"
    methamphetamine = "methamphetamine"
    ketamine = "ketamine"
    synthetic_drugs = "synthetic_drugs"
    precursors = "precursors"
    cigarettes = "cigarettes"
    tobacco = "tobacco"
    weapons = "weapons"
    ammunition = "ammunition"
    cash = "cash"
    counterfeit = "counterfeit"
    other = "other"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, use_enum_values=False)


class Mention(_Record):
    """A stretch of the input text: the evidence behind a value."""

    text: str = Field(description="The mention exactly as written: input[start:end].")
    start: int = Field(ge=0, description="Character offset of the first character in the input string.")
    end: int = Field(ge=0, description="Character offset one past the last character.")

    @model_validator(mode="after")
    def _offsets_match_text(self, info: ValidationInfo) -> Mention:
        if self.end < self.start:
            raise ValueError(f"end {self.end} before start {self.start}")
        source = info.context.get("text") if isinstance(info.context, dict) else None
        if source is not None:
            if self.end > len(source):
                raise ValueError(f"offset {self.end} outside a text of {len(source)} characters")
            if source[self.start : self.end] != self.text:
                raise ValueError(f"text[{self.start}:{self.end}] is not {self.text!r}")
        return self


class AlternateAmount(Mention):
    """Another form of the same amount in the same phrase ("160 ton (oftewel 160.000 kilo)")."""

    value: float = Field(description="The number as written, parsed (160.000 -> 160000).")
    unit: Unit = Field(description="Canonical unit of this form.")
    normalized_value: float = Field(description="Value in the base unit (mass in kg, volume in l).")
    normalized_unit: Unit = Field(description="Base unit: kg, l, pieces or EUR.")


class Quantity(Mention):
    """An amount of goods or money. Not staff, percentages, persons, dates or counts of arrests."""

    value: float = Field(
        description="The number as written (89,5 -> 89.5; anderhalve -> 1.5; vague: lower bound)."
    )
    unit: Unit = Field(description="Canonical unit as written: g, kg, t, l, pieces or EUR (110 ton stays t).")
    qualifier: Qualifier = Field(Qualifier.exact, description="Hedge on the amount; `vague` for 'honderden'.")
    normalized_value: float = Field(description="Value converted to the base unit (mass in kg, volume in l).")
    normalized_unit: Unit = Field(description="Base unit: kg, l, pieces or EUR.")
    alternates: list[AlternateAmount] = Field(
        default_factory=list, description="Restatements of the same amount in the same phrase."
    )


class PortRef(_Record):
    """A port as a reference: what a seizure row stores."""

    locode: str = Field(pattern=LOCODE_PATTERN, description="UN/LOCODE, e.g. NLRTM, BEANR.")
    name: str = Field(description="Canonical name from the gazetteer, e.g. 'Rotterdam'.")
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 country code.")


class Port(Mention):
    """A mention of a seaport or airport (by name, adjective or alias such as 'Scheldestad')."""

    locode: str = Field(pattern=LOCODE_PATTERN, description="UN/LOCODE of the port or its city.")
    name: str = Field(description="Canonical name from the gazetteer.")
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 country code.")
    kind: str = Field("seaport", description="'seaport' or 'airport'.")


class Year(Mention):
    """A calendar year the text refers to: written ('2021') or relative ('vorig jaar')."""

    year: int = Field(ge=MIN_YEAR, le=MAX_YEAR, description="The calendar year, relative phrases resolved.")
    relative: bool = Field(False, description="True when resolved from a phrase such as 'vorig jaar'.")


class DateMention(Mention):
    """A day the text refers to ('14 maart', 'vrijdag', 'in de nacht van maandag op dinsdag')."""

    date: dt.date | None = Field(description="Resolved against the publication date; null when unresolvable.")

    @model_validator(mode="after")
    def _sane_year(self) -> DateMention:
        if self.date is not None and not MIN_YEAR <= self.date.year <= MAX_YEAR:
            raise ValueError(f"date {self.date} outside {MIN_YEAR}-{MAX_YEAR}")
        return self


class Official(Mention):
    """A named person acting in a public or organisational role. `text` is the fullest name mention."""

    name: str = Field(description="Name as written in its fullest form in the text.")
    role: str | None = Field(None, description="Role as written, without articles or country adjective.")
    organisation: str | None = Field(
        None, description="Organisation as written ('douane', 'Functioneel Parket')."
    )
    country: str | None = Field(
        None, description="ISO alpha-2 country from an adjective ('Belgische' -> BE)."
    )
    mentions: list[Mention] = Field(
        default_factory=list, description="Every mention of the person, surname-only included."
    )


class Seizure(_Record):
    """A seized amount the text reports: a single find or a period total."""

    substance: Substance = Field(description="Canonical English name of what was seized.")
    substance_text: str | None = Field(None, description="The substance word as written ('coke', 'hasj').")
    quantity: Quantity = Field(description="The amount, as the quantity mention that states it.")
    ports: list[PortRef] = Field(default_factory=list, description="Port(s) where it was seized; [] if none.")
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR, description="Calendar year of the seizure.")
    aggregate: bool = Field(False, description="True for a period total, false for a single find.")
    evidence: Mention = Field(description="The clause that states the seizure.")


class Document(_Record):
    """Everything extracted from one press text."""

    schema_version: str = Field(SCHEMA_VERSION, description="Version of this schema.")
    doc_id: str = Field(
        pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the UTF-8 text: stable across runs."
    )
    source: str | None = Field(None, description="Where the text came from (a path, an archive member).")
    published: dt.date | None = Field(
        None, description="Publication date (argument or ' date YYYY-MM' prefix)."
    )
    quantities: list[Quantity] = Field(default_factory=list, description="Every amount of goods or money.")
    ports: list[Port] = Field(default_factory=list, description="Every port mention, in text order.")
    years: list[Year] = Field(default_factory=list, description="Every year mention, in text order.")
    dates: list[DateMention] = Field(default_factory=list, description="Every day mention, in text order.")
    officials: list[Official] = Field(default_factory=list, description="One entry per named official.")
    seizures: list[Seizure] = Field(default_factory=list, description="One entry per distinct seized amount.")
    warnings: list[str] = Field(
        default_factory=list, description="Problems met on the way (encoding, language)."
    )


def offsets_match(record: BaseModel, text: str) -> bool:
    """Does every mention in ``record`` (a Document, or any record) quote ``text`` at its offsets?

    The test of ``Mention``'s validator with ``context={"text": text}``, for
    records that were validated when built, without the text: a Document
    assembled from such records is checked by this walk instead of a second
    validation of everything (a dump and a re-parse cost more than the rest).
    """
    size = len(text)
    stack = [record]
    while stack:
        item = stack.pop()
        is_mention, fields = _PLANS.get(item.__class__) or _plan(item.__class__)
        if is_mention:
            start, end = item.start, item.end
            if not (0 <= start <= end <= size and text[start:end] == item.text):
                return False
        for name in fields:
            value = getattr(item, name)
            if value.__class__ is list:
                stack.extend(value)
            elif value is not None:
                stack.append(value)
    return True


#: record class -> (is it a Mention, the fields that hold mentions)
_PLANS: dict[type, tuple[bool, tuple[str, ...]]] = {}


def _plan(cls: type[BaseModel]) -> tuple[bool, tuple[str, ...]]:
    """How ``offsets_match`` walks a record class: whether it is a mention, and which of its fields
    hold mentions (directly, in a list, or inside other records)."""
    plan = _PLANS.get(cls)
    if plan is None:
        _PLANS[cls] = (issubclass(cls, Mention), ())  # a class that contains itself stops here
        fields = tuple(
            name
            for name, info in cls.model_fields.items()
            if any(_holds_mentions(model) for model in _models_in(info.annotation))
        )
        plan = _PLANS[cls] = (issubclass(cls, Mention), fields)
    return plan


def _models_in(annotation: object) -> list[type[BaseModel]]:
    """The record classes named in a field's type (``list[Quantity]``, ``Mention | None`` ...)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in get_args(annotation) for model in _models_in(arg)]


def _holds_mentions(model: type[BaseModel]) -> bool:
    is_mention, fields = _plan(model)
    return is_mention or bool(fields)
