"""Full-text search: one interface, a PostgreSQL and a SQLite implementation.

The indexes come from migration 0006 (no other domain has hooks):

- PostgreSQL: `search_vector` (a stored generated tsvector, configuration `norwegian`,
  title weight A, text weight B) with a GIN index on questions, resources, cycles,
  entries, gatherings and workspaces. Ranked with `ts_rank`, snippets by `ts_headline`
  (computed for the page only).
- SQLite: FTS5 tables `fts_<table>` (unicode61, diacritics removed) whose rowid is the
  source row's rowid, kept in sync by triggers. Ranked with `bm25` (title weighs 10,
  text 1), snippets by `snippet()`.

The query is parsed once here: words, Norwegian stop words dropped, and every word
matched as a prefix of its stem, so that "kulturskolen" finds "kulturskole" and
"samarbeidet" finds "samarbeid" on both databases (PostgreSQL's Snowball stemmer does
the stemming there; a light suffix stripper does it for SQLite).

Bounded work: each kind of content contributes at most `CANDIDATES` matching rows, taken
as the index yields them, and only those are ranked; a search for a word found in much of
the table then costs the same as one for a word found in `CANDIDATES` rows, not a ranking
of the whole table (what comes back for such a word is the best of that candidate set).

Who may read what is decided in SQL by the same rules as the domains' own endpoints:
workspace content through `Reader.filter`, questions for signed-in users (published
public answers for visitors), gatherings and the workspace directory for signed-in users.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    column,
    false,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    table,
    true,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access import registry as access
from samklang.access.reader import Reader
from samklang.gatherings.models import Gathering
from samklang.knowledge.models import Question, QuestionStatus, Resource
from samklang.learning.models import Cycle, Entry
from samklang.network.models import Workspace

TYPES = ("question", "resource", "cycle", "entry", "gathering", "workspace")
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
MAX_TERMS = 8

# PostgreSQL's Norwegian stop words (bokmål and nynorsk), dropped from every query.
STOPWORDS = frozenset(
    [
        "og",
        "i",
        "jeg",
        "det",
        "at",
        "en",
        "et",
        "den",
        "til",
        "er",
        "som",
        "på",
        "de",
        "med",
        "han",
        "av",
        "ikke",
        "ikkje",
        "der",
        "så",
        "var",
        "meg",
        "seg",
        "men",
        "ett",
        "har",
        "om",
        "vi",
        "min",
        "mitt",
        "ha",
        "hadde",
        "hun",
        "nå",
        "over",
        "da",
        "ved",
        "fra",
        "du",
        "ut",
        "sin",
        "dem",
        "oss",
        "opp",
        "man",
        "kan",
        "hans",
        "hvor",
        "eller",
        "hva",
        "skal",
        "selv",
        "sjøl",
        "her",
        "alle",
        "vil",
        "bli",
        "ble",
        "blei",
        "blitt",
        "kunne",
        "inn",
        "når",
        "være",
        "kom",
        "noen",
        "noe",
        "ville",
        "dere",
        "deres",
        "kun",
        "ja",
        "etter",
        "ned",
        "skulle",
        "denne",
        "for",
        "deg",
        "si",
        "sine",
        "sitt",
        "mot",
        "å",
        "meget",
        "hvorfor",
        "dette",
        "disse",
        "uten",
        "hvordan",
        "ingen",
        "din",
        "ditt",
        "blir",
        "samme",
        "hvilken",
        "hvilke",
        "sånn",
        "inni",
        "mellom",
        "vår",
        "hver",
        "hvem",
        "vors",
        "hvis",
        "både",
        "bare",
        "enn",
        "fordi",
        "før",
        "mange",
        "også",
        "slik",
        "vært",
        "båe",
        "begge",
        "siden",
        "dykk",
        "dykkar",
        "dei",
        "deira",
        "deires",
        "deim",
        "di",
        "då",
        "eg",
        "ein",
        "eit",
        "eitt",
        "elles",
        "honom",
        "hjå",
        "ho",
        "hoe",
        "henne",
        "hennar",
        "hennes",
        "hoss",
        "hossen",
        "ingi",
        "inkje",
        "korleis",
        "korso",
        "kva",
        "kvar",
        "kvarhelst",
        "kven",
        "kvi",
        "kvifor",
        "me",
        "medan",
        "mi",
        "mine",
        "mykje",
        "no",
        "nokon",
        "noka",
        "nokor",
        "noko",
        "nokre",
        "sia",
        "sidan",
        "so",
        "somt",
        "somme",
        "um",
        "upp",
        "vere",
        "vore",
        "verte",
        "vort",
        "varte",
        "vart",
    ]
)
# Norwegian inflection endings, longest first (after Snowball's Norwegian step 1).
SUFFIXES = sorted(
    [
        "hetenes",
        "hetene",
        "hetens",
        "heter",
        "heten",
        "endes",
        "ande",
        "ende",
        "edes",
        "enes",
        "erte",
        "ede",
        "ane",
        "ene",
        "ens",
        "ers",
        "ets",
        "het",
        "ast",
        "ert",
        "en",
        "ar",
        "er",
        "as",
        "es",
        "et",
        "a",
        "e",
        "s",
    ],
    key=len,
    reverse=True,
)
MIN_STEM = 4


def stem(word: str) -> str:
    """Strip one inflection ending, keeping at least four letters: 'kulturskolen' ->
    'kulturskol', 'samarbeidet' -> 'samarbeid'."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def terms(query: str) -> list[str]:
    """The query's words, lower case, without stop words; at most eight."""
    words = [w for w in re.findall(r"[^\W_]+", query.casefold()) if w not in STOPWORDS]
    return list(dict.fromkeys(words))[:MAX_TERMS]


