"""A stand-in mail server that fails on cue: `FlakyBackend.plan` holds one entry per message, None to deliver."""

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    plan: list[BaseException | None] = []

    def send_messages(self, messages):
        for message in messages:
            error = FlakyBackend.plan.pop(0) if FlakyBackend.plan else None
            if error is not None:
                raise error
            super().send_messages([message])
        return len(messages)
