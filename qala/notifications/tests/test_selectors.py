import pytest

from qala.accounts.tests.factories import UserFactory
from qala.notifications import selectors, services
from qala.notifications.models import Channel

pytestmark = pytest.mark.django_db


def test_unread_count_is_one_query_over_in_app_rows(appeal, resident, django_assert_num_queries):
    services.notify([resident], kind="assigned", appeal=appeal, cause="event:1")
    services.notify([resident], kind="done", appeal=appeal, cause="event:2")
    services.notify([UserFactory()], kind="done", appeal=appeal, cause="event:2")
    services.notification_mark_read(selectors.inbox(resident).last())

    with django_assert_num_queries(1):
        assert selectors.unread_count(resident) == 1


def test_the_inbox_holds_the_users_in_app_notifications_newest_first(appeal, resident):
    services.notify([resident], kind="assigned", appeal=appeal, cause="event:1")
    services.notify([resident], kind="done", appeal=appeal, cause="event:2")
    services.notify([UserFactory()], kind="rejected", appeal=appeal, cause="event:3")

    inbox = list(selectors.inbox(resident))

    assert [(n.kind, n.channel) for n in inbox] == [("done", Channel.IN_APP), ("assigned", Channel.IN_APP)]


def test_preferences_default_to_on(resident):
    services.preference_set(resident, channel=Channel.EMAIL, enabled=False)

    assert selectors.preferences_of(resident) == {"inapp": True, "email": False, "telegram": True}
