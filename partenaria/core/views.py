from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render


@login_not_required
def accessibility(request):
    return render(request, "core/accessibility.html")


@login_not_required
def legal(request):
    return render(request, "core/legal.html")
