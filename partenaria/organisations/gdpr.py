"""Processings of the organisations app (register of art. 30, see partenaria/core/gdpr.py)."""

from partenaria.core.gdpr import LegalBasis, Processing, RetentionRule, declare


def without_role(today):
    """Directory entries not erased, unchanged for the directory's period, whose account (if any)
    holds no active membership: the people who left."""
    from partenaria.core import privacy
    from partenaria.organisations.models import Membership, Person

    limit = privacy.aware(privacy.retention_cutoff(today, "directory"))
    active = Membership.objects.active().values("user")
    return (
        Person.objects.filter(updated_at__lt=limit)
        .exclude(privacy.is_erased())
        .exclude(user__in=active)
        .order_by("pk")
    )


def unlinked(people, *, ignoring=()):
    """``people`` that no record points at (no tutorship, seat, team, signature...), the models
    ``ignoring`` aside: an entry still named by a record stays until that record's rule frees it."""
    from partenaria.organisations.models import Person

    for relation in Person._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and relation.is_relation and not relation.concrete):
            continue
        model = relation.related_model
        if model._meta.label in ("organisations.Person", *ignoring):
            continue
        name = relation.field.name
        # NULLs aside: NOT IN a list holding NULL is never true.
        people = people.exclude(pk__in=model._base_manager.filter(**{f"{name}__isnull": False}).values(name))
    return people


def _erase_people_who_left(*, today, dry_run):
    """A directory entry with no active role and no record naming it is erased once unchanged for
    the period. Entries still named by a record stay: the record's own rule (research team) or an
    erasure request removes them."""
    from partenaria.core import privacy

    return privacy.retention_erase(unlinked(without_role(today)), dry_run=dry_run, kind="person")


declare(
    Processing(
        key="directory",
        name="Directory of the partner organisations' contacts",
        purpose="Know who represents, signs, sits or acts for each organisation of a partnership, and "
        "with which role in Partenaria.",
        legal_basis=LegalBasis.PUBLIC_TASK,
        data_subjects=["elected members, agents and staff of the partner organisations"],
        categories=["identity (name, title)", "professional e-mail address and phone", "role and unit"],
        recipients=["the officers of the organisations that share a partnership with theirs"],
        retention="while the person holds a role in a partnership; an entry with no active role and "
        "no record naming it is anonymised 2 years after its last change (PARTENARIA_RETENTION_DAYS "
        "directory, proposed)",
        models=["organisations.Person", "organisations.Membership"],
        retention_rules=[
            RetentionRule(model="organisations.Person", apply=_erase_people_who_left, setting="directory")
        ],
    )
)
