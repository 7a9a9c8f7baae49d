"""Failed sign-ins: a captcha after a few, then a lock-out that doubles with each further round.

Failures are counted twice, in the Django cache (Redis when configured, so every process sees the
same counts): per account, whichever login (username or e-mail) named it, and per client address.
Either count reaching the captcha threshold makes the sign-in form ask for the captcha. Every
`lock_after` failures on one count lock sign-in for that account or address: the first round for
`QALA_LOGIN_LOCK_SECONDS`, each further round twice as long, at most `QALA_LOGIN_LOCK_MAX_SECONDS`.
A correct password resets the account's count; the address's count only fades with time, so one
working account cannot be used to keep guessing others from the same address.

The adapter (`qala.accounts.adapter`) calls `refuse_if_locked`, `failed` and `succeeded` around
every password check; the sign-in form asks `captcha_required`.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import formats, timezone
from django.utils.translation import ngettext

ACCOUNT_MEMORY = 24 * 3600  # an account's failures are forgotten a day after the last one
ADDRESS_MEMORY = 3600  # an address's failures an hour after the last one (many people share one address)
PREFIX = "qala:signin"


def _now() -> float:
    """The clock of this module; tests replace it to move time on."""
    return time.time()


@dataclass(frozen=True)
class Rule:
    kind: str
    captcha_after: int
    lock_after: int
    memory: int


def _rules() -> tuple[Rule, Rule]:
    captcha_after = getattr(settings, "QALA_LOGIN_CAPTCHA_AFTER", 3)
    return (
        Rule("account", captcha_after, getattr(settings, "QALA_LOGIN_LOCK_AFTER", 5), ACCOUNT_MEMORY),
        Rule("address", captcha_after, getattr(settings, "QALA_LOGIN_ADDRESS_LOCK_AFTER", 20), ADDRESS_MEMORY),
    )


def lock_seconds(round_: int) -> int:
    """How long the `round_`-th lock (1, 2, …) of one account or address lasts."""
    first = getattr(settings, "QALA_LOGIN_LOCK_SECONDS", 60)
    longest = getattr(settings, "QALA_LOGIN_LOCK_MAX_SECONDS", 3600)
    return min(first * 2 ** (round_ - 1), longest)


# --- Keys: hashed, so that no e-mail or address sits in the cache in clear text.


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def _account_identity(login: str) -> str:
    """The account a login names (by username or any of its e-mail addresses), else the login itself."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    login = (login or "").strip().lower()
    if not login:
        return ""
    user_id = (
        get_user_model()
        .objects.filter(Q(username__iexact=login) | Q(email__iexact=login))
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    if user_id is None:
        user_id = (
            EmailAddress.objects.filter(email__iexact=login).order_by("pk").values_list("user_id", flat=True).first()
        )
    return f"user:{user_id}" if user_id is not None else f"login:{login}"


def _account_key(identity: str) -> str:
    return f"{PREFIX}:account:{_digest(identity)}"


def _client_address(request) -> str:
    from allauth.account.adapter import get_adapter

    try:
        ip = get_adapter(request).get_client_ip(request)  # honours ALLAUTH_TRUSTED_PROXY_COUNT
    except PermissionDenied:
        return "unknown"
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:  # one subscriber usually holds a whole /64
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _keys(request, login: str) -> list[tuple[Rule, str]]:
    account_rule, address_rule = _rules()
    keys = [(address_rule, f"{PREFIX}:address:{_digest(_client_address(request))}")]
    # One sign-in asks several times; look the account up once per request.
    known = request.__dict__.setdefault("_qala_signin_identities", {})
    if login not in known:
        known[login] = _account_identity(login)
    identity = known[login]
    if identity:
        keys.insert(0, (account_rule, _account_key(identity)))
    return keys


# --- Reading the state.


def _failures(key: str) -> int:
    return cache.get(key, 0)


def locked_until(request, login: str) -> float | None:
    """When sign-in for this login from this address opens again, as a timestamp; None if it is open."""
    now = _now()
    until = max((cache.get(f"{key}:until", 0) for _, key in _keys(request, login)), default=0)
    return until if until > now else None


def captcha_required(request, login: str = "") -> bool:
    """True once the account or the address has failed often enough. An empty login checks the address only."""
    return any(_failures(key) >= rule.captcha_after for rule, key in _keys(request, login))


def locked_message(until: float) -> str:
    seconds = max(1, math.ceil(until - _now()))
    minutes = math.ceil(seconds / 60)
    at = formats.time_format(timezone.localtime(datetime.fromtimestamp(until, tz=UTC)), "TIME_FORMAT")
    return ngettext(
        "Too many failed sign-in attempts. Try again at %(time)s (in %(minutes)d minute).",
        "Too many failed sign-in attempts. Try again at %(time)s (in %(minutes)d minutes).",
        minutes,
    ) % {"minutes": minutes, "time": at}


def refuse_if_locked(request, login: str) -> None:
    until = locked_until(request, login)
    if until is not None:
        raise ValidationError(locked_message(until), code="locked_out")


# --- Writing it.


def _bump(key: str, memory: int) -> int:
    if cache.add(key, 1, memory):
        return 1
    try:
        count = cache.incr(key)  # atomic on Redis
    except ValueError:  # it expired between add() and incr()
        cache.set(key, 1, memory)
        return 1
    cache.touch(key, memory)
    return count


def failed(request, login: str) -> None:
    """Count one wrong password; lock the account or the address when its count completes a round."""
    for rule, key in _keys(request, login):
        count = _bump(key, rule.memory)
        if rule.lock_after and count % rule.lock_after == 0:
            seconds = lock_seconds(count // rule.lock_after)
            # The stored time decides; the cache only has to keep it at least that long.
            cache.set(f"{key}:until", _now() + seconds, seconds + 60)


def succeeded(user) -> None:
    """A correct password: the account starts again from zero (the address does not)."""
    key = _account_key(f"user:{user.pk}")
    cache.delete_many([key, f"{key}:until"])
