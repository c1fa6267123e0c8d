"""Turn an event into an alert message with sandboxed Jinja2 templates.

Defaults live in ``default_templates/``: one title, which names the event
plainly by its registry title ("status changed: detained → sentenced"), and
one body layout per format. What each kind shows (its headline and facts)
is in the event-kind registry (``casewatch.event_kinds``); deadlines are
written as ``casewatch.deadlines.describe`` writes them, in the configured
time zone. Users may override the title and/or body per event kind or for
all kinds ("default").

Every ``{{ value }}`` is escaped for the format being rendered (see
``escape``), so an override is written once and is safe in text, HTML and
markdown; the ready-made ``link`` and ``diff`` blocks are already escaped.
The title is always plain text. Names a template can use:

event, kind, event_title (the registry's plain title, e.g. "status changed"),
headline (what follows it in the title), person, surname, subject (surname,
else the source name), source, url, link, summary, details, when, timezone,
facts (label, value pairs), diff (only for kinds that carry it), possible_repeat,
repeat_note, deadline_name, deadline_date ("28 Sep 2021 (in 3 days)"),
old_deadline_date, due_in, format.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

from jinja2 import (
    ChainableUndefined,
    DictLoader,
    FileSystemLoader,
    PrefixLoader,
    TemplateError,
    TemplatesNotFound,
    meta,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from casewatch.alerts.escape import (
    clean_text,
    escape_code_block,
    escape_html,
    escape_markdown,
    escape_title,
    one_line,
)
from casewatch.alerts.message import (
    FORMATS,
    RENDERABLE_KINDS,
    EventView,
    Message,
    sample_event,
)
from casewatch.case.facts import describe_status
from casewatch.deadlines import describe, due_in, format_moment
from casewatch.event_kinds import kind_of
from casewatch.text import plural

logger = logging.getLogger(__name__)

TITLE_LIMIT = 200
BODY_LIMIT = 8000
FIELD_LIMIT = 300  # one quoted value: summary, status detail, action asked
DIFF_MAX_LINES = 40
DIFF_MAX_CHARS = 3000  # counted after escaping, which can grow text sixfold
DIFF_LINE_LIMIT = 300
PARTS = ("title", "body")
REPEAT_NOTE = (
    "Possible repeat: an earlier attempt to send this alert was interrupted, "
    "so it may have arrived already."
)
_TRUNCATED = "\n… (alert truncated)"
_DIFF_NOTE_ROOM = 40  # the "… N more lines" note and the code fence around a diff
_TEMPLATE_DIR = Path(__file__).with_name("default_templates")

_ESCAPERS: dict[str, Callable[[str], str]] = {
    "text": clean_text,
    "html": escape_html,
    "markdown": escape_markdown,
}
_DIFF_ESCAPERS: dict[str, Callable[[str], str]] = {
    **_ESCAPERS,
    "markdown": escape_code_block,
}
_DIFF_COLOURS = {"+": "#1a7f37", "-": "#cf222e", "@": "#6e7781"}


class InvalidTemplates(ValueError):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("invalid alert templates:\n" + "\n".join(errors))
        self.errors = errors


class Safe(str):
    """Text already escaped for the format being rendered."""

    __slots__ = ()


class _Sandbox(ImmutableSandboxedEnvironment):
    # Jinja's sandbox turns a forbidden attribute into a silent undefined;
    # failing loudly lets validate_overrides report it at config time.
    def unsafe_undefined(self, obj: Any, attribute: str) -> NoReturn:
        raise SecurityError(
            f"alert templates may not access {attribute!r} of {type(obj).__name__!r}"
        )


def _environment(fmt: str, overrides: Mapping[str, Mapping[str, str]]) -> _Sandbox:
    escape = _ESCAPERS[fmt]

    def finalize(value: Any) -> str:
        if isinstance(value, Safe):
            return value
        return "" if value is None else escape(str(value))

    user = {
        f"{kind}.{part}": source
        for kind, parts in overrides.items()
        for part, source in parts.items()
    }
    env = _Sandbox(
        loader=PrefixLoader({"user": DictLoader(user), "builtin": FileSystemLoader(_TEMPLATE_DIR)}),
        finalize=finalize,
        undefined=ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # "|safe" and "|e" must mean this format's escaping, not HTML's.
    env.filters["safe"] = Safe
    env.filters["e"] = env.filters["escape"] = lambda v: Safe(finalize(v))
    return env


class Renderer:
    """Renders events as messages; build once per configuration."""

    def __init__(self, overrides: Mapping[str, Mapping[str, str]] | None = None):
        overrides = overrides or {}
        errors = validate_overrides(overrides)
        if errors:
            raise InvalidTemplates(errors)
        self._envs = {fmt: _environment(fmt, overrides) for fmt in FORMATS}

    def render(self, event: EventView, fmt: str, timezone: str, limit: int = BODY_LIMIT) -> Message:
        """The message for ``event``, its body at most ``limit`` characters
        (a channel's service may take less than ``BODY_LIMIT``): the quoted
        diff is shortened first, then the body is cut."""
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
        tz = ZoneInfo(timezone)
        title = self._render_part(event, "title", "text", _context(event, "text", tz))
        if event.possible_repeat:
            title = f"[possible repeat] {title}"
        context = _context(event, fmt, tz)
        body = self._render_part(event, "body", fmt, context).strip("\n")
        room = len(context["diff"])
        for _ in range(2):  # the note of what was left out can change length
            if len(body) <= limit or room == 0:
                break
            # The diff is what grows: give it the room the rest leaves.
            room = max(room - (len(body) - limit) - _DIFF_NOTE_ROOM, 0)
            context["diff"] = _diff_block(event.diff, fmt, room)
            body = self._render_part(event, "body", fmt, context).strip("\n")
        return Message(
            title=escape_title(title, TITLE_LIMIT),
            body=_bounded(body, limit, fmt),
            body_format=fmt,
        )

    def _render_part(self, event: EventView, part: str, fmt: str, context: dict[str, Any]) -> str:
        env = self._envs[fmt]
        builtin = [f"builtin/body.{fmt}.j2" if part == "body" else "builtin/title.j2"]
        try:
            template = env.select_template([f"user/{event.kind}.{part}", f"user/default.{part}"])
        except TemplatesNotFound:
            return env.select_template(builtin).render(context)
        try:
            return template.render(context)
        except Exception:
            # Any error in a user template (not only Jinja's) must not stop
            # the alert: staff still get the default rendering.
            logger.warning(
                "alert template %s failed for event %s; using the default",
                template.name,
                event.id,
                exc_info=True,
            )
            return env.select_template(builtin).render(context)


def validate_overrides(overrides: object) -> list[str]:
    """Errors in user templates, each prefixed by ``kind.part``; [] if fine."""
    if not isinstance(overrides, Mapping):
        return ["alert templates must be a table keyed by event kind"]
    errors: list[str] = []
    kinds = ("default", *RENDERABLE_KINDS)
    for kind, parts in overrides.items():
        if kind not in kinds:
            errors.append(f"{kind}: unknown event kind; expected one of {', '.join(kinds)}")
        elif not isinstance(parts, Mapping):
            errors.append(f"{kind}: must be a table with 'title' and/or 'body'")
        else:
            errors.extend(_part_errors(kind, parts))
    return errors


def _part_errors(kind: str, parts: Mapping[str, Any]) -> list[str]:
    errors = []
    for part, source in parts.items():
        where = f"{kind}.{part}"
        if part not in PARTS:
            errors.append(f"{where}: unknown key; expected 'title' or 'body'")
        elif not isinstance(source, str):
            errors.append(f"{where}: must be a string")
        else:
            errors.extend(f"{where}: {e}" for e in _template_errors(kind, source))
    return errors


def _template_errors(kind: str, source: str) -> list[str]:
    envs = {fmt: _environment(fmt, {}) for fmt in FORMATS}
    try:
        ast = envs["text"].parse(source)
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        return [f"line {line}: {exc.message}" if line else str(exc.message)]
    names = set(_context(sample_event("test"), "text", dt.UTC))  # the same for every kind
    unknown = sorted(meta.find_undeclared_variables(ast) - names - set(envs["text"].globals))
    if unknown:
        return [
            f"unknown name(s) {', '.join(unknown)}; templates can use {', '.join(sorted(names))}"
        ]
    # Sandbox violations and type errors only show when rendering.
    templates = {fmt: env.from_string(source) for fmt, env in envs.items()}
    for sample_kind in RENDERABLE_KINDS if kind == "default" else (kind,):
        event = sample_event(sample_kind)
        for fmt, template in templates.items():
            try:
                template.render(_context(event, fmt, dt.UTC))
            except Exception as exc:
                return [f"fails on a sample {sample_kind} event: {type(exc).__name__}: {exc}"]
    return []


def _bounded(text: str, limit: int, fmt: str = "text") -> str:
    # Default templates stay well inside the limit; this catches overrides,
    # extreme values and small services. A cut can only break markup, never
    # unescape text; a markdown code block cut open is closed again.
    if len(text) <= limit:
        return text
    fence = "\n```" if fmt == "markdown" else ""
    cut = text[: max(limit - len(_TRUNCATED) - len(fence), 0)].removesuffix("\\")
    if fence and cut.count("```") % 2:
        cut += fence
    return cut + _TRUNCATED


# --- the template context -------------------------------------------------


def _context(event: EventView, fmt: str, tz: dt.tzinfo) -> dict[str, Any]:
    details = event.details
    surname = event.person.split()[-1] if event.person else ""
    occurred = event.occurred_at
    if occurred.tzinfo is None:  # SQLite returns naive datetimes; they are UTC
        occurred = occurred.replace(tzinfo=dt.UTC)
    local = occurred.astimezone(tz)
    when = format_moment(local, tz)
    kind = kind_of(event.kind)
    # Deadlines count days from the day the event was detected, in ``tz``.
    shown = _Shown(details, local.date())
    headline = _HEADLINES[kind.headline](shown) if kind.headline else ""
    return {
        "event": event,
        "kind": event.kind,
        "event_title": kind.title,
        "headline": one_line(headline, FIELD_LIMIT),
        "person": event.person or "",
        "surname": surname,
        "subject": surname or event.source,
        "source": event.source,
        "url": event.url,
        "link": _link(event.url, fmt),
        "summary": one_line(event.summary, FIELD_LIMIT),
        "details": details,
        "when": when,
        "timezone": str(tz),
        "facts": _facts(event, local.date(), when),
        "diff": _diff_block(event.diff, fmt) if kind.carries_diff else Safe(""),
        "possible_repeat": event.possible_repeat,
        "repeat_note": REPEAT_NOTE,
        "deadline_name": shown.deadline_name(),
        "deadline_date": shown.deadline(),
        "old_deadline_date": shown.day("old_date"),
        "due_in": shown.due_in(),
        "format": fmt,
    }


@dataclass(frozen=True)
class _Shown:
    """An event's details as alerts write them; ``today`` is the local date
    the event was detected on, which deadlines count from."""

    details: Mapping[str, Any]
    today: dt.date

    def get(self, key: str) -> Any:
        return self.details.get(key)

    def status(self, which: str) -> str:
        status = self.details.get(which) or "unknown"
        return describe_status(str(status), str(self.details.get(f"{which}_detail") or ""))

    def day(self, key: str, relative: bool = False) -> str:
        """A date of the details, written the one way alerts write dates."""
        value = self.details.get(key)
        try:
            day = dt.date.fromisoformat(value) if isinstance(value, str) else value
        except ValueError:
            return str(value)  # not a date: shown as the page gave it
        if not isinstance(day, dt.date):
            return ""
        return describe(day, self.today if relative else None)

    def deadline(self) -> str:
        """ "28 Sep 2021 (in 3 days)"."""
        return self.day("date", relative=True)

    def due_in(self) -> str:
        day = self.details.get("date")
        try:
            return due_in((dt.date.fromisoformat(str(day)) - self.today).days)
        except ValueError:
            return ""

    def deadline_name(self) -> str:
        label = self.details.get("label") or "deadline"
        ua = self.details.get("ua_number")
        return f"UA {ua} {label}" if ua else str(label)

    def number(self, key: str) -> str:
        value = self.details.get(key)
        return f"{value:,}" if isinstance(value, int) else str(value or "?")

    def count(self, key: str, noun: str) -> str:
        """ "1 signature", "1,003 signatures"; "? signatures" when unknown."""
        value = self.details.get(key)
        return plural(value, noun) if isinstance(value, int) else f"{self.number(key)} {noun}s"


def _moved(shown: _Shown) -> str:
    return f"{shown.day('old_date')} → {shown.deadline()}"


def _removal(shown: _Shown) -> str:
    reason = str(shown.get("reason") or "")
    if reason.startswith("redirected"):
        return reason
    return f"HTTP {shown.get('http_status')}" if shown.get("http_status") else ""


# What follows an alert's title ("status changed: detained → sentenced"), by
# the registry's ``headline`` name.
_HEADLINES: dict[str, Callable[[_Shown], str]] = {
    "status_change": lambda s: f"{s.status('old')} → {s.status('new')}",
    "mentioned_status": lambda s: s.status("status"),
    "deadline": lambda s: f"{s.deadline_name()} {s.deadline()}",
    "moved_deadline": lambda s: f"{s.deadline_name()} moved to {s.deadline()}",
    "removal": _removal,
    "failures": lambda s: f"{plural(s.details.get('failures') or 0, 'failed check')} in a row",
    "signatures": lambda s: f"{s.count('new', 'signature')} (goal {s.number('goal')})",
}

# The body's rows, by the registry's ``facts`` names: (label, value).
FACTS: dict[str, Callable[[_Shown], tuple[str, Any]]] = {
    "was": lambda s: ("Was", s.status("old")),
    "now": lambda s: ("Now", s.status("new")),
    "status": lambda s: ("Status", s.status("status")),
    "deadline": lambda s: ("Deadline", f"{s.get('label') or 'deadline'}, {s.deadline()}"),
    "moved_deadline": lambda s: ("Deadline", f"{s.get('label') or 'deadline'}, {_moved(s)}"),
    "ua_number": lambda s: ("Urgent Action", s.get("ua_number") and f"UA {s.get('ua_number')}"),
    "action": lambda s: ("Action asked", s.get("action")),
    "http_status": lambda s: ("HTTP status", s.get("http_status")),
    "reason": lambda s: ("Reason", s.get("reason")),
    "failures": lambda s: ("Failed checks", s.get("failures")),
    "error": lambda s: ("Last error", s.get("error")),
    "signatures": lambda s: ("Signatures", f"{s.number('old')} → {s.number('new')}"),
    "goal": lambda s: ("Goal", s.number("goal")),
}


def _facts(event: EventView, today: dt.date, when: str) -> list[tuple[str, str]]:
    about = [("Person", event.person), ("Source", event.source), ("Detected", when)]
    return [*labelled_facts(event.kind, event.details, today), *_lines(about)]


def labelled_facts(kind: str, details: Mapping[str, Any], today: dt.date) -> list[tuple[str, str]]:
    """An event's details as an alert's body labels them, e.g. [("Was",
    "detained"), ("Now", "sentenced to 11 years")]: the facts the kind's
    registry entry names (``FACTS``), each on one line; deadlines count
    days from ``today`` (the local date it was detected on). For the
    dashboard's event page."""
    shown = _Shown(details, today)
    return _lines(FACTS[name](shown) for name in kind_of(kind).facts)


def _lines(facts: Iterable[tuple[str, Any]]) -> list[tuple[str, str]]:
    """The facts that have a value, each value on one line."""
    return [(label, one_line(str(value), FIELD_LIMIT)) for label, value in facts if value]


def _link(url: str, fmt: str) -> Safe:
    """A clickable link to an http(s) URL, escaped for the format."""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return Safe("")
    # Percent-encoding leaves no space, quote or angle bracket to break out.
    url = quote(clean_text(url).strip(), safe=":/?#[]@!$&'()*+,;=%~")
    if fmt == "html":
        return Safe(f'<a href="{url}">{url.replace("&", "&amp;")}</a>')
    return Safe(f"<{url}>" if fmt == "markdown" else url)


def _diff_block(diff: str | None, fmt: str, max_chars: int = DIFF_MAX_CHARS) -> Safe:
    """The lines of a diff that fit in ``max_chars`` (counted as rendered:
    escaped, with markup), with a note of what was left out.

    A diff too long to quote whole shows what is new first: the added lines,
    then the removed ones, without context (a long diff cut in page order
    may show only what went away)."""
    if not diff:
        return Safe("")
    lines = diff.splitlines()
    if len(lines) >= 2 and lines[0].startswith("---") and lines[1].startswith("+++"):
        lines = lines[2:]  # file headers name no file here
    order = list(range(len(lines)))
    whole = len(lines) <= DIFF_MAX_LINES
    if whole and sum(len(_diff_line(line, fmt)) + 1 for line in lines) > max_chars:
        whole = False
    if not whole:
        order = [i for i in order if lines[i][:1] == "+"] + [
            i for i in order if lines[i][:1] == "-"
        ]
    shown: list[str] = []
    budget = max_chars
    for i in order[:DIFF_MAX_LINES]:
        rendered = _diff_line(lines[i], fmt)
        budget -= len(rendered) + 1
        if budget < 0:
            break
        shown.append(rendered)
    more = len(lines) - len(shown)
    note = f"… {plural(more, 'more line')}" if more else ""
    text = "\n".join(shown)
    if fmt == "html":
        return Safe(_html_pre(text) + (f"<p><em>{note}</em></p>" if note else ""))
    if fmt == "markdown":
        text = f"```\n{text}\n```"
    return Safe(f"{text}\n{note}" if note else text)


def _diff_line(line: str, fmt: str) -> str:
    """One diff line, shortened and escaped; coloured by its mark in HTML."""
    if len(line) > DIFF_LINE_LIMIT:
        line = line[: DIFF_LINE_LIMIT - 1] + "…"
    escaped = _DIFF_ESCAPERS[fmt](line)
    colour = _DIFF_COLOURS.get(line[:1]) if fmt == "html" else None
    return f'<span style="color: {colour}">{escaped}</span>' if colour else escaped


def _html_pre(text: str) -> str:
    return (
        '<pre style="font-family: monospace; font-size: 12px; '
        'background: #f6f8fa; padding: 8px; white-space: pre-wrap">' + text + "</pre>"
    )
