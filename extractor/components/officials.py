"""The ``customs_officials`` component: named people acting in a public or organisational role.

No NER model is available, so role words are the anchors ("minister",
"woordvoerster", "officier van justitie", compounds such as
"douanewoordvoerder") and names are recognised by their shape
(``extractor.person_names``). Around each anchor the component reads the
shapes Dutch and Flemish press texts use:

- title before name: "de Belgische minister van Financiën Vincent Van Peteghem",
  "staatssecretaris Toeslagen en Douane Aukje de Vries", "burgemeester van Antwerpen, Bart De Wever";
- name then apposition: "Els Verhoeven, administrateur-generaal van de douane,",
  "Jan Peeters (woordvoerder van het parket)";
- plural roles: "ministers Van Peteghem en De Vries";
- quote attributions without a role: "zegt Jan Peeters", "volgens Els Claes" (role null).

Excluded roles (advocaat, verdachte, journalist ...) block their name. Later
surname-only mentions ("stelt Van Peteghem") join the person's ``mentions``.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter
from typing import Literal, NamedTuple

from pydantic import BaseModel, Field, field_validator
from spacy.lang.nl.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span

from extractor.components.base import PatternComponent
from extractor.extensions import doc_value, set_doc_value, set_span_value
from extractor.hash_memo import HashMemo, TextMemo
from extractor.person_names import NameLexicon, NameScanner, compatible_given
from extractor.schema import Official
from extractor.token_table import MAX_MEMO, token_table

#: Prepositions that attach an organisation to a role ("woordvoerder van de douane").
ORG_PREPOSITIONS = frozenset({"van", "voor", "bij"})
#: Articles skipped before an organisation and before an apposition's role.
ARTICLES = frozenset({"de", "het", "'t", "’t", "den", "der"})
#: Words joining portfolio or organisation words ("Justitie en Veiligheid").
CONNECTORS = frozenset({"en", "&", ","})
#: Copulas of "Jan Peeters is woordvoerder van ...".
COPULAS = frozenset({"is", "was"})
#: Subject pronouns of "Hij is woordvoerder van de douane" (the role of the person named before).
PRONOUNS = frozenset({"hij", "zij", "ze"})
#: A pronoun refers back at most this many sentences.
PRONOUN_REACH = 2
#: Role-less modifiers that may stand between article and role ("de toenmalige minister").
MODIFIERS = frozenset({"toenmalig", "voormalig", "huidig", "nieuw", "demissionair", "waarnemend", "kersvers"})
#: At most this many tokens in an organisation phrase.
MAX_ORG_TOKENS = 10
#: At most this many tokens of a parenthesised organisation ("(woordvoerder douane Antwerpen)").
MAX_PAREN_TOKENS = 4

# What a token text can anchor, as bit flags (``OfficialsComponent._anchor_flags``)
_ROLE_START = 1  # first word of a role phrase ("officier" of "officier van justitie")
_COMPOUND = 2  # ends with a compound role ("douanewoordvoerder")
_SPEECH = 4  # a speech word a speaker's name may follow ("zegt", "volgens")
_ANCHOR = _ROLE_START | _COMPOUND | _SPEECH  # any of the above: a token to read around
_CAPITAL = 8  # starts with a capital letter: the last token of a later mention is one (``_form_matches``)


class RoleEntry(BaseModel):
    """A role word in patterns/roles.jsonl."""

    phrase: str = Field(min_length=1, description="The role as written, lowercase; multi-word allowed.")
    kind: Literal["role", "excluded"] = Field("role", description="'excluded' roles block their name.")
    compound: bool = Field(False, description="Also match one-word compounds ending in the phrase.")
    organisation: bool = Field(True, description="May continue with van/voor/bij + organisation.")
    portfolio: bool = Field(False, description="May be followed directly by a portfolio.")
    singular: str | None = Field(None, description="Plural form: the role each listed name gets.")

    @field_validator("phrase")
    @classmethod
    def _lowercase(cls, value: str) -> str:
        if value != value.lower().strip():
            raise ValueError("phrase must be lowercase without surrounding spaces")
        return value


class ParticleEntry(BaseModel):
    """A surname particle in patterns/name_particles.jsonl ("van der")."""

    particle: str = Field(min_length=1)


class CountryAdjectiveEntry(BaseModel):
    """A country adjective in patterns/country_adjectives.jsonl ("Belgische" -> BE)."""

    adjective: str = Field(min_length=1)
    country: str = Field(pattern=r"^[A-Z]{2}$")
    in_role: bool = Field(False, description="Regional adjective kept in the role ('Vlaams minister').")


class WordEntry(BaseModel):
    """A word in patterns/official_words.jsonl with its kind."""

    word: str = Field(min_length=1)
    kind: Literal["portfolio", "organisation", "head", "speech", "not_name", "name_ok"]


class RoleMatch(NamedTuple):
    """A role word found in the text: tokens ``start:end`` and its entry (a tuple: cheap to build)."""

    start: int
    end: int
    entry: RoleEntry
    prefix: str | None = None  # compound prefix: "douane" in "douanewoordvoerder"


@dataclass(slots=True)
class Candidate:
    """One mention of a name with what its context says about the person."""

    start: int
    end: int
    role: str | None = None
    organisation: str | None = None
    country: str | None = None
    excluded: bool = False
    needs_strong_name: bool = False  # apposition and speaker names must carry a given name or particle
    pronoun: int | None = None  # "Hij is woordvoerder ...": the role belongs to the last person named before


@dataclass(slots=True)
class Person:
    """Candidates merged into one person (same surname, compatible given name)."""

    key: tuple[str, ...]
    given: str
    candidates: list[Candidate] = field(default_factory=list)
    mentions: set[tuple[int, int]] = field(default_factory=set)


@dataclass(slots=True)
class _RoleReading:
    """What the tokens after a role say: the role's end, organisation, and a name if one follows."""

    role_end: int
    organisation: str | None = None
    country: str | None = None
    name: tuple[int, int] | None = None


