"""Writes that are not status transitions: the resident's report draft and its photos."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from qala.common.errors import Invalid
from qala.common.phones import normalise_kz_phone
from qala.territory.routing import route_point

from . import workflow
from .models import DESCRIPTION_MAX, DESCRIPTION_MIN, Category, Photo, ReportDraft, Source
from .photos import process_image


def draft_for(user) -> ReportDraft:
    draft, _created = ReportDraft.objects.get_or_create(user=user)
    return draft


def photo_create(processed, *, stage=Photo.Stage.REPORT, **owner) -> Photo:
    photo = Photo(stage=stage, width=processed.width, height=processed.height, **owner)
    stem = uuid.uuid4().hex  # not guessable: photo files are served by URL
    photo.image.save(f"{stem}.jpg", ContentFile(processed.content), save=False)
    photo.thumbnail.save(f"{stem}-thumb.jpg", ContentFile(processed.thumbnail), save=False)
    photo.save()
    return photo


def draft_add_photos(draft: ReportDraft, uploads) -> list[Photo]:
    """Check every file first; save them all, or none if one is bad."""
    limit = settings.QALA_PHOTOS_PER_APPEAL
    room = limit - draft.photos.count()
    if not uploads:
        raise Invalid(_("Choose a photo."), code="photo_required", field="photos")
    if len(uploads) > room:
        raise Invalid(
            ngettext(
                "An appeal can have at most %(limit)d photo.", "An appeal can have at most %(limit)d photos.", limit
            )
            % {"limit": limit},
            code="photos_too_many",
            field="photos",
        )
    processed = [process_image(upload, name=getattr(upload, "name", "")) for upload in uploads]
    with transaction.atomic():
        return [photo_create(item, draft=draft) for item in processed]


def _photo_delete(photo: Photo) -> None:
    photo.image.delete(save=False)
    photo.thumbnail.delete(save=False)
    photo.delete()


def draft_remove_photo(draft: ReportDraft, photo_id) -> None:
    if not str(photo_id).isdigit():
        return
    photo = draft.photos.filter(pk=photo_id).first()
    if photo is not None:
        _photo_delete(photo)


def draft_discard(user) -> None:
    """The resident gave up the report: the draft goes, with its photos' files."""
    for draft in ReportDraft.objects.filter(user=user).prefetch_related("photos"):
        for photo in draft.photos.all():
            _photo_delete(photo)
        draft.delete()


def draft_save_changes(user, **changes) -> None:
    """Change some of the draft's details, keeping the others as they are."""
    draft = draft_for(user)
    kept = {
        "category": draft.category,
        "description": draft.description,
        "address": draft.address,
        "contact_phone": draft.contact_phone,
    }
    draft_save_details(draft, **{**kept, **changes})


def draft_set_place(draft: ReportDraft, *, latitude, longitude) -> ReportDraft:
    territory = route_point(latitude, longitude)
    draft.latitude = round(float(latitude), 6)
    draft.longitude = round(float(longitude), 6)
    draft.territory = territory
    draft.save(update_fields=["latitude", "longitude", "territory", "updated_at"])
    return draft


def draft_save_details(draft: ReportDraft, *, category=None, description="", address="", contact_phone="") -> None:
    """Keep what the resident typed, valid or not, so nothing is lost on the way."""
    draft.category = category
    draft.description = description[: DESCRIPTION_MAX * 2]
    draft.address = address[:300]
    draft.contact_phone = contact_phone[:32]
    draft.save(update_fields=["category", "description", "address", "contact_phone", "updated_at"])