def highlight(snippet: str | None) -> str:
    """HTML-escape a snippet and turn the match markers into <mark>."""
    escaped = html.escape(snippet or "", quote=False)
    return escaped.replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")


@dataclass
class Hit:
    type: str
    id: str
    title: str
    snippet: str
    workspace_id: str | None
    parent_id: str | None
    rank: float


@dataclass
class Source:
    """One searchable table: what a hit shows, and who may read it."""

    type: str
    table: str
    model: Any
    title: Any
    body: Any
    workspace: Any
    parent: Any


def _sources() -> dict[str, Source]:
    return {
        "question": Source(
            "question", "questions", Question, Question.title, Question.body, None, None
        ),
        "resource": Source(
            "resource",
            "resources",
            Resource,
            Resource.title,
            Resource.description,
            Resource.workspace_id,
            None,
        ),
        "cycle": Source(
            "cycle",
            "cycles",
            Cycle,
            Cycle.title,
            Cycle.plan + " " + Cycle.act + " " + Cycle.observe + " " + Cycle.reflect,
            Cycle.workspace_id,
            None,
        ),
        "entry": Source(
            "entry", "entries", Entry, Cycle.title, Entry.body, Entry.workspace_id, Entry.cycle_id
        ),
        "gathering": Source(
            "gathering",
            "gatherings",
            Gathering,
            Gathering.title,
            Gathering.description,
            None,
            None,
        ),
        "workspace": Source(
            "workspace",
            "workspaces",
            Workspace,
            Workspace.name,
            Workspace.description,
            Workspace.id,
            None,
        ),
    }


def question_workspace(reader: Reader) -> Any:
    """The asker's workspace, hidden for anonymous questions from all but the asker and
    the project team."""
    if reader.is_admin:
        return Question.workspace_id
    me = reader.user.id if reader.user else ""
    return case(
        (
            and_(Question.anonymous, or_(Question.asker_id.is_(None), Question.asker_id != me)),
            null(),
        ),
        else_=Question.workspace_id,
    )


