"""Formal appeals to the akimat or a maslikhat deputy (statement, request, proposal, complaint, gratitude, other).

The form checks the shape; this module checks the rules, all at once, so every error can be shown
next to its field and nothing is saved until everything is valid. The appeal then lives in the
same workflow as a problem report, with the category `formal_appeal` (15 working days).
"""

from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from qala.common.errors import Invalid
from qala.common.iin import validate_bin, validate_iin
from qala.common.phones import normalise_kz_phone
from qala.territory.routing import route_point

from . import workflow
from .attachments import check_attachments
from .models import Appeal, Applicant, Attachment, Category, Source

FORMAL_CATEGORY = "formal_appeal"
FORMAL_KINDS = [kind for kind in Appeal.Kind.values if kind != Appeal.Kind.REPORT]
TEXT_MIN, TEXT_MAX = 10, 5000


class FormalInvalid(Invalid):
    def __init__(self, errors: dict):
        self.errors = errors
        super().__init__(next(iter(errors.values())), code="formal_invalid")


@dataclass
class _Check:
    errors: dict = field(default_factory=dict)

    def require(self, data, name, message):
        value = (data.get(name) or "").strip() if isinstance(data.get(name), str) else data.get(name)
        if not value:
            self.errors.setdefault(name, message)
        return value

    def run(self, name, step, *args):
        try:
            return step(*args)
        except Invalid as error:
            self.errors.setdefault(name, error.message)
            return None


REQUIRED = _("This field is required.")


def _applicant(data: dict, check: _Check) -> dict:
    kind = data.get("applicant_type")
    if kind not in Applicant.Type.values:
        check.errors["applicant_type"] = _("Choose an individual or a legal entity.")
    clean = {"type": kind, "is_resident": bool(data.get("is_resident"))}
    if kind == Applicant.Type.INDIVIDUAL:
        clean["full_name"] = check.require(data, "full_name", REQUIRED)
        if clean["is_resident"] and check.require(data, "iin", _("Enter the IIN.")):
            clean["iin"] = check.run("iin", validate_iin, data["iin"])
    elif kind == Applicant.Type.LEGAL_ENTITY:
        clean["company_name"] = check.require(data, "company_name", REQUIRED)
        clean["representative"] = check.require(data, "representative", REQUIRED)
        if check.require(data, "bin", _("Enter the BIN.")):
            clean["bin"] = check.run("bin", validate_bin, data["bin"])
    for name in ("city", "street", "house"):
        clean[name] = check.require(data, name, REQUIRED)
    for name in ("district", "microdistrict", "flat"):
        clean[name] = (data.get(name) or "").strip()
    if check.require(data, "phone", _("Enter a phone number.")):
        clean["phone"] = check.run("phone", normalise_kz_phone, data["phone"])
    clean["email"] = check.require(data, "email", _("Enter an e-mail address."))
    return clean


def _appeal(data: dict, check: _Check) -> dict:
    kind = data.get("kind")
    if kind not in FORMAL_KINDS:
        check.errors["kind"] = _("Choose the type of the appeal.")
    if data.get("to_deputy") and not data.get("deputy"):
        check.errors["deputy"] = _("Choose the deputy.")
    title = check.require(data, "title", _("Write a short summary."))
    text = check.require(data, "text", _("Write the text of the appeal."))
    if text and not TEXT_MIN <= len(text) <= TEXT_MAX:
        check.errors["text"] = _("The text must be from %(min)d to %(max)d characters.") % {
            "min": TEXT_MIN,
            "max": TEXT_MAX,
        }
    district = check.require(data, "district_territory", _("Choose the district."))
    if kind == Appeal.Kind.GRATITUDE and not data.get("organisation"):
        check.errors["organisation"] = _("Choose the organisation you thank.")
    point = None
    if data.get("latitude") is not None and data.get("longitude") is not None:
        territory = check.run("place", route_point, data["latitude"], data["longitude"])
        point = (data["latitude"], data["longitude"], territory) if territory else None
    elif district:
        point = (district.centre_lat, district.centre_lon, district)
    return {
        "kind": kind,
        "title": title,
        "text": text,
        "point": point,
        "deputy": data.get("deputy") if data.get("to_deputy") else None,
        "organisation": data.get("organisation"),
        "address": (data.get("exact_address") or "").strip(),
    }


@transaction.atomic
def formal_appeal_submit(data: dict, *, actor, uploads=()) -> Appeal:
    """File a formal appeal: every rule is checked first; then the appeal, its applicant and files, at once."""
    check = _Check()
    applicant = _applicant(data, check)
    appeal = _appeal(data, check)
    files = check.run("attachments", check_attachments, list(uploads)) or []
    if check.errors:
        raise FormalInvalid(check.errors)
    latitude, longitude, territory = appeal["point"]
    created = workflow.submit(
        actor=actor,
        source=Source.WEB,
        kind=appeal["kind"],
        category=Category.objects.get(code=FORMAL_CATEGORY),
        description=appeal["text"],
        title=appeal["title"],
        deputy=appeal["deputy"],
        latitude=round(float(latitude), 6),
        longitude=round(float(longitude), 6),
        territory=territory,
        address=appeal["address"],
        contact_phone=applicant["phone"],
    )
    Applicant.objects.create(appeal=created, **{k: v for k, v in applicant.items() if v is not None})
    attachments_save(created, files, stage=Attachment.Stage.APPEAL)
    if created.kind == Appeal.Kind.GRATITUDE:
        workflow.deliver_gratitude(created, organisation=appeal["organisation"])
    return created


def attachments_save(appeal, files, *, stage) -> list[Attachment]:
    saved = []
    for checked in files:
        attachment = Attachment(
            appeal=appeal, stage=stage, name=checked.name, content_type=checked.content_type, size=checked.size
        )
        attachment.file.save(checked.name, ContentFile(checked.content), save=False)
        attachment.save()
        saved.append(attachment)
    return saved


@transaction.atomic
def answer_with_attachments(appeal, *, actor, source, answer, uploads=(), photos=()):
    """The written answer to a formal appeal (the `complete` transition), with optional documents."""
    files = check_attachments(list(uploads))
    done = workflow.complete(appeal, actor=actor, source=source, answer=answer, photos=photos)
    attachments_save(done, files, stage=Attachment.Stage.ANSWER)
    return done
