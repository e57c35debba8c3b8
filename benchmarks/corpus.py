"""A composed corpus of Dutch/Flemish customs press texts for the speed benchmark.

Why composed and varied: spaCy's tokenizer caches every whitespace-separated
chunk it has seen, so a corpus that repeats a few texts hits the cache almost
always and flatters the tokenizer-only ceiling ~15x. The texts here are built
from templates whose slots draw on the word lists in ``vocab.py`` with Zipf
weights (a few words are frequent, most are rare) and add what a real archive
keeps inventing: compounds, names, places, numbers, dates, ages, container
numbers. Each text also carries the seizure, port, year, date and official
phrases the pipeline is built for, so every component does real work.

Everything is deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

from benchmarks import vocab

#: Zipf exponent of word choice inside a list (1.0 is natural language's over a whole vocabulary;
#: a list is a slice of that vocabulary's tail, so it is flatter).
ZIPF_EXPONENT = 0.8
#: Flatter still for the open classes a real archive never stops extending (compounds).
OPEN_CLASS_EXPONENT = 0.4


def adjective_e(base: str) -> str:
    """The inflected (attributive) form of a Dutch adjective: groot -> grote, snel -> snelle."""
    vowels = "aeiouéëï"
    if base.endswith("ees"):
        return base[:-3] + "ese"
    if base.endswith("ies"):
        return base[:-1] + "ze"
    if base.endswith("ief"):
        return base[:-1] + "ve"
    if len(base) >= 3 and base[-1] not in vowels and base[-2] == base[-3] and base[-2] in "aeou":
        return base[:-2] + base[-1] + "e"
    if len(base) <= 5 and base[-1] in "bdfgklmnprst" and base[-2] in "aeiou" and base[-3] not in vowels:
        return base + base[-1] + "e"
    return base + "e"


def adjective_comparative(base: str) -> str:
    """groot -> groter, snel -> sneller, zwaar -> zwaarder."""
    if base.endswith("r"):
        return base + "der"
    return adjective_e(base)[:-1] + "er"


def dutch_number(value: float, decimals: int = 0) -> str:
    """A number as a Dutch text writes it: 160.000, 89,5, 1.262."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def capitalised(text: str) -> str:
    """First letter upper-cased, the rest kept ('de douane Rotterdam' -> 'De douane Rotterdam')."""
    return text[:1].upper() + text[1:]


def _words(items: Sequence[str]) -> list[str]:
    return [item.replace("_", " ") for item in items]