class OfficialsComponent(PatternComponent):
    """Sets ``doc._.officials``: one Span (the fullest name mention) per official, with its record."""

    files = {
        "roles": ("roles.jsonl", RoleEntry),
        "particles": ("name_particles.jsonl", ParticleEntry),
        "countries": ("country_adjectives.jsonl", CountryAdjectiveEntry),
        "words": ("official_words.jsonl", WordEntry),
    }

    def __init__(
        self, nlp: Language, name: str, *, patterns_path: str | None = None, speakers: bool = True
    ) -> None:
        self.speakers = speakers
        super().__init__(nlp, name, patterns_path=patterns_path)

    def compile(self) -> None:
        """Role matcher, compound suffixes, word sets and the name lexicon."""
        roles: list[RoleEntry] = self.entries["roles"]
        self.roles = roles
        #: first lowercase word -> (role phrase as lowercase tokens, entry): what a LOWER PhraseMatcher finds
        self.role_phrases: dict[str, list[tuple[tuple[str, ...], RoleEntry]]] = {}
        for entry in roles:
            phrase = tuple(t.lower_ for t in self.nlp.make_doc(entry.phrase))
            self.role_phrases.setdefault(phrase[0], []).append((phrase, entry))
        self.compounds: dict[str, RoleEntry] = {
            e.phrase: e for e in roles if e.compound and len(self.nlp.make_doc(e.phrase)) == 1
        }
        self.compound_suffixes = tuple(sorted(self.compounds, key=len, reverse=True))
        # the last ``_tail`` letters every compound suffix ends in: most words end in none of them, and
        # one set lookup rules them out before ``endswith`` tries every suffix (``_anchor_flags``)
        self._tail = min(map(len, self.compound_suffixes), default=0)
        self._suffix_tails = frozenset(s[len(s) - self._tail :] for s in self.compound_suffixes)
        self._prefix_memo = TextMemo(self._find_prefix, MAX_MEMO)  # word -> ``_prefix``, kept from Doc to Doc
        self.single_word_roles = tuple(
            sorted(
                (e.phrase for e in roles if e.kind == "role" and len(self.nlp.make_doc(e.phrase)) == 1),
                key=len,
                reverse=True,
            )
        )

        words: dict[str, set[str]] = {}
        for entry in self.entries["words"]:
            words.setdefault(entry.kind, set()).add(entry.word.lower())
        self.portfolio_words = frozenset(words.get("portfolio", set()))
        self.org_words = frozenset(words.get("organisation", set()) | self.portfolio_words)
        self.head_words = tuple(sorted(words.get("head", set())))
        self.speech_words = frozenset(words.get("speech", set()))

        self.countries: dict[tuple[str, ...], CountryAdjectiveEntry] = {
            tuple(t.lower_ for t in self.nlp.make_doc(e.adjective)): e for e in self.entries["countries"]
        }
        self.country_last_words = frozenset(key[-1] for key in self.countries if key)
        single_adjectives = {key[0] for key in self.countries if len(key) == 1}
        blocked = (set(STOP_WORDS) - words.get("name_ok", set())) | single_adjectives
        blocked |= words.get("not_name", set())
        particles = frozenset(
            tuple(t.lower_ for t in self.nlp.make_doc(e.particle)) for e in self.entries["particles"]
        )
        self.lexicon = NameLexicon(
            particles=particles,
            blocked_words=frozenset(blocked),
            organisation_words=frozenset(self.org_words | set(words.get("head", set()))),
        )
        #: ``_anchor_flags`` by token text, kept from Doc to Doc: one lookup pass finds all anchors
        self.anchor_memo = HashMemo(self._anchor_flags)

    def _anchor_flags(self, text: str) -> int:
        """What a token with this text can anchor (``_ROLE_START`` ...): tested once per distinct text."""
        lower = text.lower()  # the LOWER attribute
        flags = _ROLE_START if lower in self.role_phrases else 0
        if lower[len(lower) - self._tail :] in self._suffix_tails and lower.endswith(self.compound_suffixes):
            flags |= _COMPOUND
        if lower in self.speech_words:
            flags |= _SPEECH
        if text[:1].isupper():
            flags |= _CAPITAL
        return flags

    # --- entry point -------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        # extension values straight in ``doc.user_data``: every ``doc._`` would build a proxy
        table = token_table(doc)
        codes = table.codes(self.anchor_memo)  # role, compound and speech words in one pass
        positions = (codes & _ANCHOR).nonzero()[0]
        if not len(positions):
            set_doc_value(doc, "officials", [])  # no anchor, no official: one lookup pass only
            return doc
        scanner = NameScanner(doc, self.lexicon)
        first = bisect_left(table.idx, doc_value(doc, "body_start") or 0)  # the first token of the body
        flags = codes.take(positions).tolist()
        anchors = [(i, flag) for i, flag in zip(positions.tolist(), flags, strict=True) if i >= first]
        matches = self._role_matches(scanner, anchors)
        last = len(table) - 1  # a name must follow a speech word
        speech = [i for i, flag in anchors if flag & _SPEECH and i < last] if self.speakers else []
        if not matches and not speech:
            set_doc_value(doc, "officials", [])
            return doc
        blocked = {i for m in matches for i in range(m.start, m.end)}
        for span in doc_value(doc, "ports") or ():
            blocked.update(range(span.start, span.end))
        scanner.block(blocked)
        role_starts = {m.start for m in matches}

        candidates: list[Candidate] = []
        for match in matches:
            candidates.extend(self._read_role(scanner, match, role_starts))
        if self.speakers:
            candidates.extend(self._speaker_candidates(scanner, speech, role_starts))
        candidates = _resolve_pronouns(
            scanner, [c for c in candidates if c.start >= first or c.pronoun is not None]
        )

        persons = _merge(scanner, candidates)
        capitals = (codes & _CAPITAL).nonzero()[0].tolist() if persons else []
        set_doc_value(doc, "officials", self._officials(scanner, persons, first, capitals))
        return doc

    # --- role anchors ------------------------------------------------------------------

    def _role_matches(self, scanner: NameScanner, anchors: list[tuple[int, int]]) -> list[RoleMatch]:
        """Role words at the body's ``anchors`` (position, flags).

        The longest wins; whole-word entries go before compounds.
        """
        texts, lowers = scanner.texts, scanner.lowers
        found = []
        for i, flag in anchors:
            if not flag & _ROLE_START:
                continue
            for phrase, entry in self.role_phrases[lowers[i]]:
                end = i + len(phrase)
                if len(phrase) == 1 or tuple(lowers[i:end]) == phrase:
                    found.append(RoleMatch(i, end, entry, self._prefix(texts[i]) if end - i == 1 else None))
        covered = {i for m in found for i in range(m.start, m.end)}
        for i, flag in anchors:
            if not flag & _COMPOUND or i in covered:
                continue
            lower = lowers[i]
            suffix = next(s for s in self.compound_suffixes if lower.endswith(s))
            prefix = texts[i][: len(lower) - len(suffix)].rstrip("-")
            if len(prefix) >= 2 and texts[i][0].isalpha():
                found.append(RoleMatch(i, i + 1, self.compounds[suffix], prefix))
        found.sort(key=lambda m: (m.start, m.start - m.end))
        result: list[RoleMatch] = []
        last_end = -1
        for match in found:
            if match.start >= last_end:
                result.append(match)
                last_end = match.end
        return result

    def _prefix(self, word: str) -> str | None:
        """The part before a known role word in a one-word role: "douane" in "douanedirecteur".

        Memoised per word: the suffix list is long and the same role words recur from Doc to Doc.
        """
        return self._prefix_memo[word]

    def _find_prefix(self, word: str) -> str | None:
        """``_prefix`` without the memo."""
        lower = word.lower()
        for suffix in self.single_word_roles:
            if len(lower) > len(suffix) + 1 and lower.endswith(suffix):
                return word[: len(lower) - len(suffix)].rstrip("-")
        return None

    def _read_role(self, scanner: NameScanner, match: RoleMatch, role_starts: set[int]) -> list[Candidate]:
        """Candidates anchored on one role word: the name after it, before it, or a list of names."""
        texts = scanner.texts
        entry = match.entry
        excluded = entry.kind == "excluded"
        role_start, left, countries = self._read_left(scanner, match)
        reading = (
            _RoleReading(match.end) if excluded else self._read_continuation(scanner, match, role_starts)
        )
        country = countries[0] if len(countries) == 1 else reading.country
        organisation = reading.organisation
        if organisation is None and match.prefix and self._is_org_prefix(match.prefix):
            organisation = match.prefix
        end = reading.role_end
        if entry.singular:
            role_text = " ".join(filter(None, (entry.singular, scanner.text(match.end, end))))
        else:
            role_text = scanner.text(role_start, end)

        def candidate(
            name: tuple[int, int], needs_strong: bool = False, org: str | None = None, land: str | None = None
        ) -> Candidate:
            return Candidate(
                name[0],
                name[1],
                None if excluded else role_text,
                org or organisation,
                land or country,
                excluded,
                needs_strong,
            )

        if entry.singular:
            names = self._name_list(scanner, reading.name[0] if reading.name else end)
            lands = countries if len(countries) == len(names) else [None] * len(names)
            return [candidate(name, land=land) for name, land in zip(names, lands, strict=True)]
        name = reading.name
        if name is None:
            name = scanner.forward(end)
            if name is not None and end > match.end and not scanner.is_strong(*name):
                name = None  # "woordvoerder van de douane Antwerpen": a full name must follow
        if name is not None:
            after_org, after_land = None, None
            if organisation is None:
                after_org, after_land = self._organisation_after_name(scanner, name[1])
            return [candidate(name, org=after_org, land=after_land)]
        if end < len(texts) and texts[end] == ",":
            name = scanner.forward(end + 1)
            if name is not None and scanner.is_strong(*name):
                return [candidate(name)]
        name, org_in_paren, pronoun = self._apposition(scanner, left, end)
        if org_in_paren and organisation is None:
            organisation = org_in_paren
        if name is not None:
            return [candidate(name, needs_strong=True)]
        if pronoun is not None and not excluded:
            return [Candidate(-1, -1, role_text, organisation, country, pronoun=pronoun)]
        return []

    def _read_left(self, scanner: NameScanner, match: RoleMatch) -> tuple[int, int, list[str]]:
        """(role start, start of the pre-modifiers, countries) from the words before a role.

        "de Belgische minister" -> country BE, not in the role; "de Vlaamse minister" keeps
        "Vlaamse" in the role; "de Belgische en Nederlandse ministers" gives one country per name.
        """
        lowers = scanner.lowers
        role_start = match.start
        left = self._skip_left_modifiers(scanner, match.start)
        countries: list[str] = []
        adjective = self._country_ending_at(scanner, left)
        if adjective is None:
            return role_start, left, countries
        adj_start, adj_entry = adjective
        countries.append(adj_entry.country)
        if adj_entry.in_role and left == match.start:
            role_start = adj_start
        left = adj_start
        if match.entry.singular and adj_start >= 2 and lowers[adj_start - 1] == "en":
            first = self._country_ending_at(scanner, adj_start - 1)
            if first is not None:
                countries.insert(0, first[1].country)
                left = first[0]
        return role_start, left, countries

    def _read_continuation(
        self, scanner: NameScanner, match: RoleMatch, role_starts: set[int]
    ) -> _RoleReading:
        """Portfolio ("Toeslagen en Douane") and "van/voor/bij + organisation" after a role word."""
        texts = scanner.texts
        end = match.end
        sent_end = scanner.sentence_end(match.start)
        reading = _RoleReading(end)
        if match.entry.portfolio:
            p_end = self._portfolio_end(scanner, end, sent_end)
            if p_end > end:
                reading.organisation = scanner.text(end, p_end)
                reading.role_end = end = p_end
        if (
            match.entry.organisation
            and end + 1 < sent_end
            and texts[end] in ORG_PREPOSITIONS
            and end + 1 not in role_starts
        ):
            parsed = self._organisation(scanner, end, sent_end, role_starts)
            if parsed is not None:
                org_start, org_end, name = parsed
                reading.role_end = org_end
                reading.organisation = scanner.text(org_start, org_end)
                reading.country = self._country_at(scanner, org_start, org_end)
                reading.name = name
        return reading

    def _portfolio_end(self, scanner: NameScanner, start: int, sent_end: int) -> int:
        """End of a portfolio written right after the role, without a preposition.

        "staatssecretaris Toeslagen en Douane", "officier van justitie drugs Marieke ...": a
        lowercase portfolio only counts when a name follows it.
        """
        texts, lowers = scanner.texts, scanner.lowers
        j = end = start
        while j < sent_end and lowers[j] in self.portfolio_words:
            j += 1
            end = j
            if j + 1 < sent_end and lowers[j] in CONNECTORS and lowers[j + 1] in self.portfolio_words:
                j += 1
        if end > start and texts[start].islower() and not (end < sent_end and scanner.is_capitalised(end)):
            return start
        return end

    def _organisation(
        self, scanner: NameScanner, prep: int, sent_end: int, role_starts: set[int]
    ) -> tuple[int, int, tuple[int, int] | None] | None:
        """(start, end, name) of the organisation after ``prep``; a name may close a capitalised run.

        "van Financiën Vincent Van Peteghem" -> ("Financiën", name "Vincent Van Peteghem");
        "van het Antwerpse parket" -> "Antwerpse parket"; "bij het Functioneel Parket" -> whole run.
        """
        texts, lowers = scanner.texts, scanner.lowers
        j = prep + 1
        if lowers[j] in ARTICLES and j + 1 < sent_end:
            j += 1
        start = j
        run_start: int | None = None
        has_head = False
        keep = 1  # tokens of a capitalised run that stay organisation when a name closes it
        while j < sent_end and j - start < MAX_ORG_TOKENS and j not in role_starts:
            text, lower = texts[j], lowers[j]
            if run_start is not None and text[:1].islower():
                n = scanner.particle_at(j, sent_end)
                if n and j + n < sent_end and scanner.is_capitalised(j + n):
                    j += n
                    continue
            if scanner.is_capitalised(j):
                if has_head:  # "politie Rotterdam", "douane Jan Peeters": split below
                    has_head, keep = False, 0
                if run_start is None:
                    run_start = j
                j += 1
                continue
            if (
                run_start is not None
                and lower in CONNECTORS | {"of"}
                and j + 1 < sent_end
                and scanner.is_capitalised(j + 1)
                and (lower == "of" or {lowers[j - 1], lowers[j + 1]} & self.org_words)
            ):
                j += 1
                continue
            if text.isalpha() and text.islower() and lower not in STOP_WORDS and not has_head:
                if run_start is not None:
                    if j - run_start == 1 and lowers[run_start].endswith("e"):
                        run_start = None  # a capitalised adjective: "het Antwerpse parket"
                    else:
                        break
                if self._is_adjective(scanner, j, sent_end):
                    j += 1
                    continue
                has_head = True
                j += 1
                if j + 1 < sent_end and texts[j] == "van" and scanner.is_capitalised(j + 1):
                    j += 1  # "parket van Antwerpen"
                    has_head = False
                continue
            break
        end = j
        if end == start or (run_start is None and not has_head):
            return None
        name = None
        if run_start is not None and not has_head:
            split = scanner.split_run(run_start, end, keep)
            if split is not None:
                name = (split, end)
                end = split
        while end > start and lowers[end - 1] in CONNECTORS | {"of"}:
            end -= 1
        return start, end, name

    def _is_adjective(self, scanner: NameScanner, i: int, sent_end: int) -> bool:
        """A lowercase inflected adjective before an organisation noun ("federale gerechtelijke politie")."""
        lower = scanner.lowers[i]
        if not lower.endswith("e") or lower.endswith(self.head_words) or i + 1 >= sent_end:
            return False
        following = scanner.texts[i + 1]
        return (following.isalpha() and following.islower()) or scanner.lowers[i + 1] in self.org_words

    def _organisation_after_name(self, scanner: NameScanner, i: int) -> tuple[str | None, str | None]:
        """(organisation, country) written after the name: "woordvoerder Jan Peeters van de douane"."""
        texts, lowers = scanner.texts, scanner.lowers
        sent_end = scanner.sentence_end(i - 1)
        if i + 1 >= sent_end or texts[i] not in {"van", "bij"}:
            return None, None
        parsed = self._organisation(scanner, i, sent_end, set())
        if parsed is None or parsed[2] is not None:
            return None, None
        start, end, _ = parsed
        if any(w in self.org_words or w.endswith(self.head_words) for w in lowers[start:end]):
            return scanner.text(start, end), self._country_at(scanner, start, end)
        return None, None

    def _name_list(self, scanner: NameScanner, i: int) -> list[tuple[int, int]]:
        """Names listed after a plural role: "ministers Van Peteghem en De Vries", "ministers, A en B"."""
        texts, lowers = scanner.texts, scanner.lowers
        names: list[tuple[int, int]] = []
        if i < len(texts) and texts[i] == ",":
            i += 1
        while True:
            name = scanner.forward(i)
            if name is None:
                return names
            names.append(name)
            i = _skip_parenthesis(texts, name[1], scanner.sentence_end(name[0]))
            if i >= scanner.sentence_end(name[0]) or lowers[i] not in {",", "en"}:
                return names
            i += 1

    def _apposition(
        self, scanner: NameScanner, left: int, role_end: int
    ) -> tuple[tuple[int, int] | None, str | None, int | None]:
        """A name before the role: "Els Verhoeven, administrateur-generaal", "Jan Peeters (woordvoerder)".

        Returns the name, the organisation written inside a parenthesis, and the index of
        a subject pronoun when the role is stated about someone named earlier ("Hij is ...").
        """
        texts, lowers = scanner.texts, scanner.lowers
        k = left - 1
        sent_start = scanner.sentence_start(left) if left < len(texts) else 0
        while k >= sent_start and (lowers[k] in ARTICLES or lowers[k] == "een"):
            k -= 1  # "Jan Peeters, (een|de) woordvoerder van de douane"
        if k < sent_start:
            return None, None, None
        sep = texts[k]
        if sep == "," and k > sent_start:
            end = k
            if texts[end - 1] == ")":
                end = _open_parenthesis(texts, end - 1, sent_start)
            return scanner.ending_at(end, sent_start), None, None
        if sep == "(" and k > sent_start:
            limit = min(role_end + MAX_PAREN_TOKENS, scanner.sentence_end(k))
            close = next((j for j in range(role_end, limit) if texts[j] == ")"), None)
            org = None
            if close is not None and close > role_end and all(t.isalpha() for t in texts[role_end:close]):
                org = scanner.text(role_end, close)
            return scanner.ending_at(k, sent_start), org, None
        if lowers[k] in COPULAS and k > sent_start:
            if lowers[k - 1] in PRONOUNS and _starts_clause(texts, k - 1, sent_start):
                return None, None, k - 1
            name = scanner.ending_at(k, sent_start)
            if name is not None and _starts_clause(texts, name[0], sent_start):
                return name, None, None
        return None, None, None

    def _speaker_candidates(
        self, scanner: NameScanner, speech: list[int], role_starts: set[int]
    ) -> list[Candidate]:
        """Role-less quoted speakers: "zegt Jan Peeters", "aldus J. de Vries", "volgens Els Claes"."""
        found = []
        for i in speech:
            if i + 1 in role_starts:
                continue
            name = scanner.forward(i + 1)
            if name is None or not scanner.is_word(name[0]):
                continue
            if _indefinite_apposition(scanner, name[1]):
                continue  # "vertelt Kees Mulder, een vrachtwagenchauffeur": a witness, not an official
            org, country = self._organisation_after_name(scanner, name[1])
            found.append(Candidate(name[0], name[1], None, org, country, needs_strong_name=True))
        return found

    # --- adjectives and modifiers ------------------------------------------------------------

    def _skip_left_modifiers(self, scanner: NameScanner, i: int) -> int:
        """Index after the leftmost modifier before a role ("de toenmalige federale |procureur")."""
        texts, lowers = scanner.texts, scanner.lowers
        sent_start = scanner.sentence_start(i) if i < len(texts) else 0
        k = i
        while k - 1 >= sent_start:
            text, lower = texts[k - 1], lowers[k - 1]
            if (
                text.islower()
                and text.isalpha()
                and lower not in STOP_WORDS
                and (lower in MODIFIERS or lower.rstrip("e") in MODIFIERS)
            ):
                k -= 1
                continue
            break
        return k

    def _country_ending_at(self, scanner: NameScanner, end: int) -> tuple[int, CountryAdjectiveEntry] | None:
        """A country adjective whose last token is ``end - 1``."""
        if end < 1 or scanner.lowers[end - 1] not in self.country_last_words:
            return None  # most words before a role are no country adjective: no tuples built
        for n in (2, 1):
            start = end - n
            if start < 0:
                continue
            key = tuple(scanner.lowers[start:end])
            if key in self.countries:
                return start, self.countries[key]
        return None

    def _country_at(self, scanner: NameScanner, start: int, end: int) -> str | None:
        """The country of an adjective that opens an organisation ("de Belgische douane")."""
        for n in (2, 1):
            if start + n <= end:
                entry = self.countries.get(tuple(scanner.lowers[start : start + n]))
                if entry is not None:
                    return entry.country
        return None

    def _is_org_prefix(self, prefix: str) -> bool:
        """A compound prefix that names an organisation: "douane", "parket", "OM", "FIOD"."""
        lower = prefix.lower()
        return (
            lower in self.org_words
            or lower.endswith(self.head_words)
            or (prefix.isupper() and len(prefix) >= 2)
        )

    # --- output ------------------------------------------------------------------------------

    def _officials(
        self, scanner: NameScanner, persons: list[Person], first: int, capitals: list[int]
    ) -> list[Span]:
        """One Span per person: the fullest name mention, with its Official record.

        ``capitals`` are the positions of the tokens that start with a capital letter.
        """
        _collect_mentions(scanner, persons, first, capitals)
        text, starts, end_char = scanner.text, scanner.char_starts, scanner.table.end_char
        spans: list[tuple[int, Span]] = []  # (first mention's offset, span): sorted without ``span._``
        for person in persons:
            positions = sorted(person.mentions)
            # dicts, validated into Mentions in the Official's one validation call (not one call each)
            mentions = [
                {"text": text(s, e), "start": starts[s], "end": end_char(e - 1)} for s, e in positions
            ]
            k = _fullest(positions, mentions)
            best = mentions[k]
            span = Span(scanner.doc, *positions[k])  # == doc[start:end], without the slice handling
            role, organisation, country = _describe(person)
            record = Official(
                text=best["text"],
                start=best["start"],
                end=best["end"],
                name=best["text"],
                role=role,
                organisation=organisation,
                country=country,
                mentions=mentions,
            )
            set_span_value(span, "official", record)
            spans.append((mentions[0]["start"], span))
        return [span for _, span in sorted(spans, key=itemgetter(0))]


