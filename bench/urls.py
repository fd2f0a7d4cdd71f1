"""The product's URLs plus the bare view, the baseline of every measured page."""

from django.shortcuts import render
from django.urls import path

from partenaria.urls import urlpatterns as product_urlpatterns


def bare(request):
    """Goes through the same middleware as every page, then renders an empty template."""
    return render(request, "bench/empty.html")


def layout(request):
    """The product's layout (base.html: navigation, organisation switch) around an empty page.

    Not the baseline of the ratio: it shows how much of a page's time is the layout every page pays.
    """
    return render(request, "bench/layout.html")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/layout/", layout, name="bench_layout"),
    *product_urlpatterns,
]
