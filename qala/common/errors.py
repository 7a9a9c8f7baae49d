"""Domain errors: every channel maps these to a form error, an HTTP status or a bot reply."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "error"
    default_message = _("The request could not be completed.")

    def __init__(self, message=None, *, code=None, field=None):
        self.message = message if message is not None else self.default_message
        if code:
            self.code = code
        self.field = field
        super().__init__(str(self.message))


class Invalid(DomainError):
    code = "invalid"
    default_message = _("The data is not valid.")


class NotAllowed(DomainError):
    code = "not_allowed"
    default_message = _("You are not allowed to do this.")


class InvalidTransition(DomainError):
    code = "invalid_transition"
    default_message = _("This action is not possible in the appeal's current state.")


class Conflict(DomainError):
    code = "conflict"
    default_message = _("Someone else changed this at the same time. Reload and try again.")
