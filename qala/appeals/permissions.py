"""Who may do what to an appeal. Called inside every transition; pages use `can` to hide buttons."""

from django.utils.translation import gettext_lazy as _

from qala.accounts.models import User
from qala.common.errors import NotAllowed

from .actions import Action

Role = User.Role
TRIAGE_ROLES = {Role.OPERATOR, Role.ADMIN}
WORK_ROLES = {Role.EXECUTOR, Role.ORG_MANAGER}


def _works_on(actor, appeal) -> bool:
    if actor.role == Role.ADMIN:
        return True
    return (
        actor.role in WORK_ROLES
        and actor.organisation_id is not None
        and actor.organisation_id == appeal.organisation_id
    )


def can(actor, action: Action, appeal) -> bool:
    if action == Action.AUTO_CLOSE:
        return actor is None
    if actor is None or not actor.is_active:
        return False
    if action in (Action.ASSIGN, Action.REJECT):
        return actor.role in TRIAGE_ROLES
    if action in (Action.START, Action.COMPLETE, Action.RETURN):
        return _works_on(actor, appeal)
    if action in (Action.CONFIRM, Action.DISPUTE):
        return appeal.applicant_id is not None and appeal.applicant_id == actor.pk
    return False


def require(actor, action: Action, appeal) -> None:
    if not can(actor, action, appeal):
        raise NotAllowed(_("You are not allowed to do this with this appeal."), code="not_allowed")
