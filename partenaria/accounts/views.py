from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from partenaria.core.middleware import SESSION_KEY

from .forms import EmailAuthenticationForm


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    redirect_authenticated_user = True


@require_POST
def switch_organisation(request):
    """Change the organisation the dashboard and deadlines are shown for."""
    try:
        wanted = int(request.POST.get("organisation", ""))
    except ValueError:
        raise Http404 from None
    if wanted not in {m.organisation_id for m in request.memberships}:
        raise Http404
    request.session[SESSION_KEY] = wanted
    target = request.POST.get("next") or request.headers.get("referer") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


# The password-reset pages are for people who cannot log in.
PasswordResetView = method_decorator(login_not_required, name="dispatch")(auth_views.PasswordResetView)
PasswordResetDoneView = method_decorator(login_not_required, name="dispatch")(
    auth_views.PasswordResetDoneView
)
PasswordResetConfirmView = method_decorator(login_not_required, name="dispatch")(
    auth_views.PasswordResetConfirmView
)
PasswordResetCompleteView = method_decorator(login_not_required, name="dispatch")(
    auth_views.PasswordResetCompleteView
)
