"""Subsidies, commitments and payments, conditional and in-kind contributions (FN1, FN2, FN4)."""

from django.urls import path

from . import views as v

app_name = "finance"
C = "conventions/<int:pk>/"

urlpatterns: list = [
    path("", v.overview, name="overview"),
    path("export/subventions-scdl.csv", v.scdl_export, name="scdl_export"),
    path("export/budget.xlsx", v.budget_export, name="budget_export"),
    path("export/versements.xlsx", v.payments_export, name="payments_export"),
    path(C, v.convention_money, name="convention"),
    path(C + "subventions/ajouter/", v.subsidy_add, name="subsidy_add"),
    path(C + "engagements/ajouter/", v.commitment_add, name="commitment_add"),
    path(C + "versements/ajouter/", v.payment_add, name="payment_add"),
    path(C + "contributions/ajouter/", v.conditional_add, name="conditional_add"),
    path(C + "contributions/<int:contribution_pk>/verser/", v.conditional_pay, name="conditional_pay"),
    path(C + "en-nature/ajouter/", v.in_kind_add, name="in_kind_add"),
]
