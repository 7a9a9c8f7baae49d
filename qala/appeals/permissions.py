"""Who may do what to an appeal. Called inside every transition; pages use `can` to show buttons.

The table reads: an action → a rule over (actor, appeal). Staff act only inside their scope:
operators and akimat users in their territories, executors and managers in their organisation.
"""

from django.utils.translation import gettext_lazy as _

from qala.accounts.models import User
from qala.accounts.selectors import territory_scope
from qala.common.errors import NotAllowed

from .actions import Action

Role = User.Role


def _is_admin(actor, appeal) -> bool:
    return actor.role == Role.ADMIN


def _operator(actor, appeal) -> bool:
    return actor.role == Role.OPERATOR and appeal.territory_id in territory_scope(actor)


def _manager(actor, appeal) -> bool:
    return actor.role == Role.ORG_MANAGER and _same_organisation(actor, appeal)


def _executor(actor, appeal) -> bool:
    """An executor of the appeal's organisation; once someone is named, only that executor."""
    if actor.role != Role.EXECUTOR or not _same_organisation(actor, appeal):
        return False
    return appeal.executor_id is None or appeal.executor_id == actor.pk


def _applicant(actor, appeal) -> bool:
    return appeal.applicant_id is not None and appeal.applicant_id == actor.pk


def _same_organisation(actor, appeal) -> bool:
    return actor.organisation_id is not None and actor.organisation_id == appeal.organisation_id


def _formal(rule):
    """Only for a formal appeal (statement, complaint, …), not a problem report."""
    return lambda actor, appeal: appeal.kind != appeal.Kind.REPORT and rule(actor, appeal)


def _gratitude(rule):
    return lambda actor, appeal: appeal.kind == appeal.Kind.GRATITUDE and rule(actor, appeal)


RULES = {
    Action.ASSIGN: (_is_admin, _operator),
    Action.REASSIGN: (_is_admin, _operator, _manager),
    Action.REJECT: (_is_admin, _operator),
    Action.MERGE: (_is_admin, _operator),
    Action.EDIT: (_is_admin, _operator),
    Action.START: (_is_admin, _manager, _executor),
    Action.COMPLETE: (_is_admin, _manager, _executor),
    Action.RETURN: (_is_admin, _manager, _executor),
    Action.REQUEST_EXTENSION: (_manager, _executor),
    Action.EXTEND_DEADLINE: (_is_admin, _operator, _manager),
    Action.REFUSE_EXTENSION: (_is_admin, _operator, _manager),
    Action.FORWARD: (_formal(_is_admin), _formal(_operator)),
    Action.ACKNOWLEDGE: (_gratitude(_manager), _gratitude(_executor)),
    Action.CONFIRM: (_applicant,),
    Action.DISPUTE: (_applicant,),
}


def can(actor, action: Action, appeal) -> bool:
    if action == Action.AUTO_CLOSE:
        return actor is None  # only the system closes on its own
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    return any(rule(actor, appeal) for rule in RULES[action])


def require(actor, action: Action, appeal) -> None:
    if not can(actor, action, appeal):
        raise NotAllowed(_("You are not allowed to do this with this appeal."), code="not_allowed")


def allowed_actions(actor, appeal) -> set[Action]:
    """The actions the actor may take on the appeal now: for showing buttons."""
    from .workflow import TRANSITIONS

    return {
        action for action, (froms, _to) in TRANSITIONS.items() if appeal.status in froms and can(actor, action, appeal)
    }
