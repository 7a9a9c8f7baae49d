"""Who may open the akimat panel: akimat officials (inside their territories) and administrators."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from qala.accounts.models import User

PANEL_ROLES = frozenset({User.Role.AKIMAT, User.Role.ADMIN})


def can_view_panel(user) -> bool:
    return user.is_authenticated and user.is_active and (user.role in PANEL_ROLES or user.is_superuser)


def panel_view(view):
    """An anonymous visitor is sent to sign in; a signed-in user without the role gets 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not can_view_panel(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
