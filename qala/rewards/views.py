from django.shortcuts import render

from .selectors import leaderboard


def board(request):
    return render(request, "rewards/leaderboard.html", {"rows": leaderboard()})
