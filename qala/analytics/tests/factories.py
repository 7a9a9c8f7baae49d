"""Data sets for the panel, built through the workflow; times are moved into the past afterwards."""

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from qala.accounts.models import User
from qala.accounts.tests.factories import UserFactory
from qala.appeals import workflow
from qala.appeals.models import Appeal, Category, Event, Source
from qala.appeals.tests.factories import assigned_appeal, done_appeal, organisation, staff
from qala.territory.routing import route_point

# District centres: the test city loads region boundaries only, so a point goes to the nearest district centre.
YESIL = (Decimal("51.120000"), Decimal("71.445000"))  # Astana, Yesil district
SARYARKA = (Decimal("51.180000"), Decimal("71.390000"))  # Astana, Saryarka district
MEDEU = (Decimal("43.240000"), Decimal("76.965000"))  # Almaty, Medeu district
HOUR = timedelta(hours=1)


def akimat(territory="KZ-71"):
    return staff(User.Role.AKIMAT, territory=territory)


def executor(org, name):
    return UserFactory(role=User.Role.EXECUTOR, organisation=org, display_name=name)


def phone_appeal(*, point=YESIL, category="pothole", territory="KZ-71"):
    """An appeal an operator registers from a phone call (channel `phone`)."""
    latitude, longitude = point
    return workflow.submit(
        actor=staff(User.Role.OPERATOR, territory=territory),
        source=Source.PHONE,
        category=Category.objects.get(code=category),
        description="Не горит фонарь у остановки",
        latitude=latitude,
        longitude=longitude,
        territory=route_point(latitude, longitude),
        contact_phone="+77012345678",
    )


def move(appeal, **times) -> Appeal:
    """Place an appeal's times (created_at, done_at, deadline) where a test needs them."""
    Appeal.objects.filter(pk=appeal.pk).update(**times)
    appeal.refresh_from_db()
    return appeal


def move_events(appeal, when, *, kinds=None) -> None:
    events = Event.objects.filter(appeal=appeal)
    if kinds:
        events = events.filter(kind__in=kinds)
    events.update(created_at=when)


def confirmed(appeal, rating):
    return workflow.confirm(appeal, actor=appeal.applicant, source=Source.WEB, rating=rating, comment="Спасибо")


def league_data_set(*, base=None) -> SimpleNamespace:
    """Two organisations, three executors, five appeals in Astana.

    roads:    a1 done in 2 h (on time, rated 5), a2 done in 4 h (on time, rated 3),
              a3 done in 30 h (late, deadline 24 h), a4 done, then disputed once (open again)
    lighting: a5 assigned, not done
    Executors: Aida did a1 and a2, Bolat a3 and a4 (roads); Dana holds a5 (lighting).
    """
    base = base or timezone.now() - timedelta(days=10)
    roads, lighting = organisation("roads"), organisation("lighting")
    aida, bolat, dana = executor(roads, "Aida"), executor(roads, "Bolat"), executor(lighting, "Dana")
    a1 = confirmed(done_appeal(executor=aida), 5)
    a2 = confirmed(done_appeal(executor=aida), 3)
    a3 = done_appeal(executor=bolat)
    a4 = done_appeal(executor=bolat)
    workflow.dispute(a4, actor=a4.applicant, source=Source.WEB, reason="Яма осталась на месте")
    a5 = assigned_appeal(executor=dana)
    move(a1, created_at=base, done_at=base + 2 * HOUR, deadline=base + 3 * HOUR)
    move(a2, created_at=base, done_at=base + 4 * HOUR, deadline=base + 24 * HOUR)
    move(a3, created_at=base, done_at=base + 30 * HOUR, deadline=base + 24 * HOUR)
    return SimpleNamespace(
        roads=roads, lighting=lighting, aida=aida, bolat=bolat, dana=dana, appeals=[a1, a2, a3, a4, a5]
    )
