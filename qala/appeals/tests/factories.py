"""Appeals are built through the workflow, never with a status set by hand."""

import io
from decimal import Decimal

from PIL import Image

from qala.accounts.tests.factories import UserFactory
from qala.appeals import workflow
from qala.appeals.models import Category, Source
from qala.appeals.photos import process_image
from qala.appeals.services import photo_create
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
