from django.shortcuts import render


def partnership_list(request):
    return render(request, "dashboard/home.html")


partnership_detail = convention_list = convention_detail = partnership_list
