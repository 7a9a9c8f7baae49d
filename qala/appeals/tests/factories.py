"""Appeals are built through the workflow, never with a status set by hand."""

import io
from decimal import Decimal

from PIL import Image

from qala.accounts.models import User
from qala.accounts.tests.factories import UserFactory
from qala.appeals import workflow
from qala.appeals.models import Category, Source
from qala.appeals.photos import process_image
from qala.appeals.services import photo_create
from qala.organisations.models import Organisation
from qala.territory.models import Territory
from qala.territory.routing import route_point

# Near the Baiterek, Astana (Yesil district).
ASTANA = (Decimal("51.128300"), Decimal("71.430600"))


def jpeg_bytes(size=(640, 480), colour=(200, 80, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def submitted_appeal(*, applicant=None, category="pothole", point=ASTANA, **fields):
    applicant = applicant or UserFactory()
    latitude, longitude = point
    appeal = workflow.submit(
        actor=applicant,
        source=Source.WEB,
        category=Category.objects.get(code=category),
        description=fields.pop("description", "Большая яма на дороге возле дома"),
        latitude=latitude,
        longitude=longitude,
        territory=route_point(latitude, longitude),
        address=fields.pop("address", "пр. Мангилик Ел, 8"),
        contact_phone=fields.pop("contact_phone", "+77012345678"),
        **fields,
    )
    photo_create(process_image(jpeg_bytes(), name="p.jpg"), appeal=appeal)
    return appeal


def staff(role, *, organisation=None, territory="KZ-71"):
    """A staff user of `role`, scoped to `territory` (operators, akimat) or an organisation."""
    user = UserFactory(role=role, organisation=organisation)
    if territory:
        user.territories.add(Territory.objects.get(code=territory))
    return user


def organisation(code="roads"):
    found, _created = Organisation.objects.get_or_create(
        code=code,
        defaults={
            "kind": Organisation.Kind.UTILITY,
            "name_kk": f"{code} kk",
            "name_ru": f"{code} ru",
            "name_en": f"{code} en",
        },
    )
    return found


def photo_for(appeal=None, *, stage="report"):
    """A saved photo, on a draft-less appeal-less state the workflow then attaches."""
    from qala.appeals.services import photo_create

    return photo_create(
        process_image(jpeg_bytes(), name=f"{stage}.jpg"), appeal=appeal or submitted_appeal(), stage=stage
    )


def assigned_appeal(*, operator=None, executor=None, org=None, **fields):
    appeal = submitted_appeal(**fields)
    org = org or (executor.organisation if executor else organisation())
    workflow.assign(
        appeal, actor=operator or staff(User.Role.OPERATOR), source=Source.OPERATOR, organisation=org, executor=executor
    )
    return appeal


def done_appeal(*, executor=None, **fields):
    executor = executor or UserFactory(role=User.Role.EXECUTOR, organisation=organisation())
    appeal = assigned_appeal(executor=executor, **fields)
    workflow.start(appeal, actor=executor, source=Source.WEB)
    workflow.complete(
        appeal, actor=executor, source=Source.WEB, answer="Сделано", photos=[photo_for(appeal, stage="after")]
    )
    return appeal
