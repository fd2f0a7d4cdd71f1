"""Routes editing the content of a convention: parties, articles, commitments, approval, amendments."""

from django.urls import path

from . import content_views as v

C = "conventions/<int:pk>/"

urlpatterns: list = [
    # Tabs as full pages (the convention page includes the same partials).
    path(C + "contenu/", v.content_tab, name="content_tab"),
    path(C + "parties/", v.parties_tab, name="parties_tab"),
    path(C + "approbation/", v.approval_tab, name="approval_tab"),
    path(C + "avenants/", v.amendments_tab, name="amendments_tab"),
    # Articles and their commitments (CV6)
    path(C + "articles/ajouter/", v.article_add, name="article_add"),
    path(C + "articles/<int:article_pk>/", v.article_detail, name="article_detail"),
    path(C + "articles/<int:article_pk>/modifier/", v.article_edit, name="article_edit"),
    path(C + "articles/<int:article_pk>/supprimer/", v.article_delete, name="article_delete"),
    path(C + "articles/<int:article_pk>/deplacer/", v.article_move, name="article_move"),
    path(C + "articles/<int:article_pk>/engagements/ajouter/", v.commitment_add, name="commitment_add"),
    path(C + "engagements/<int:commitment_pk>/modifier/", v.commitment_edit, name="commitment_edit"),
    path(C + "engagements/<int:commitment_pk>/supprimer/", v.commitment_delete, name="commitment_delete"),
    path(C + "engagements/<int:commitment_pk>/realise/", v.commitment_fulfil, name="commitment_fulfil"),
    # Parties (CV1)
    path(C + "parties/ajouter/", v.party_add, name="party_add"),
    path(C + "parties/<int:party_pk>/modifier/", v.party_edit, name="party_edit"),
    path(C + "parties/<int:party_pk>/supprimer/", v.party_delete, name="party_delete"),
    # Approval of the public bodies (CV7)
    path(C + "approbation/ajouter/", v.approval_step_add, name="approval_step_add"),
    path(C + "approbation/<int:step_pk>/modifier/", v.approval_step_edit, name="approval_step_edit"),
    path(C + "approbation/<int:step_pk>/supprimer/", v.approval_step_delete, name="approval_step_delete"),
    # Amendments (CV4)
    path(C + "avenants/nouveau/", v.amendment_draft, name="amendment_draft"),
]
