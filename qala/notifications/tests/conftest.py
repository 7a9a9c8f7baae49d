import pytest
from django.core import mail

from qala.accounts.tests.factories import UserFactory
from qala.appeals.tests.factories import submitted_appeal
from qala.notifications.models import Notification

from .backends import FlakyBackend


@pytest.fixture
def appeal(city):
    appeal = submitted_appeal()
    # Whatever the workflow queued on the way is not what these tests count.
    Notification.objects.all().delete()
    mail.outbox = []
    return appeal


@pytest.fixture
def resident():
    return UserFactory()


@pytest.fixture
def flaky_mail(settings):
    settings.EMAIL_BACKEND = "qala.notifications.tests.backends.FlakyBackend"
    FlakyBackend.plan = []
    mail.outbox = []
    yield FlakyBackend.plan
    FlakyBackend.plan = []