# --- helpers -----------------------------------------------------------------------------------


def _fullest(positions: list[tuple[int, int]], mentions: list[dict]) -> int:
    """Index of the fullest mention: most tokens, then most characters, then the first."""
    if len(positions) == 1:
        return 0  # most officials are named once
    pairs = enumerate(zip(positions, mentions, strict=True))
    keys = [(e - s, m["end"] - m["start"], -k) for k, ((s, e), m) in pairs]
    return keys.index(max(keys))


def _indefinite_apposition(scanner: NameScanner, end: int) -> bool:
    """Is the name followed by ", een ..." (an ordinary person described, not a role held)?"""
    return end + 1 < len(scanner.texts) and scanner.texts[end] == "," and scanner.lowers[end + 1] == "een"


def _skip_parenthesis(texts: list[str], i: int, limit: int) -> int:
    """Index after a parenthesis opening at ``i`` ("(CD&V)"), or ``i``."""
    if i < limit and texts[i] == "(":
        for j in range(i + 1, min(limit, i + 8)):
            if texts[j] == ")":
                return j + 1
    return i


def _open_parenthesis(texts: list[str], close: int, lowest: int) -> int:
    """Index of the "(" matching the ")" at ``close`` (or ``close + 1`` when none)."""
    for j in range(close - 1, max(lowest, close - 8) - 1, -1):
        if texts[j] == "(":
            return j
    return close + 1