def question_readable(reader: Reader) -> ColumnElement[bool]:
    """Signed-in users read every question that is not merged away; visitors only those
    with a published public answer (the FAQ)."""
    alive = Question.status != QuestionStatus.merged.value
    if reader.user is None:
        return and_(alive, Question.answer_published, Question.answer_public)
    return alive


def readable(reader: Reader, type_: str) -> ColumnElement[bool]:
    if type_ == "question":
        return question_readable(reader)
    if type_ in ("resource", "cycle", "entry"):
        return access.readable(reader, type_)  # the access module: an entry capped by its cycle
    # Gatherings and the workspace directory: every signed-in user (their own rules).
    return true() if reader.user is not None else false()


class SearchBackend(Protocol):
    async def search(
        self,
        session: AsyncSession,
        reader: Reader,
        words: list[str],
        *,
        types: tuple[str, ...],
        limit: int,
        offset: int,
        any_word: bool = False,
    ) -> list[Hit]: ...

    def question_match(self, words: list[str]) -> ColumnElement[bool]:
        """A WHERE clause: the question matches every word."""
        ...


CANDIDATES = 500  # matching rows per kind of content that are ranked


def _bounded(branch: Select[Any]) -> Select[Any]:
    """At most CANDIDATES rows of a branch (as a subquery: SQLite takes no LIMIT inside a
    compound select). No ORDER BY, so the scan stops once it has them."""
    return select(branch.limit(CANDIDATES).subquery())


def _base(source: Source, reader: Reader) -> tuple[Select[Any], ColumnElement[bool]]:
    """The columns of a hit and the read rule, before the full-text part."""
    workspace = question_workspace(reader) if source.type == "question" else source.workspace
    query = select(
        literal(source.type).label("type"),
        source.model.id.label("id"),
        source.title.label("title"),
        (workspace if workspace is not None else null()).label("workspace_id"),
        (source.parent if source.parent is not None else null()).label("parent_id"),
    )
    if source.type == "entry":
        query = query.join_from(Entry, Cycle, Cycle.id == Entry.cycle_id)
    else:
        query = query.select_from(source.model)
    return query, readable(reader, source.type)


class PostgresSearch:
    config = "norwegian"

    def _tsquery(self, words: list[str], joiner: str = " & ") -> Any:
        return func.to_tsquery(
            literal_column(f"'{self.config}'::regconfig"),
            joiner.join(f"{w}:*" for w in words),
        )

    def question_match(self, words: list[str]) -> ColumnElement[bool]:
        return literal_column("questions.search_vector").op("@@")(self._tsquery(words))

    def _branch(self, source: Source, reader: Reader, tsq: Any) -> Select[Any]:
        query, rule = _base(source, reader)
        vector: Any = literal_column(f"{source.table}.search_vector")
        return _bounded(
            query.add_columns(func.ts_rank(vector, tsq).label("rank")).where(
                vector.op("@@")(tsq), rule
            )
        )

    def _doc(self, page: Any, types: tuple[str, ...]) -> Any:
        """The text to cut a snippet from, read for the page's rows only."""
        sources = _sources()
        return case(
            *[
                (
                    page.c.type == t,
                    select(sources[t].body)
                    .where(sources[t].model.id == page.c.id)
                    .scalar_subquery(),
                )
                for t in types
            ],
            else_="",
        )

    async def search(
        self,
        session: AsyncSession,
        reader: Reader,
        words: list[str],
        *,
        types: tuple[str, ...],
        limit: int,
        offset: int,
        any_word: bool = False,
    ) -> list[Hit]:
        if not words:
            return []
        tsq = self._tsquery(words, " | " if any_word else " & ")
        sources = _sources()
        branches = [self._branch(sources[t], reader, tsq) for t in types]
        ranked = union_all(*branches).subquery("hits")
        page = (
            select(ranked)
            .order_by(ranked.c.rank.desc(), ranked.c.type, ranked.c.id)
            .limit(limit)
            .offset(offset)
            .subquery("page")
        )
        options = (
            f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=30, MinWords=12, "
            'MaxFragments=2, FragmentDelimiter=" … "'
        )
        config: Any = literal_column(f"'{self.config}'::regconfig")
        headline = func.ts_headline(config, self._doc(page, types), tsq, options)
        title_headline = func.ts_headline(
            config, page.c.title, tsq, "HighlightAll=true, " + options
        )
        rows = await session.execute(
            select(
                page.c.type,
                page.c.id,
                page.c.title,
                page.c.workspace_id,
                page.c.parent_id,
                page.c.rank,
                headline.label("snippet"),
                title_headline.label("title_snippet"),
            ).order_by(page.c.rank.desc(), page.c.type, page.c.id)
        )
        return [
            Hit(
                r.type,
                r.id,
                r.title,
                highlight(
                    r.snippet
                    if MARK_OPEN in (r.snippet or "") or MARK_OPEN not in (r.title_snippet or "")
                    else r.title_snippet
                ),
                r.workspace_id,
                r.parent_id,
                r.rank,
            )
            for r in rows
        ]


