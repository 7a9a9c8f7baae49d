from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from qala.rewards.selectors import points_ledger, points_total


@login_required
def profile(request):
    return render(
        request,
        "accounts/profile.html",
        {
            "points": points_total(request.user),
            "ledger": points_ledger(request.user)[:20],
            "telegram_bot_username": settings.TELEGRAM_BOT_USERNAME,
        },
    )
