"""Loading the city's information content (re-run safe) — the demo ships guides and a directory of Astana."""

import json
from pathlib import Path

from django.db import transaction

from qala.territory.models import Territory

from .models import DirectoryEntry, Guide, GuideTranslation, Status

DATA = Path(__file__).resolve().parent / "data"
ENTRY_FIELDS = (
    "kind",
    "name_kk",
    "name_ru",
    "name_en",
    "address_kk",
    "address_ru",
    "address_en",
    "hours_kk",
    "hours_ru",
    "hours_en",
    "services_kk",
    "services_ru",
    "services_en",
    "phones",
    "email",
    "website",
)


@transaction.atomic
def directory_load(path=DATA / "directory.json") -> int:
    """Create the entries that are missing; what staff edited stays."""
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    for row in rows:
        if DirectoryEntry.objects.filter(code=row["code"]).exists():
            continue
        DirectoryEntry.objects.create(
            code=row["code"],
            territory=Territory.objects.get(code=f"KZ-71-{row['district']}"),
            latitude=round(row["lat"], 6),
            longitude=round(row["lon"], 6),
            is_demo=row.get("demo", False),
            **{name: row.get(name) or ([] if name == "phones" else "") for name in ENTRY_FIELDS},
        )
    return len(rows)


@transaction.atomic
def guides_load(path=DATA / "guides.json") -> int:
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    for row in rows:
        guide, created = Guide.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "section": row["section"],
                "theme": row["theme"],
                "next_step": row.get("next_step", ""),
                "status": row.get("status", Status.PUBLISHED),
            },
        )
        if not created:
            continue
        guide.places.set(DirectoryEntry.objects.filter(code__in=row.get("directory", [])))
        for language, text in row["translations"].items():
            GuideTranslation.objects.create(
                guide=guide,
                language=language,
                title=text["title"],
                summary=text.get("summary", ""),
                steps=text.get("steps", []),
                documents=text.get("documents", []),
            )
    return len(rows)
