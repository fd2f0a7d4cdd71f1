from django.shortcuts import render


def organisation_list(request):
    return render(request, "dashboard/home.html")
