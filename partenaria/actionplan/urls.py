"""Action plan: axes, actions, progress notes and indicators (AP1, AP2)."""

from django.urls import path

from . import views as v

app_name = "actionplan"
C = "conventions/<int:pk>/"

urlpatterns: list = [
    # Actions of every partnership of the current organisation
    path("", v.action_list, name="action_list"),
    path("export.csv", v.action_export, {"fmt": "csv"}, name="action_export_csv"),
    path("export.xlsx", v.action_export, {"fmt": "xlsx"}, name="action_export_xlsx"),
    # The plan of a convention (AP1)
    path(C, v.plan, name="plan"),
    path(C + "axes/ajouter/", v.axis_add, name="axis_add"),
    path(C + "axes/<int:axis_pk>/modifier/", v.axis_edit, name="axis_edit"),
    path(C + "axes/<int:axis_pk>/supprimer/", v.axis_delete, name="axis_delete"),
    path(C + "axes/<int:axis_pk>/deplacer/", v.axis_move, name="axis_move"),
    path(C + "axes/<int:axis_pk>/actions/ajouter/", v.action_add, name="action_add"),
    path(C + "actions/<int:action_pk>/modifier/", v.action_edit, name="action_edit"),
    path(C + "actions/<int:action_pk>/supprimer/", v.action_delete, name="action_delete"),
    path(C + "actions/<int:action_pk>/avancement/", v.note_add, name="note_add"),
    path(C + "avancement/<int:note_pk>/modifier/", v.note_edit, name="note_edit"),
    # Indicators (AP2)
    path(C + "indicateurs/", v.indicators, name="indicators"),
    path(C + "indicateurs/ajouter/", v.indicator_add, name="indicator_add"),
    path(C + "indicateurs/<int:indicator_pk>/modifier/", v.indicator_edit, name="indicator_edit"),
    path(C + "indicateurs/<int:indicator_pk>/supprimer/", v.indicator_delete, name="indicator_delete"),
    path(C + "indicateurs/<int:indicator_pk>/valeurs/ajouter/", v.value_add, name="value_add"),
    path(C + "valeurs/<int:value_pk>/modifier/", v.value_edit, name="value_edit"),
    path(C + "valeurs/<int:value_pk>/supprimer/", v.value_delete, name="value_delete"),
]