def _starts_clause(texts: list[str], i: int, sent_start: int) -> bool:
    """Token ``i`` opens its sentence (quotes and dashes before it allowed)."""
    return all(not t.isalpha() and not t.isdigit() for t in texts[sent_start:i])


def _resolve_pronouns(scanner: NameScanner, candidates: list[Candidate]) -> list[Candidate]:
    """Give "Hij is woordvoerder van de douane" to the last person named in the sentences before."""
    named = sorted((c for c in candidates if c.pronoun is None), key=_start)
    result = list(named)
    pending = [c for c in candidates if c.pronoun is not None]
    if not pending:
        return result
    starts = [c.start for c in named]
    for cand in pending:
        pronoun = cand.pronoun or 0
        sentence = scanner.sentence_start(pronoun)
        reach = sentence
        for _ in range(PRONOUN_REACH):
            if reach > 0:
                reach = scanner.sentence_start(reach - 1)
        # the last named in list order that ends before the sentence: walk back from there
        # (a name ending there starts before it), no further than the reach
        last = None
        for k in range(bisect_left(starts, sentence) - 1, -1, -1):
            before = named[k]
            if before.start < reach:
                break
            if before.end <= sentence and not before.excluded:
                last = before
                break
        if last is not None:
            result.append(Candidate(last.start, last.end, cand.role, cand.organisation, cand.country))
    return result


