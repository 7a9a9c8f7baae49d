from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from qala.accounts import telegram_views
from qala.bot.views import webhook
from qala.common.views import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("telegram/<str:path>/", webhook, name="telegram_webhook"),
    path("captcha/", include("captcha.urls")),  # the sign-up and sign-in captcha pictures
]
urlpatterns += i18n_patterns(
    path("", include("qala.portal.urls")),
    path("", include("qala.appeals.urls")),
    path("akimat/", include("qala.analytics.urls")),
    path("accounts/", include("allauth.urls")),
    path("profile/", include("qala.accounts.urls")),
    path("tg/webapp/", telegram_views.webapp, name="telegram_webapp"),
    path("tg/webapp/session/", telegram_views.webapp_session, name="telegram_webapp_session"),
    path("leaderboard/", include("qala.rewards.urls")),
    path("booking/", include("qala.booking.urls")),
    path("notifications/", include("qala.notifications.urls")),
    path("admin/", admin.site.urls),
)
if settings.DEBUG or settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
    # Uploaded photos from local disk; with S3 storage the bucket serves them.
    urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