class SqliteSearch:
    def _match(self, words: list[str], joiner: str = " AND ") -> str:
        return joiner.join(f'"{stem(w)}"*' for w in words)

    def question_match(self, words: list[str]) -> ColumnElement[bool]:
        fts = table("fts_questions", column("rowid"))
        return literal_column("questions.rowid").in_(
            select(fts.c.rowid).where(
                literal_column("fts_questions").op("MATCH")(self._match(words))
            )
        )

    def _branch(self, source: Source, reader: Reader, match: str) -> Select[Any]:
        query, rule = _base(source, reader)
        name = f"fts_{source.table}"
        fts = table(name, column("rowid"))
        ref: Any = literal_column(name)
        return _bounded(
            query.add_columns(
                (-func.bm25(ref, 10.0, 1.0)).label("rank"),
                func.snippet(ref, -1, MARK_OPEN, MARK_CLOSE, "…", 16).label("snippet"),
            )
            .join(fts, fts.c.rowid == literal_column(f"{source.table}.rowid"))
            .where(ref.op("MATCH")(match), rule)
        )

    async def search(
        self,
        session: AsyncSession,
        reader: Reader,
        words: list[str],
        *,
        types: tuple[str, ...],
        limit: int,
        offset: int,
        any_word: bool = False,
    ) -> list[Hit]:
        if not words:
            return []
        match = self._match(words, " OR " if any_word else " AND ")
        sources = _sources()
        ranked = union_all(*[self._branch(sources[t], reader, match) for t in types]).subquery(
            "hits"
        )
        rows = await session.execute(
            select(ranked)
            .order_by(ranked.c.rank.desc(), ranked.c.type, ranked.c.id)
            .limit(limit)
            .offset(offset)
        )
        return [
            Hit(r.type, r.id, r.title, highlight(r.snippet), r.workspace_id, r.parent_id, r.rank)
            for r in rows
        ]


def backend_for(session: AsyncSession) -> SearchBackend:
    """The implementation for the session's database."""
    if session.get_bind().dialect.name == "postgresql":
        return PostgresSearch()
    return SqliteSearch()


def readable_types(reader: Reader) -> tuple[str, ...]:
    """The types a reader could find anything in (visitors: no gatherings, workspaces)."""
    if reader.user is None:
        return ("question", "resource", "cycle", "entry")
    return TYPES


# Alembic autogenerate must not see the search objects as strays: they come from 0006.
def include_in_autogenerate(name: str | None, type_: str, parent_names: Any) -> bool:
    if type_ == "table" and name is not None and name.startswith("fts_"):
        return False
    if type_ == "column" and name == "search_vector":
        return False
    return not (type_ == "index" and name is not None and name.endswith("_search"))
