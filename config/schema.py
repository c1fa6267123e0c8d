"""The shape of ``casewatch.toml`` (SPEC §1), validated by pydantic.

Every model forbids unknown keys, so a typo is an error naming the key.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import zoneinfo
from functools import cached_property
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    field_validator,
    model_validator,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from casewatch.config.durations import parse_duration
from casewatch.config.messages import KeyProblem
from casewatch.config.secrets import mask_credentials
from casewatch.event_kinds import EVENT_KINDS

log = logging.getLogger(__name__)
Duration = Annotated[dt.timedelta, BeforeValidator(parse_duration)]
PositiveDuration = Annotated[Duration, Field(gt=dt.timedelta(0))]


def _web_url(url: str) -> str:
    if not re.match(r"^https?://[^/\s]+", url):
        raise ValueError(f"{mask_credentials(url)!r} is not an http(s) URL")
    return url


def _regex(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        # Shown as written in the file: a repr would double every backslash.
        raise ValueError(f"bad regular expression '{pattern}': {exc}") from exc
    return pattern


def _timezone(name: str) -> str:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc
    return name


def _unique(table: str, items: list[str], what: str) -> None:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item in seen:
            raise KeyProblem((table, index, "name"), f"another {what} is also named {item!r}")
        seen.add(item)


def _no_shared_spellings(people: list[PersonConfig]) -> None:
    """Two people written alike could never be told apart."""
    owner: dict[str, str] = {}
    for index, person in enumerate(people):
        for spelling in {person.name.casefold(), *(a.casefold() for a in person.aliases)}:
            other = owner.setdefault(spelling, person.name)
            if other != person.name:
                raise KeyProblem(
                    ("people", index, "aliases"),
                    f"{other!r} and {person.name!r} share the spelling {spelling!r}",
                )


def _canonical_people(data: object) -> object:
    """``[[sources]] people`` may name a person by any configured alias (any
    case); the sources keep the canonical ``[[people]] name``."""
    if not isinstance(data, dict):
        return data
    canonical: dict[str, str] = {}
    for person in data.get("people") or ():
        if isinstance(person, dict) and isinstance(person.get("name"), str):
            for spelling in (person["name"], *(person.get("aliases") or ())):
                if isinstance(spelling, str):
                    canonical.setdefault(spelling.strip().casefold(), person["name"].strip())
    sources = data.get("sources")
    if not isinstance(sources, list):
        return data
    rewritten = []
    for source in sources:
        if isinstance(source, dict) and isinstance(source.get("people"), list):
            names = [
                canonical.get(p.strip().casefold(), p) if isinstance(p, str) else p
                for p in source["people"]
            ]
            source = {**source, "people": names}
        rewritten.append(source)
    return {**data, "sources": rewritten}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _database_url(url: str) -> str:
    try:
        make_url(url)
    except ArgumentError:
        raise ValueError(
            "not a database URL: use e.g. sqlite:///casewatch.db or postgresql://user@host/db"
        ) from None
    return url


class DatabaseConfig(Strict):
    url: Annotated[str, AfterValidator(_database_url)] = "sqlite:///casewatch.db"


class CrawlConfig(Strict):
    interval: PositiveDuration = dt.timedelta(hours=6)
    user_agent: str = "casewatch/0.1 (+https://pypi.org/project/casewatch/)"
    obey_robots: StrictBool = True
    timeout: PositiveDuration = dt.timedelta(seconds=30)
    per_host_concurrency: int = Field(default=4, ge=1, le=64)
    # The least wait between requests to one host; a slow host gets longer
    # ones (spiders/settings.py: AutoThrottle).
    delay: Duration = dt.timedelta(0)
    retries: int = Field(default=2, ge=0, le=10)  # on timeouts and 5xx
    max_page_size: int = Field(default=10_000_000, ge=10_000)  # bytes
    failures_before_alert: int = Field(default=3, ge=1)
    # Processes that read pages when a cycle has many to read (None: one per
    # core; 0: none, the run reads them itself). casewatch/reading_pool.py
    reading_processes: int | None = Field(default=None, ge=0, le=64)


class AlertsConfig(Strict):
    remind_before: list[PositiveDuration] = Field(
        default_factory=lambda: [dt.timedelta(days=d) for d in (7, 3, 1)]
    )
    timezone: Annotated[str, AfterValidator(_timezone)] = "UTC"
    # An alert is marked dead only once it has been failing for this long,
    # never after a count of attempts (SPEC §4).
    give_up_after: PositiveDuration = dt.timedelta(hours=24)
    # The daemon's first wait before a retry; doubles per attempt, up to an hour.
    retry_backoff: PositiveDuration = dt.timedelta(minutes=1)
    # "daily": non-urgent alerts are gathered into one message per channel.
    digest: Literal["off", "daily"] = "off"
    digest_hour: int = Field(default=8, ge=0, le=23)  # local hour, in ``timezone``
    # Per event kind (or "default"): {title = "...", body = "..."} Jinja2
    # templates; the alerts layer compiles them (casewatch.app.check_config).
    templates: dict[str, dict[str, str]] = {}

    @model_validator(mode="before")
    @classmethod
    def _retired_max_attempts(cls, data: object) -> object:
        """``max_attempts`` (a count) was replaced by ``give_up_after`` (a
        period): old files still load, with a warning, and the count is ignored."""
        if isinstance(data, dict) and "max_attempts" in data:
            data = {k: v for k, v in data.items() if k != "max_attempts"}
            log.warning(
                "[alerts] max_attempts is no longer used and is ignored: an alert is "
                "retried until it has been failing for give_up_after (default 24h); "
                "remove max_attempts from the config"
            )
        return data


# The names of casewatch.case.kinds.KINDS, written out so that loading a
# config does not import the readers (lxml, rapidfuzz, the rules: ~0.2 s of
# CPU that ``history`` has no use for); tests/test_config.py keeps them equal.
KIND_NAMES = ("amnesty_ua", "viasna_person", "viasna_list", "petition", "page")

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class PersonConfig(Strict):
    name: Text
    aliases: list[Text] = []
    tags: list[Text] = []


class SourceConfig(Strict):
    name: Text
    url: Annotated[str, AfterValidator(_web_url)]
    kind: str = "page"
    interval: PositiveDuration | None = None
    people: list[str] = []
    select: str | None = None
    ignore: list[Annotated[str, AfterValidator(_regex)]] = []
    verify_tls: StrictBool = True  # false: accept any TLS certificate from this source's host

    @property
    def masked_url(self) -> str:
        """The address as shown and stored: its credentials masked (the
        password of a user:password, secret-named query values). Only the
        fetch uses :attr:`url` itself."""
        return mask_credentials(self.url)

    @property
    def sole_person(self) -> str | None:
        """A page-level event concerns the source's person when it names just one."""
        return self.people[0] if len(self.people) == 1 else None

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, kind: str) -> str:
        if kind not in KIND_NAMES:
            raise ValueError(f"unknown kind {kind!r}: use one of {', '.join(KIND_NAMES)}")
        return kind

    @field_validator("select")
    @classmethod
    def _valid_selector(cls, select: str | None) -> str | None:
        if select is not None:
            from casewatch.case.text import check_selector  # lxml: only when used

            check_selector(select)
        return select


