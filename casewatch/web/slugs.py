"""Addresses of people's pages: ``/people/maryia-kalesnikava``."""

from __future__ import annotations

import re
from collections.abc import Iterable

from unidecode import unidecode


def slugify(name: str) -> str:
    """Lower-case ASCII words joined by hyphens ("Мария Колесникова" →
    "mariia-kolesnikova"); "person" when nothing is left."""
    return re.sub(r"[^a-z0-9]+", "-", unidecode(name).lower()).strip("-") or "person"


def person_slugs(names: Iterable[str]) -> dict[str, str]:
    """A distinct slug for every canonical name, in config order (a name whose
    slug is taken gets "-2", "-3", ...)."""
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        base = slug = slugify(name)
        number = 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        slugs[name] = slug
    return slugs
