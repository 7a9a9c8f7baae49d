from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    ASSIGN = "assign", _("assign")
    START = "start", _("start work")
    COMPLETE = "complete", _("complete")
    RETURN = "return", _("return to the operator")
    REJECT = "reject", _("reject")
    CONFIRM = "confirm", _("confirm")
    DISPUTE = "dispute", _("dispute")
    AUTO_CLOSE = "auto_close", _("close automatically")
    MERGE = "merge", _("merge into another appeal")
    REASSIGN = "reassign", _("reassign")
    EDIT = "edit", _("correct the category or the place")
    REQUEST_EXTENSION = "request_extension", _("ask for more time")
    EXTEND_DEADLINE = "extend_deadline", _("extend the deadline")
    REFUSE_EXTENSION = "refuse_extension", _("refuse more time")
    FORWARD = "forward", _("forward to the competent body")
    ACKNOWLEDGE = "acknowledge", _("acknowledge the gratitude")
