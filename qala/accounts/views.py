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
        },
    )
