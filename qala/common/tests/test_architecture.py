import re
from pathlib import Path

from django.conf import settings

QALA = Path(settings.BASE_DIR) / "qala"
# An appeal's status assigned as an attribute, or handed to update() or create() on Appeal rows.
STATUS_WRITE = re.compile(
    r"\bappeal\w*\.status\s*=(?!=)|Appeal\.objects.*\b(update|create|update_or_create|get_or_create)\([^)]*\bstatus="
)


def test_nothing_but_the_workflow_assigns_an_appeal_status():
    offenders = []
    for path in QALA.rglob("*.py"):
        relative = path.relative_to(QALA).as_posix()
        if "/migrations/" in relative or "/tests/" in relative or relative == "appeals/workflow.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if STATUS_WRITE.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