class ChannelConfig(Strict):
    name: Text
    url: Text
    events: Annotated[list[str], Field(min_length=1)] = ["*"]
    people_tags: list[str] = []
    digest: Literal["off", "daily"] | None = None  # None: as in [alerts]

    @field_validator("events")
    @classmethod
    def _known_events(cls, events: list[str]) -> list[str]:
        for kind in events:
            if kind != "*" and kind not in EVENT_KINDS:
                raise ValueError(
                    f"unknown event kind {kind!r}: use '*' or one of " + ", ".join(EVENT_KINDS)
                )
        return events

    def wants(self, event_kind: str) -> bool:
        return "*" in self.events or event_kind in self.events


class WebConfig(Strict):
    """``casewatch serve`` (SPEC §6): the token every request must carry; it is
    required to serve on any address but loopback."""

    token: Annotated[str, StringConstraints(min_length=16)] | None = None


def _redis_url(url: str) -> str:
    if not re.match(r"^rediss?://", url):
        raise ValueError(f"{url!r} is not a Redis URL: use e.g. redis://queue.internal:6379/0")
    return url


class QueueConfig(Strict):
    """Distributed mode (SPEC §7, docs/scale-out.md): the Redis broker that
    ``casewatch scheduler`` queues due sources on and ``casewatch worker``
    takes them from. Without ``url``, ``run`` and ``daemon`` work alone."""

    url: Annotated[str, AfterValidator(_redis_url)] | None = None
    # A task a worker took and did not finish (it died) goes back to the
    # queue after this long; it must exceed the longest check of a batch.
    visibility_timeout: PositiveDuration = dt.timedelta(hours=1)


class Settings(Strict):
    database: DatabaseConfig = DatabaseConfig()
    crawl: CrawlConfig = CrawlConfig()
    alerts: AlertsConfig = AlertsConfig()
    people: list[PersonConfig] = []
    sources: list[SourceConfig] = []
    channels: list[ChannelConfig] = []
    web: WebConfig = WebConfig()
    queue: QueueConfig = QueueConfig()

    _aliases = model_validator(mode="before")(_canonical_people)

    @model_validator(mode="after")
    def _cross_references(self) -> Settings:
        _unique("people", [p.name for p in self.people], "person")
        _no_shared_spellings(self.people)
        _unique("sources", [s.name for s in self.sources], "source")
        _unique("channels", [c.name for c in self.channels], "channel")
        known = {p.name for p in self.people}
        for index, source in enumerate(self.sources):
            for position, person in enumerate(source.people):
                if person not in known:
                    raise KeyProblem(
                        ("sources", index, "people", position),
                        f"{person!r} is not a name or alias of any [[people]] entry",
                    )
        return self

    def source(self, name: str) -> SourceConfig:
        """The source named ``name`` (KeyError if none): a lookup, not a
        scan, since each of 10,000 checks asks for its own."""
        return self._sources_by_name[name]

    @cached_property
    def _sources_by_name(self) -> dict[str, SourceConfig]:
        return {s.name: s for s in self.sources}

    def interval(self, source: SourceConfig) -> dt.timedelta:
        return source.interval or self.crawl.interval
