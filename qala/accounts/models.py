from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


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


class TelegramLinkCode(models.Model):
    """A one-time code from the profile page that links a Telegram chat to this web account."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="telegram_link_codes")
    code = models.CharField(max_length=16, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.user_id}: {self.code}"