def _start(cand: Candidate) -> int:
    """Sort key: the candidate's first token."""
    return cand.start


def _position(cand: Candidate) -> tuple[int, int]:
    """Sort key: by first token, the longer of two candidates there first."""
    return cand.start, -cand.end


def _merge(scanner: NameScanner, candidates: list[Candidate]) -> list[Person]:
    """Group candidates by surname and compatible given name; drop excluded and weak-only people."""
    persons: list[Person] = []
    by_key: dict[tuple[str, ...], list[Person]] = {}  # surname key -> persons: no scan of everyone
    parts_of = scanner.parts
    for cand in sorted(candidates, key=_position):
        parts = parts_of(cand.start, cand.end)
        given = parts.first_given
        same_surname = by_key.get(parts.key)
        if same_surname is None:
            same_surname = by_key[parts.key] = []
        for person in same_surname:
            if compatible_given(person.given, given):
                if not person.given:
                    person.given = given
                break
        else:
            person = Person(parts.key, given)
            persons.append(person)
            same_surname.append(person)
        person.candidates.append(cand)
    kept = []
    for person in persons:
        cands = person.candidates
        if _dropped(scanner, cands):
            continue
        person.mentions = {(c.start, c.end) for c in cands if not c.excluded}
        kept.append(person)
    return kept


