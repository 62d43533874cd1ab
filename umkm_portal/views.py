from django.shortcuts import render

from cooperatives.models import Cooperative
from enterprises.models import Enterprise
from markets.models import Market
from programs.models import Program


def home(request):
    context = {
        "enterprise_count": Enterprise.objects.count(),
        "cooperative_count": Cooperative.objects.count(),
        "market_count": Market.objects.count(),
        "programs": Program.objects.published().order_by("-start_date")[:6],
    }
    return render(request, "home.html", context)