@dataclass
class Composer:
    """Composes press texts; one instance per corpus, seeded."""

    seed: int = 1

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self._weights: dict[tuple[int, float], list[float]] = {}
        self.cities = _words(vocab.CITIES)
        self.cargo = _words(vocab.CARGO)
        self.concealment = _words(vocab.CONCEALMENT)
        self.adverbs = _words(vocab.ADVERBS)
        self.surnames = vocab.SURNAMES + vocab.PARTICLE_SURNAMES
        self.first_names = list(vocab.FIRST_NAMES)
        # shuffled per seed: which names and places are the frequent ones differs between corpora
        for items in (self.cities, self.cargo, self.surnames, self.first_names):
            self.rng.shuffle(items)

    # ---- choosing -------------------------------------------------------------------------------

    def pick(self, items: Sequence, exponent: float = ZIPF_EXPONENT):
        """One item, Zipf-weighted by position (early items are frequent, late ones rare)."""
        key = (len(items), exponent)
        weights = self._weights.get(key)
        if weights is None:
            weights = list(accumulate(1.0 / (rank + 1) ** exponent for rank in range(len(items))))
            self._weights[key] = weights
        return self.rng.choices(items, cum_weights=weights)[0]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # ---- slots ----------------------------------------------------------------------------------

    def person(self) -> str:
        return f"{self.pick(self.first_names)} {self.pick(self.surnames)}"

    def suspect(self) -> str:
        """A suspect as Dutch papers write one: first name and initial ('Ronald K.')."""
        return f"{self.pick(self.first_names)} {self.rng.choice('ABCDEFGHJKLMNOPRSTVWZ')}."

    def street(self) -> str:
        left = self.pick(vocab.COMPOUND_LEFT, OPEN_CLASS_EXPONENT)
        return f"{capitalised(left)}{self.pick(vocab.STREET_KINDS)} {self.rng.randint(1, 240)}"

    def company(self) -> str:
        return f"{self.pick(self.surnames)} {self.pick(vocab.COMPANY_KINDS)} {self.pick(vocab.COMPANY_FORMS)}"

    def official(self) -> str:
        role, name = self.pick(vocab.ROLES), self.person()
        if self.chance(0.5):
            return f"{role} {name}"
        return f"{name}, {role} van {self.pick(vocab.ORGANISATIONS)}"

    def compound(self, plural: bool | None = None) -> str:
        """A Dutch compound noun (havenbedrijf, drugssmokkelroutes); one in ten has three parts."""
        left = self.pick(vocab.COMPOUND_LEFT, OPEN_CLASS_EXPONENT)
        if self.chance(0.1):
            middle = self.pick(vocab.COMPOUND_RIGHT, OPEN_CLASS_EXPONENT)[0]
            left += middle + ("s" if middle[-1] not in "aeiosu" else "")
        singular, plural_form = self.pick(vocab.COMPOUND_RIGHT, OPEN_CLASS_EXPONENT)
        if plural is None:
            plural = self.chance(0.5)
        if not plural and self.chance(0.05):
            return left + singular + ("tje" if singular[-1] in "aeiouwy" or singular[-1] in "lnr" else "je")
        return left + (plural_form if plural else singular)

    def noun_phrase(self) -> str:
        if self.chance(0.6):
            noun = self.compound(plural=True)
        else:
            noun = self.pick(vocab.NOUNS)[1]
        det = self.pick(["de", "deze", "die", "veel", "alle", "sommige", "meer", "andere", "zulke"])
        if self.chance(0.5):
            return f"{det} {adjective_e(self.pick(vocab.ADJECTIVES))} {noun}"
        return f"{det} {noun}"

    def singular_phrase(self) -> str:
        if self.chance(0.6):
            noun, article = self.compound(plural=False), "een"
        else:
            noun, _plural, article = self.pick(vocab.NOUNS)
        if self.chance(0.5):
            return f"{article} {adjective_e(self.pick(vocab.ADJECTIVES))} {noun}"
        return f"{article} {noun}"

    def home_port(self) -> str:
        name, adjective = self.pick(vocab.HOME_PORTS)
        roll = self.rng.random()
        if roll < 0.4:
            return f"de haven van {name}"
        if roll < 0.7:
            return f"de {adjective} haven"
        if roll < 0.85:
            return f"{self.pick(vocab.HOME_PORT_AREAS)} in {name}"
        return name

    def foreign_port(self) -> tuple[str, str, str]:
        return self.pick(vocab.FOREIGN_PORTS)

    def year(self, published: int) -> int:
        return published - self.pick([0, 1, 1, 2, 3, 4, 5, 6])

    def day(self) -> str:
        roll = self.rng.random()
        if roll < 0.55:
            return self.pick(vocab.WEEKDAYS)
        if roll < 0.75:
            return f"op {self.rng.randint(1, 28)} {self.pick(vocab.MONTHS)}"
        if roll < 0.9:
            first, second = self.rng.sample(vocab.WEEKDAYS, 2)
            return f"in de nacht van {first} op {second}"
        return f"begin {self.pick(vocab.MONTHS)}"

    def age_phrase(self) -> str:
        who = self.pick(
            ["man", "vrouw", "man", "Nederlander", "Belg", "chauffeur", "havenarbeider", "koerier"]
        )
        return f"een {self.rng.randint(17, 68)}-jarige {who} uit {self.pick(self.cities)}"

    def container_number(self) -> str:
        letters = "".join(self.rng.choice("ABCDEFGHKLMSTUWXZ") for _ in range(3)) + "U"
        return f"{letters} {self.rng.randint(100000, 999999)}-{self.rng.randint(0, 9)}"

    def number(self, low: float, high: float) -> str:
        value = self.rng.uniform(low, high)
        if value < 20 and self.chance(0.4):
            return dutch_number(value, 1)
        if value >= 1000:
            value = round(value, -2) if self.chance(0.6) else round(value)
        return dutch_number(round(value))

    def amount(self, kind: str) -> str:
        """An amount phrase of goods: 'ruim 1.400 kilo', 'anderhalve ton', '8,6 miljoen'."""
        qualifier = self.pick(vocab.QUALIFIERS)
        prefix = f"{qualifier} " if qualifier else ""
        if kind == "mass":
            if self.chance(0.08):
                return f"{self.pick(vocab.VAGUE_AMOUNTS)} {self.pick(['kilo', 'kilo', 'ton', 'tonnen'])}"
            unit = self.pick(vocab.MASS_UNITS)
            if unit == "ton":
                number = self.number(1, 120) if self.chance(0.8) else self.pick(vocab.SMALL_NUMBER_WORDS)
            elif unit == "gram":
                number = self.number(5, 900)
            else:
                number = self.number(1, 9000)
            return f"{prefix}{number} {unit}"
        if kind == "pieces":
            if self.chance(0.4):
                return f"{prefix}{self.number(1, 400)} miljoen"
            return f"{prefix}{self.number(2, 250000)}"
        if kind == "volume":
            return f"{prefix}{self.number(20, 9000)} liter"
        return self.money()

    def money(self) -> str:
        roll = self.rng.random()
        if roll < 0.4:
            return f"{self.pick(vocab.QUALIFIERS)} {self.number(1, 300)} miljoen euro".lstrip()
        if roll < 0.8:
            return f"{self.number(500, 900000)} euro"
        return f"€ {self.number(1000, 900000)}"

    def seized_goods(self) -> tuple[str, str]:
        """(amount phrase, goods phrase) such as ('ruim 40 kilo', 'cocaïne')."""
        name, kind = self.pick(vocab.SUBSTANCE_FORMS)
        if kind == "money":
            return self.money(), f"aan {name}"
        return self.amount(kind), name

    # ---- sentences ------------------------------------------------------------------------------

    def seizure_sentence(self, published: int) -> str:
        amount, goods = self.seized_goods()
        org = self.pick(vocab.ORGANISATIONS)
        port = self.home_port()
        participle = self.pick(vocab.SEIZE_PARTICIPLES)
        fport, country, fadj = self.foreign_port()
        cargo = self.pick(self.cargo)
        templates: list[Callable[[], str]] = [
            lambda: (
                f"{org[0].upper()}{org[1:]} heeft {self.day()} in {port} {amount} "
                f"{goods} {participle} in een container met {cargo} uit {country}."
            ),
            lambda: f"In {port} is {self.day()} {amount} {goods} {participle}.",
            lambda: (
                f"De drugs zaten verstopt in {self.rng.randint(2, 90)} {self.pick(self.concealment)} tussen "
                f"een lading {cargo} die vanuit {fport} in {country} naar {port} was verscheept."
            ),
            lambda: (
                f"Vorig jaar werd in {port} in totaal {amount} {goods} onderschept, tegenover "
                f"{self.amount('mass')} in {self.year(published) - 1}."
            ),
            lambda: (
                f"Op {self.pick(vocab.AIRPORTS)} {self.pick(vocab.SEIZE_PAST_SG)} douaniers {self.day()} "
                f"{amount} {goods} bij {self.age_phrase()}."
            ),
            lambda: f"De straatwaarde van de partij wordt geschat op {self.money()}.",
            lambda: f"In {self.year(published)} ging het nog om {amount} {goods}.",
            lambda: (
                f"Bij huiszoekingen in {self.pick(self.cities)} en {self.pick(self.cities)} "
                f"werden nadien nog "
                f"{amount} {goods} en {self.money()} cash gevonden."
            ),
            lambda: f"Sinds 1 januari heeft de douane in {port} {amount} {goods} onderschept.",
            lambda: f"De teller staat dit jaar al op {self.amount('mass')}.",
            lambda: (
                f"In {self.year(published)} werd in {port} {amount} {goods} {participle}, "
                f"{self.pick(['ruim', 'bijna', 'zo’n'])} {self.rng.randint(2, 9)} keer zo veel "
                "als het jaar ervoor."
            ),
            lambda: (
                f"De container ({self.container_number()}) was in het {fadj} {fport} geladen en had een "
                f"tussenstop gemaakt in {self.foreign_port()[0]}."
            ),
            lambda: (
                f"In een woning in {self.pick(self.cities)} vonden agenten {amount} {goods}, "
                f"{self.amount('pieces')} {self.pick(['patronen', 'pillen', 'sigaretten'])} "
                f"en {self.money()}."
            ),
            lambda: (
                f"Volgens {org} gaat het om een van de grootste vangsten van {goods} in {port} sinds "
                f"{self.year(published) - self.rng.randint(1, 8)}."
            ),
        ]
        return self.pick(templates)()

    def arrest_sentence(self) -> str:
        count = self.pick(["Twee", "Drie", "Vier", "Vijf", "Zeven", "Tien", "Twaalf"])
        templates: list[Callable[[], str]] = [
            lambda: (
                f"{count} verdachten, onder wie {self.age_phrase()} en {self.age_phrase()}, zijn aangehouden."
            ),
            lambda: (
                f"Bij de container werd {self.age_phrase()} aangehouden, "
                f"meldt {self.pick(vocab.ORGANISATIONS)}."
            ),
            lambda: (
                "Er is nog niemand aangehouden. "
                f"Het onderzoek is in handen van {self.pick(vocab.ORGANISATIONS)}."
            ),
            lambda: (
                f"Tegen {self.age_phrase()} eiste de officier van justitie "
                f"{self.rng.randint(2, 12)} jaar cel."
            ),
            lambda: (
                f"De {self.rng.randint(19, 70)}-jarige eigenaar van {self.company()}, {self.suspect()} uit "
                f"{self.pick(self.cities)}, werd op zijn adres aan de {self.street()} opgepakt."
            ),
            lambda: (
                f"Volgens het OM huurde {self.suspect()} een loods aan de {self.street()} in "
                f"{self.pick(self.cities)}, waar de lading van {self.company()} werd gelost."
            ),
        ]
        return self.pick(templates)()

    def clause(self) -> str:
        """A subordinate clause, verb last: 'dat de havenbedrijven steeds vaker ... controleren'."""
        _sg, plural, _past, participle = self.pick(vocab.VERBS)
        roll = self.rng.random()
        if roll < 0.5:
            return (
                f"{self.noun_phrase()} {self.pick(self.adverbs)} {self.pick(vocab.PREPOSITIONS)} "
                f"{self.noun_phrase()} {plural}"
            )
        return f"{self.singular_phrase()} {self.pick(self.adverbs)} {participle} wordt"

    def filler_sentence(self) -> str:
        singular, plural, past, participle = self.pick(vocab.VERBS)
        templates: list[Callable[[], str]] = [
            lambda: (
                f"{self.pick(vocab.CONNECTORS)} {singular} {self.singular_phrase()} "
                f"{self.pick(self.adverbs)} "
                f"{self.pick(vocab.PREPOSITIONS)} {self.noun_phrase()}."
            ),
            lambda: (
                f"{capitalised(self.singular_phrase())} {past} {self.pick(self.adverbs)} "
                f"{self.pick(vocab.PREPOSITIONS)} {self.noun_phrase()}, {self.pick(vocab.SPEECH_VERBS)} "
                f"{self.official()}."
            ),
            lambda: (
                f"“{capitalised(self.clause())} is {adjective_e(self.pick(vocab.ADJECTIVES))[:-1]}”, "
                f"{self.pick(vocab.SPEECH_VERBS)} {self.person()}."
            ),
            lambda: f"{capitalised(self.official())} {self.pick(vocab.SPEECH_VERBS)} dat {self.clause()}.",
            lambda: (
                f'"{capitalised(self.noun_phrase())} {singular} {self.pick(self.adverbs)} '
                f"{self.pick(vocab.ADJECTIVES)}. Daarom moeten we {self.noun_phrase()} {participle} "
                f'zien", aldus {self.pick(self.surnames)}.'
            ),
            lambda: (
                f"Ook {self.noun_phrase()} {plural} {self.pick(self.adverbs)} "
                f"{self.pick(vocab.ADJECTIVES)}, {self.pick(['terwijl', 'omdat', 'hoewel', 'nadat'])} "
                f"{self.clause()}."
            ),
            lambda: (
                f"{self.pick(vocab.CONNECTORS)} {singular} {self.pick(vocab.ORGANISATIONS)} "
                f"{self.dutch_amount_of_people()} extra "
                f"{self.pick(['douaniers', 'agenten', 'scanners', 'medewerkers'])} "
                f"in {self.home_port()}."
            ),
        ]
        return self.pick(templates)()

    def comparison_sentence(self, published: int) -> str:
        adjective = self.pick(vocab.ADJECTIVES)
        past = self.pick(vocab.VERBS)[2]
        past_plural = past + "n" if past.endswith("e") else past
        templates: list[Callable[[], str]] = [
            lambda: (
                f"{capitalised(self.noun_phrase())} zijn {adjective_comparative(adjective)} dan "
                f"{self.noun_phrase()}."
            ),
            lambda: (
                f"Het is de {adjective}ste {self.compound(plural=False)} sinds {self.year(published) - 3}."
            ),
            lambda: (
                f"In {self.year(published)} {past_plural} {self.noun_phrase()} {self.pick(self.adverbs)} "
                f"{adjective_comparative(adjective)}."
            ),
        ]
        return self.pick(templates)()

    def dutch_amount_of_people(self) -> str:
        return str(self.rng.randint(3, 400))

    def title(self) -> str:
        amount, goods = self.seized_goods()
        verb = self.pick(["vindt", "onderschept", "ontdekt", "neemt"])
        name = self.pick(vocab.HOME_PORTS)[0]
        tail = " in beslag" if verb == "neemt" else ""
        who = self.pick(["Douane", "Politie", "Marechaussee", "Douane"])
        return f"{who} {verb} {amount} {goods}{tail} in {name}"

    # ---- documents ------------------------------------------------------------------------------

    def paragraph(self, published: int, seizure_share: float) -> str:
        sentences = []
        for _ in range(self.rng.randint(2, 6)):
            roll = self.rng.random()
            if roll < seizure_share:
                sentences.append(self.seizure_sentence(published))
            elif roll < seizure_share + 0.12:
                sentences.append(self.arrest_sentence())
            elif roll < seizure_share + 0.2:
                sentences.append(self.comparison_sentence(published))
            else:
                sentences.append(self.filler_sentence())
        return " ".join(sentences)

    def document(self) -> str:
        """One press text: maybe a ' date ...' prefix, maybe a title, 1 to 8 paragraphs."""
        published = self.rng.randint(2014, 2024)
        parts: list[str] = []
        prefix = ""
        if self.chance(0.75):
            month = self.rng.randint(1, 12)
            date = f"{published}-{month:02d}"
            if self.chance(0.6):
                date += f"-{self.rng.randint(1, 28):02d}"
            prefix = f" date {date}" + ("\n" if self.chance(0.5) else " ")
        if self.chance(0.4):
            parts.append(self.title())
        n_paragraphs = self.pick([1, 3, 4, 2, 5, 6, 8])
        for i in range(n_paragraphs):
            parts.append(self.paragraph(published, seizure_share=0.55 if i == 0 else 0.3))
        return prefix + "\n\n".join(parts) + "\n"

    def documents(self) -> Iterator[str]:
        while True:
            yield self.document()


