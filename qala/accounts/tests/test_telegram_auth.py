"""Telegram Mini App initData and Login Widget checks: only data signed with our bot token, and fresh, passes."""

from urllib.parse import parse_qsl, urlencode

import pytest
from django.http import QueryDict

from qala.accounts.telegram_auth import (
    InvalidTelegramData,
    login_widget,
    sign_login_widget,
    sign_webapp_init_data,
    webapp_init_data,
)

TOKEN = "123456:TEST-TOKEN"
NOW = 1_767_000_000
DAY = 86400
USER = {"id": 279058397, "first_name": "Айгерим", "last_name": "Серік", "language_code": "kk", "is_premium": True}
FIELDS = {
    "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
    "user": USER,
    "auth_date": NOW - 60,
    "signature": "6fbdaab833d39f54518bd5c3eb3f511d035e68cb",  # stays in the HMAC data-check-string
}


def check(init_data, *, bot_token=TOKEN, max_age=DAY, now=NOW):
    return webapp_init_data(init_data, bot_token=bot_token, max_age=max_age, now=now)


def refused(reason, init_data, **kwargs):
    with pytest.raises(InvalidTelegramData) as caught:
        check(init_data, **kwargs)
    assert caught.value.reason == reason
    assert caught.value.code == "telegram_invalid"
    assert str(caught.value.message) == "Telegram could not confirm who you are. Open the form from the bot again."


def resign_with(init_data, **changes):
    """Change fields but keep the old hash, as a tamperer without the token would."""
    fields = dict(parse_qsl(init_data, keep_blank_values=True))
    return urlencode({**fields, **changes})


def test_valid_init_data_returns_the_fields_and_the_user():
    data = check(sign_webapp_init_data(FIELDS, bot_token=TOKEN))
    assert data["user"] == USER
    assert data["auth_date"] == str(NOW - 60) and data["query_id"] == FIELDS["query_id"]
    assert data["signature"] == FIELDS["signature"]


def test_blank_values_are_signed_and_kept():
    data = check(sign_webapp_init_data({**FIELDS, "start_param": ""}, bot_token=TOKEN))
    assert data["start_param"] == ""


def test_altered_field_is_refused():
    init_data = sign_webapp_init_data(FIELDS, bot_token=TOKEN)
    refused("hash", resign_with(init_data, user='{"id":1,"first_name":"Mallory"}'))
    refused("hash", resign_with(init_data, auth_date=str(NOW)))


def test_removed_signature_field_is_refused():
    fields = dict(parse_qsl(sign_webapp_init_data(FIELDS, bot_token=TOKEN)))
    del fields["signature"]
    refused("hash", urlencode(fields))


def test_wrong_hash_is_refused():
    refused("hash", resign_with(sign_webapp_init_data(FIELDS, bot_token=TOKEN), hash="0" * 64))
    refused("hash", resign_with(sign_webapp_init_data(FIELDS, bot_token=TOKEN), hash="ё" * 64))


def test_missing_hash_is_refused():
    refused("no_hash", urlencode({**FIELDS, "user": '{"id":1}'}))
    refused("no_hash", resign_with(sign_webapp_init_data(FIELDS, bot_token=TOKEN), hash=""))


def test_another_bots_token_is_refused():
    refused("hash", sign_webapp_init_data(FIELDS, bot_token="654321:OTHER-TOKEN"))


def test_nothing_passes_without_a_configured_token():
    refused("no_token", resign_with(sign_webapp_init_data(FIELDS, bot_token=TOKEN), hash="0" * 64), bot_token="")
    widget_refused("no_token", {**WIDGET, "hash": "0" * 64}, bot_token="")


def test_login_widget_key_does_not_sign_init_data():
    refused("hash", urlencode(sign_login_widget({**FIELDS, "user": '{"id":1}'}, bot_token=TOKEN)))


def test_stale_auth_date_is_refused():
    init_data = sign_webapp_init_data({**FIELDS, "auth_date": NOW - DAY - 1}, bot_token=TOKEN)
    refused("stale", init_data)
    assert check(init_data, max_age=2 * DAY)["user"]["id"] == USER["id"]