def _dropped(scanner: NameScanner, cands: list[Candidate]) -> bool:
    """Is a person with these candidates no official?

    Excluded and never given a role, or only excluded, or only weakly named ("zegt
    Peeters") without a strong form anywhere. One pass over the candidates.
    """
    has_role = any_excluded = False
    all_excluded = all_weak = True
    for c in cands:
        if c.role:
            has_role = True
        if c.excluded:
            any_excluded = True
        else:
            all_excluded = False
        if not c.needs_strong_name:
            all_weak = False
    if (any_excluded and not has_role) or all_excluded:
        return True
    return all_weak and not any(scanner.is_strong(c.start, c.end) for c in cands)


def _describe(person: Person) -> tuple[str | None, str | None, str | None]:
    """(role, organisation, country): the first role given, widened by a later longer form of it."""
    chosen: Candidate | None = None
    for cand in person.candidates:
        if cand.role is None or cand.excluded:
            continue
        if chosen is None or (
            cand.role.startswith(chosen.role or "") and len(cand.role) > len(chosen.role or "")
        ):
            chosen = cand
    cands = person.candidates
    organisation = (chosen.organisation if chosen else None) or next(
        (c.organisation for c in cands if c.organisation and not c.excluded), None
    )
    country = (chosen.country if chosen else None) or next(
        (c.country for c in cands if c.country and not c.excluded), None
    )
    return (chosen.role if chosen else None), organisation, country


