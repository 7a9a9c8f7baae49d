import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

IIN_SHOWN_DIGITS = 8  # the birth date and century digit; the serial and check digit stay hidden


class QalaUserManager(UserManager):
    """Users sign in by e-mail; the username is only an internal handle."""

    def _create_user(self, username, email, password, **extra_fields):
        username = username or (email or "").lower() or None
        return super()._create_user(username, email, password, **extra_fields)

    def create_user(self, username=None, email=None, password=None, **extra_fields):
        return super().create_user(username, email, password, **extra_fields)

    def create_superuser(self, username=None, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", User.Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


def avatar_path(instance, filename):
    return f"avatars/{uuid.uuid4().hex}.jpg"  # not guessable: media files are served by URL


class User(AbstractUser):
    class Role(models.TextChoices):
        CITIZEN = "citizen", _("resident")
        OPERATOR = "operator", _("operator")
        EXECUTOR = "executor", _("executor")
        ORG_MANAGER = "org_manager", _("organisation manager")
        AKIMAT = "akimat", _("akimat official")
        PSC_STAFF = "psc_staff", _("PSC staff")
        ADMIN = "admin", _("administrator")

    STAFF_ROLES = frozenset({Role.OPERATOR, Role.EXECUTOR, Role.ORG_MANAGER, Role.AKIMAT, Role.PSC_STAFF, Role.ADMIN})

    email = models.EmailField(_("e-mail"), unique=True, null=True, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CITIZEN)
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        blank=True,
        help_text=_("Shown publicly instead of your name, e.g. on the leaderboard."),
    )
    phone = models.CharField(
        _("phone"), max_length=16, blank=True, help_text=_("In international format, e.g. +77012345678.")
    )
    language = models.CharField(_("language"), max_length=2, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    territories = models.ManyToManyField(
        "territory.Territory",
        verbose_name=_("territories"),
        blank=True,
        related_name="staff",
        help_text=_("Staff see appeals in these territories and the territories inside them."),
    )

    iin = models.CharField(
        _("IIN"),
        max_length=12,
        blank=True,
        db_index=True,
        help_text=_("Individual identification number; set on the profile page after its check digit is verified."),
    )
    avatar = models.ImageField(_("avatar"), upload_to=avatar_path, blank=True)

    telegram_id = models.BigIntegerField(_("Telegram id"), null=True, blank=True, unique=True)
    telegram_blocked_at = models.DateTimeField(
        _("blocked the bot at"), null=True, blank=True, help_text=_("Set when Telegram says the user blocked the bot.")
    )

    objects = QalaUserManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    @property
    def is_resident(self):
        return self.role == self.Role.CITIZEN

    @property
    def has_staff_role(self):
        return self.role in self.STAFF_ROLES

    @property
    def public_name(self):
        """What others may see: never an e-mail or a phone."""
        return self.display_name or self.first_name or _("Resident")

    @property
    def iin_masked(self):
        """The IIN as shown anywhere but to its owner's own export: the serial and check digit hidden."""
        if not self.iin:
            return ""
        return self.iin[:IIN_SHOWN_DIGITS] + "*" * (len(self.iin) - IIN_SHOWN_DIGITS)


class TelegramLinkCode(models.Model):
    """A one-time code from the profile page that links a Telegram chat to this web account."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="telegram_link_codes")
    code = models.CharField(max_length=16, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.user_id}: {self.code}"


class Invitation(models.Model):
    """An admin's invitation to take a staff role; accepted once, by the account with the confirmed e-mail."""

    ROLES = (
        User.Role.OPERATOR,
        User.Role.EXECUTOR,
        User.Role.ORG_MANAGER,
        User.Role.AKIMAT,
        User.Role.PSC_STAFF,
    )

    email = models.EmailField(_("e-mail"))
    role = models.CharField(
        _("role"), max_length=20, choices=[(role.value, role.label) for role in ROLES], default=User.Role.OPERATOR
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
        help_text=_("Required for executors and organisation managers."),
    )
    territories = models.ManyToManyField(
        "territory.Territory",
        verbose_name=_("territories"),
        blank=True,
        related_name="+",
        help_text=_("Required for operators and akimat officials."),
    )
    language = models.CharField(
        _("language of the e-mail"), max_length=2, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    invited_by = models.ForeignKey(
        User, verbose_name=_("invited by"), null=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_accepted",
    )

    class Meta:
        verbose_name = _("staff invitation")
        verbose_name_plural = _("staff invitations")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["email", "-created_at"], name="invitation_email_idx")]

    def __str__(self):
        return f"{self.email} ({self.get_role_display()})"
