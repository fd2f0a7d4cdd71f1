"""The product's URLs plus the bare view, the baseline of every measured page."""

from django.shortcuts import render
from django.urls import path

from partenaria.urls import urlpatterns as product_urlpatterns


def bare(request):
    """Goes through the same middleware as every page, then renders an empty template."""
    return render(request, "bench/empty.html")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *product_urlpatterns]
