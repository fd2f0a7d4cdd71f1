from django.shortcuts import render


def deadline_list(request):
    return render(request, "dashboard/home.html")