def test_auth_date_from_the_future_is_refused_beyond_a_minute_of_skew():
    assert check(sign_webapp_init_data({**FIELDS, "auth_date": NOW + 60}, bot_token=TOKEN))
    refused("future", sign_webapp_init_data({**FIELDS, "auth_date": NOW + 61}, bot_token=TOKEN))


@pytest.mark.parametrize("auth_date", [None, "", "soon", "-5", "1.5e9", " 1767000000"])
def test_missing_or_malformed_auth_date_is_refused(auth_date):
    fields = {key: value for key, value in FIELDS.items() if key != "auth_date"}
    if auth_date is not None:
        fields["auth_date"] = auth_date
    refused("auth_date", sign_webapp_init_data(fields, bot_token=TOKEN))


@pytest.mark.parametrize("user", [None, "not json", "[1, 2]", '{"first_name": "A"}', '{"id": "7"}', '{"id": true}'])
def test_signed_but_unusable_user_is_refused(user):
    fields = {key: value for key, value in FIELDS.items() if key != "user"}
    if user is not None:
        fields["user"] = user
    refused("user", sign_webapp_init_data(fields, bot_token=TOKEN))


def test_duplicate_key_is_refused():
    init_data = sign_webapp_init_data(FIELDS, bot_token=TOKEN)
    refused("duplicate", init_data + "&auth_date=" + str(NOW))
    refused("duplicate", init_data + "&hash=" + "0" * 64)


@pytest.mark.parametrize("garbage", ["", "garbage", "a=1&&b=2", "%%%", "hash", "&", "user"])
def test_garbage_is_refused(garbage):
    with pytest.raises(InvalidTelegramData):
        check(garbage)


def test_non_string_is_refused():
    refused("malformed", None)


# The Telegram documentation's sample initData (token 5768337691:AAH5YkoiEuPk8-FZa32hStHTqXiLPtAEhx8,
# hash c501b71e…e2b2) is not reproduced in full in our reference notes, so it is not tested here.


WIDGET = {"id": "279058397", "first_name": "Aigerim", "username": "aigerim_kz", "auth_date": str(NOW - 30)}


def widget(data, *, bot_token=TOKEN, max_age=DAY, now=NOW):
    return login_widget(data, bot_token=bot_token, max_age=max_age, now=now)


def widget_refused(reason, data, **kwargs):
    with pytest.raises(InvalidTelegramData) as caught:
        widget(data, **kwargs)
    assert caught.value.reason == reason


def test_login_widget_valid():
    data = widget(sign_login_widget(WIDGET, bot_token=TOKEN))
    assert data["id"] == 279058397 and data["username"] == "aigerim_kz"


def test_login_widget_from_a_query_dict():
    query = QueryDict(urlencode(sign_login_widget(WIDGET, bot_token=TOKEN)))
    assert widget(query)["id"] == 279058397
    query = query.copy()
    query.appendlist("id", "1")
    widget_refused("duplicate", query)


def test_login_widget_forged():
    signed = sign_login_widget(WIDGET, bot_token=TOKEN)
    widget_refused("hash", {**signed, "id": "1"})
    widget_refused("hash", {**signed, "hash": "f" * 64})
    widget_refused("no_hash", WIDGET)
    widget_refused("hash", sign_login_widget(WIDGET, bot_token="654321:OTHER-TOKEN"))
    # A Mini App signature (HMAC "WebAppData" key) must not pass as a Login Widget one.
    widget_refused("hash", dict(parse_qsl(sign_webapp_init_data(WIDGET, bot_token=TOKEN))))


def test_login_widget_stale():
    widget_refused("stale", sign_login_widget({**WIDGET, "auth_date": NOW - DAY - 1}, bot_token=TOKEN))
    widget_refused("future", sign_login_widget({**WIDGET, "auth_date": NOW + 3600}, bot_token=TOKEN))


def test_login_widget_without_a_usable_id():
    widget_refused("user", sign_login_widget({**WIDGET, "id": "-5"}, bot_token=TOKEN))
    widget_refused("user", sign_login_widget({k: v for k, v in WIDGET.items() if k != "id"}, bot_token=TOKEN))