def build_corpus(n_docs: int, seed: int = 1) -> list[str]:
    """``n_docs`` composed press texts."""
    composer = Composer(seed)
    return [composer.document() for _ in range(n_docs)]


def build_text(n_chars: int, seed: int = 1) -> str:
    """One long text of about ``n_chars`` characters: many press texts' paragraphs in a row."""
    composer = Composer(seed)
    parts: list[str] = []
    size = 0
    while size < n_chars:
        body = re.sub(r"\A date \S+\s", "", composer.document())
        parts.append(body)
        size += len(body) + 1
    return "\n".join(parts)[:n_chars]


def split_text(text: str, size: int) -> list[str]:
    """Cut ``text`` into pieces of about ``size`` characters, at whitespace."""
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
        pieces.append(text[start:end])
        start = end
    return pieces


def vocabulary_growth(texts: Sequence[str], marks: Sequence[int]) -> dict[int, int]:
    """Distinct whitespace chunks (what the tokenizer caches) after ``marks`` chunks of running text."""
    seen: set[str] = set()
    result: dict[int, int] = {}
    count = 0
    remaining = sorted(marks)
    for text in texts:
        for chunk in text.split():
            seen.add(chunk)
            count += 1
            while remaining and count == remaining[0]:
                result[remaining.pop(0)] = len(seen)
        if not remaining:
            break
    return result