def _collect_mentions(scanner: NameScanner, persons: list[Person], first: int, capitals: list[int]) -> None:
    """Add every later mention of each person: full forms and surname-only forms, in one scan.

    A surname preceded by another given name ("Marc Peeters" when the official is Jan
    Peeters) is someone else; one preceded by a fitting initial or the given name is
    widened to include it. Mentions are taken from left to right, the longest form at a
    position first; the tokens of a mention taken are not looked at again.
    """
    lowers = scanner.lowers
    last_seen: dict[int, int] = {}
    resume = first  # tokens of a mention just taken are not looked at again
    for i, length, owners in _form_matches(scanner, persons, first, capitals):
        if i < resume:
            continue
        end = i + length
        if end < len(lowers) and scanner.is_word(end):
            continue
        after_given = i > first and (scanner.is_word(i - 1) or scanner.is_initial(i - 1))
        hit = None
        for index, full in owners:
            if full or not after_given:
                hit = (index, i)
            elif compatible_given(persons[index].given, lowers[i - 1].rstrip(".")):
                hit = (index, i - 1)
            else:
                continue
            break
        if hit is None:
            continue  # a shorter form may still be taken at ``i``
        index, start = hit
        keyed = [o for o, full in owners if not full]  # persons whose surname key this form is
        if len(keyed) > 1:
            index = max(keyed, key=lambda o: last_seen.get(o, -1))
        persons[index].mentions.add((start, end))
        last_seen[index] = start
        resume = end
    for person in persons:
        if len(person.mentions) > 1:
            person.mentions = _outermost(person.mentions)


