"""Who may use the allocation assistant of a campaign (IN9).

Only the school's placement office (its admins and partnership officers) and the platform's
admins: the host side sees nothing before the proposals are accepted, and then sees applications
like any other, through the internship pages.
"""

from partenaria.internships.permissions import can_run_campaign


def can_allocate(user, campaign) -> bool:
    # The assistant prepares the school's own applications: the right to centralise them (IN6).
    return can_run_campaign(user, campaign)
