"""The webhook: Telegram posts updates here; the secret-token header proves it is Telegram."""

import hmac
import json

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden, HttpResponseNotFound
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .client import dispatcher, make_bot


@csrf_exempt
@require_POST
async def webhook(request, path):
    if not settings.TELEGRAM_WEBHOOK_PATH or not hmac.compare_digest(path, settings.TELEGRAM_WEBHOOK_PATH):
        return HttpResponseNotFound()
    token = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not settings.TELEGRAM_WEBHOOK_SECRET or not hmac.compare_digest(token, settings.TELEGRAM_WEBHOOK_SECRET):
        return HttpResponseForbidden()
    try:
        update = json.loads(request.body)
    except ValueError:
        return HttpResponse(status=400)
    bot = make_bot()
    try:
        await dispatcher().feed_webhook_update(bot, update)
    finally:
        await bot.session.close()
    return HttpResponse("ok")