def _form_matches(
    scanner: NameScanner, persons: list[Person], first: int, capitals: list[int]
) -> list[tuple[int, int, list[tuple[int, bool]]]]:
    """(start, length, owners) of every place from ``first`` on where a person's form is written.

    A form is the lowercase tokens of a mention or of the surname key; ``owners`` lists
    (person index, full form?) in person order. Sorted by start, longest first.

    Forms are found by their last word, which must be capitalised in the text: only the
    ``capitals`` (token positions) are looked at, and a surname word is rare among them.
    There the text is looked up once per form length (a name has at most a few tokens),
    not compared with every form: many persons of a long Doc may share a surname.
    """
    lowers = scanner.lowers
    # last word -> form length -> form -> owners
    grouped: dict[str, dict[int, dict[tuple[str, ...], list[tuple[int, bool]]]]] = {}
    for index, person in enumerate(persons):
        forms = {tuple(lowers[s:e]) for s, e in person.mentions} | ({person.key} if person.key else set())
        for form in forms:
            by_length = grouped.setdefault(form[-1], {}).setdefault(len(form), {})
            by_length.setdefault(form, []).append((index, form != person.key))
    found = []
    for last in islice(capitals, bisect_left(capitals, first), None):
        lengths = grouped.get(lowers[last])
        if lengths is None:
            continue
        for length, forms in lengths.items():
            start = last + 1 - length
            if start >= first:
                owners = forms.get(tuple(lowers[start : last + 1]))
                if owners is not None:
                    found.append((start, length, owners))
    # two forms of one length cannot both start at one token: (start, -length) orders every match
    found.sort(key=_start_longest_first)
    return found


def _start_longest_first(match: tuple[int, int, object]) -> tuple[int, int]:
    """Sort key of ``_form_matches``: by start, longer forms first."""
    return match[0], -match[1]


def _outermost(mentions: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Drop mentions contained in another mention of the same person."""
    kept: set[tuple[int, int]] = set()
    reach = -1
    for start, end in sorted(mentions, key=lambda m: (m[0], -m[1])):
        if end > reach:
            kept.add((start, end))
            reach = end
    return kept


@Language.factory(
    "customs_officials",
    default_config={"patterns_path": None, "speakers": True},
    assigns=["doc._.officials", "span._.official"],
)
def make_officials(
    nlp: Language, name: str, *, patterns_path: str | None, speakers: bool
) -> OfficialsComponent:
    """Officials from role anchors and name shapes; ``speakers`` also keeps role-less quoted speakers."""
    return OfficialsComponent(nlp, name, patterns_path=patterns_path, speakers=speakers)
