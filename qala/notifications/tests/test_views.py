import pytest
from django.urls import reverse
from django.utils import translation

from qala.accounts.tests.factories import UserFactory
from qala.notifications import selectors, services
from qala.notifications.models import Channel, Notification, Preference

pytestmark = pytest.mark.django_db


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def signed_in(client, resident):
    client.force_login(resident)
    return client


def test_pages_need_a_signed_in_user(client):
    for name in ("notifications:inbox", "notifications:settings"):
        response = client.get(url(name))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_inbox_renders_in_each_language(signed_in, resident, appeal, language):
    services.notify([resident], kind="assigned", appeal=appeal, cause="event:1")

    response = signed_in.get(url("notifications:inbox", language=language))

    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.text
    assert getattr(appeal.category, f"name_{language}") in response.text
    assert url("notifications:open", Notification.objects.get(channel=Channel.IN_APP).pk, language=language) in (
        response.text
    )


def test_the_inbox_query_count_does_not_grow_with_its_length(
    signed_in, resident, appeal, django_assert_max_num_queries
):
    for number in range(15):
        services.notify([resident], kind="done", appeal=appeal, cause=f"event:{number}")

    # session, user, bell, page count, page rows
    with django_assert_max_num_queries(5):
        response = signed_in.get(url("notifications:inbox"))

    assert response.text.count(f"The work on appeal {appeal.number} is done") == 15


def test_the_bell_shows_the_unread_count_in_the_header(signed_in, resident, appeal, django_assert_max_num_queries):
    services.notify([resident], kind="assigned", appeal=appeal, cause="event:1")
    services.notify([resident], kind="done", appeal=appeal, cause="event:2")

    # session, user, preferences, bell
    with django_assert_max_num_queries(4):
        response = signed_in.get(url("notifications:settings"))

    assert "🔔 2" in response.text
    assert "2 unread notifications" in response.text


def test_no_bell_for_visitors(client):
    response = client.get(url("appeals:map"))

    assert "🔔" not in response.text


def test_text_written_by_staff_is_escaped(signed_in, resident, appeal):
    reason = "<script>alert(1)</script>"
    services.notify([resident], kind="rejected", appeal=appeal, cause="event:1", context={"reason": reason})

    response = signed_in.get(url("notifications:inbox"))

    assert reason not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_opening_a_notification_marks_it_read_and_leads_to_the_appeal(signed_in, resident, appeal):
    services.notify([resident], kind="assigned", appeal=appeal, cause="event:1")
    notification = selectors.inbox(resident).get()

    response = signed_in.get(url("notifications:open", notification.pk))

    assert response.status_code == 302
    assert response["Location"] == url("appeals:detail", appeal.number)
    assert selectors.unread_count(resident) == 0


def test_nobody_opens_another_users_notification(signed_in, appeal):
    other = UserFactory()
    services.notify([other], kind="assigned", appeal=appeal, cause="event:1")

    response = signed_in.get(url("notifications:open", selectors.inbox(other).get().pk))

    assert response.status_code == 404
    assert selectors.unread_count(other) == 1


def test_mark_all_read(signed_in, resident, appeal):
    services.notify([resident], kind="assigned", appeal=appeal, cause="event:1")
    services.notify([resident], kind="done", appeal=appeal, cause="event:2")

    assert signed_in.get(url("notifications:mark_all_read")).status_code == 405
    response = signed_in.post(url("notifications:mark_all_read"))

    assert response.status_code == 302
    assert selectors.unread_count(resident) == 0


def test_switching_email_off_and_on(signed_in, resident, appeal):
    page = signed_in.get(url("notifications:settings"))
    assert 'name="email"' in page.text and "checked" in page.text

    signed_in.post(url("notifications:settings"), {})
    assert Preference.objects.get(user=resident, channel=Channel.EMAIL).enabled is False
    services.notify([resident], kind="done", appeal=appeal, cause="event:1")
    assert not Notification.objects.filter(channel=Channel.EMAIL).exists()

    signed_in.post(url("notifications:settings"), {"email": "on"})
    assert selectors.preferences_of(resident)[Channel.EMAIL] is True


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_settings_page_renders_in_each_language(signed_in, language):
    response = signed_in.get(url("notifications:settings", language=language))

    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.text