def _clean_details(*, category, description, address, contact_phone) -> dict:
    errors = {}
    if category is None:
        errors["category"] = _("Choose a category.")
    elif not category.accepts_reports:
        errors["category"] = _("This category does not accept reports.")
    description = description.strip()
    if len(description) < DESCRIPTION_MIN:
        errors["description"] = ngettext(
            "Describe the problem in at least %(min)d character.",
            "Describe the problem in at least %(min)d characters.",
            DESCRIPTION_MIN,
        ) % {"min": DESCRIPTION_MIN}
    elif len(description) > DESCRIPTION_MAX:
        errors["description"] = ngettext(
            "Keep the description within %(max)d character.",
            "Keep the description within %(max)d characters.",
            DESCRIPTION_MAX,
        ) % {"max": DESCRIPTION_MAX}
    if len(address.strip()) > 300:
        errors["address"] = _("Keep the address within 300 characters.")
    phone = ""
    try:
        phone = normalise_kz_phone(contact_phone)
    except Invalid as error:
        errors["contact_phone"] = error.message
    if errors:
        raise ReportInvalid(errors)
    return {"category": category, "description": description, "address": address.strip(), "contact_phone": phone}


class ReportInvalid(Invalid):
    """Several fields at once: `errors` maps each field to its message."""

    def __init__(self, errors: dict):
        self.errors = errors
        super().__init__(next(iter(errors.values())), code="report_invalid")


@transaction.atomic
def draft_submit(draft: ReportDraft, *, actor, source, category: Category | None, description, address, contact_phone):
    """Turn the draft into an appeal: all three steps must be complete and valid."""
    draft = ReportDraft.objects.select_for_update().get(pk=draft.pk)
    photos = list(draft.photos.all())
    if not photos:
        raise Invalid(_("Add at least one photo."), code="photo_required", field="photos")
    if not draft.has_place:
        raise Invalid(_("Mark the place on the map."), code="place_required", field="place")
    details = _clean_details(category=category, description=description, address=address, contact_phone=contact_phone)
    appeal = workflow.submit(
        actor=actor,
        source=source,
        latitude=draft.latitude,
        longitude=draft.longitude,
        territory=draft.territory,
        photos=photos,
        **details,
    )
    draft.delete()
    return appeal


CATEGORIES_FILE = settings.BASE_DIR / "qala" / "appeals" / "data" / "categories.json"


def categories_load(path=CATEGORIES_FILE) -> int:
    """Create the standard categories that are missing (re-run safe: what an admin edited stays)."""
    import json

    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    for position, row in enumerate(rows):
        Category.objects.get_or_create(
            code=row["code"],
            defaults={
                **{k: row[k] for k in ("icon", "deadline_days", "name_kk", "name_ru", "name_en")},
                "accepts_reports": row.get("accepts_reports", True),
                "position": position,
            },
        )
    return len(rows)


def photos_checked(uploads) -> list:
    """Decode and re-encode every upload first, so a bad file stops the action before anything is saved."""
    workflow.photos_limit_check(len(uploads))
    return [process_image(upload, name=getattr(upload, "name", "")) for upload in uploads]


@transaction.atomic
def act_with_photos(transition, appeal, uploads, *, stage, **arguments):
    """Run a transition that takes photos (start, complete, dispute) with the uploads, all or nothing."""
    processed = photos_checked(uploads)
    photos = [photo_create(item, appeal=appeal, stage=stage) for item in processed]
    return transition(appeal, photos=photos, **arguments)


@transaction.atomic
def phone_appeal_register(*, actor, category, description, address, contact_phone, latitude, longitude, uploads=()):
    """An operator files a phone call on a resident's behalf; the resident's account is linked by phone."""
    from qala.accounts.models import User

    details = _clean_details(category=category, description=description, address=address, contact_phone=contact_phone)
    processed = photos_checked(uploads)
    territory = route_point(latitude, longitude)
    applicant = User.objects.filter(phone=details["contact_phone"], role=User.Role.CITIZEN, is_active=True).first()
    appeal = workflow.submit(
        actor=actor,
        applicant=applicant,
        source=Source.PHONE,
        latitude=round(float(latitude), 6),
        longitude=round(float(longitude), 6),
        territory=territory,
        **details,
    )
    for item in processed:
        photo_create(item, appeal=appeal)
    return appeal
