"""Checking that data really comes from Telegram: Mini App ``initData`` and the Login Widget.

Both are HMAC-SHA256 signatures made with the bot token over a "data-check-string": every received
field except ``hash``, sorted by key, as ``key=value`` lines joined by ``\\n``. They differ only in the
secret key: a Mini App uses ``HMAC_SHA256(key="WebAppData", msg=token)``, the Login Widget
``SHA256(token)``. ``auth_date`` must be fresh, because a captured ``initData`` stays valid forever.
See https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app and
https://core.telegram.org/widgets/login#checking-authorization.
"""

import hashlib
import hmac
import json
import re
import time
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlencode

from django.utils.translation import gettext_lazy as _

from qala.common.errors import Invalid

FUTURE_TOLERANCE = 60  # seconds of clock skew allowed for an auth_date "from the future"
_DIGITS = re.compile(r"\d{1,16}")  # auth_date, and user ids of up to 52 bits


class InvalidTelegramData(Invalid):
    """Forged, altered, stale or malformed Telegram data. ``reason`` is for logs and tests, never for users."""

    code = "telegram_invalid"
    default_message = _("Telegram could not confirm who you are. Open the form from the bot again.")

    def __init__(self, message=None, *, reason: str = "", **kwargs):
        super().__init__(message, **kwargs)
        self.reason = reason


def webapp_init_data(init_data: str, *, bot_token: str, max_age: int, now: int | None = None) -> dict:
    """Verify a Mini App's ``Telegram.WebApp.initData``; return its fields with ``user`` decoded to a dict."""
    fields = _parse_query(init_data)
    _check_hash(fields, _webapp_secret(bot_token))
    _check_auth_date(fields, max_age=max_age, now=now)
    try:
        user = json.loads(fields["user"])
    except (KeyError, ValueError):
        raise InvalidTelegramData(reason="user") from None
    if not isinstance(user, dict) or not _is_user_id(user.get("id")):
        raise InvalidTelegramData(reason="user")
    return {**fields, "user": user}


def login_widget(data: Mapping[str, str], *, bot_token: str, max_age: int, now: int | None = None) -> dict:
    """Verify the Telegram Login Widget's fields (pass only those); return them with ``id`` as an int."""
    getlist = getattr(data, "getlist", None)  # a QueryDict hides repeated keys behind its last value
    if getlist is not None and any(len(getlist(key)) != 1 for key in data):
        raise InvalidTelegramData(reason="duplicate")
    fields = {str(key): str(value) for key, value in data.items()}
    _check_hash(fields, _widget_secret(bot_token))
    _check_auth_date(fields, max_age=max_age, now=now)
    user_id = fields.get("id", "")
    if not _DIGITS.fullmatch(user_id) or not _is_user_id(int(user_id)):
        raise InvalidTelegramData(reason="user")
    return {**fields, "id": int(user_id)}


def sign_webapp_init_data(fields: dict, *, bot_token: str) -> str:
    """Produce ``initData`` as Telegram would (for tests): dict/list values become compact JSON."""
    values = {key: _as_text(value) for key, value in fields.items() if key != "hash"}
    return urlencode({**values, "hash": _signature(values, _webapp_secret(bot_token))})


def sign_login_widget(fields: dict, *, bot_token: str) -> dict:
    """Produce Login Widget data as Telegram would (for tests)."""
    values = {key: str(value) for key, value in fields.items() if key != "hash"}
    return {**values, "hash": _signature(values, _widget_secret(bot_token))}


def _webapp_secret(bot_token: str) -> bytes | None:
    return hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest() if bot_token else None


def _widget_secret(bot_token: str) -> bytes | None:
    return hashlib.sha256(bot_token.encode()).digest() if bot_token else None


def _signature(fields: Mapping[str, str], secret: bytes | None) -> str:
    if secret is None:
        raise ValueError("A bot token is required to sign Telegram data.")
    check_string = "\n".join(f"{key}={value}" for key, value in sorted(fields.items()) if key != "hash")
    return hmac.new(secret, check_string.encode(), hashlib.sha256).hexdigest()


def _parse_query(init_data: str) -> dict[str, str]:
    if not isinstance(init_data, str) or not init_data:
        raise InvalidTelegramData(reason="malformed")
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise InvalidTelegramData(reason="malformed") from None
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise InvalidTelegramData(reason="duplicate")
    return fields


def _check_hash(fields: Mapping[str, str], secret: bytes | None) -> None:
    if secret is None:  # no bot configured: anyone could sign with an empty token
        raise InvalidTelegramData(reason="no_token")
    received = fields.get("hash", "")
    if not received:
        raise InvalidTelegramData(reason="no_hash")
    # Bytes, not str: compare_digest refuses non-ASCII strings with a TypeError.
    if not hmac.compare_digest(_signature(fields, secret).encode(), received.encode()):
        raise InvalidTelegramData(reason="hash")


def _check_auth_date(fields: Mapping[str, str], *, max_age: int, now: int | None) -> None:
    auth_date = fields.get("auth_date", "")
    if not _DIGITS.fullmatch(auth_date):
        raise InvalidTelegramData(reason="auth_date")
    now = int(time.time()) if now is None else now
    age = now - int(auth_date)
    if age > max_age:
        raise InvalidTelegramData(reason="stale")
    if age < -FUTURE_TOLERANCE:
        raise InvalidTelegramData(reason="future")


def _is_user_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**53


def _as_text(value) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)
