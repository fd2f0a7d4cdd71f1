from django.apps import apps
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partenaria.core import privacy
from partenaria.core.forms import add_service_errors
from partenaria.core.middleware import SESSION_KEY
from partenaria.core.ratelimit import rate_limited
from partenaria.core.views import EXPORT_FORMATS, privacy_response

from . import two_factor
from .forms import EmailAuthenticationForm, TwoFactorCodeForm, TwoFactorEnableForm


@method_decorator(rate_limited("login", methods=("POST",)), name="dispatch")
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


def _safe_next(request, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return default
    return target


def account(request):
    """The person's own page: identity, password, two-factor authentication."""
    enabled = two_factor.has_two_factor(request.user)
    context = {
        "two_factor_enabled": enabled,
        "two_factor_required": two_factor.requires_two_factor(request.user, request.memberships),
        "recovery_left": two_factor.recovery_codes_left(request.user) if enabled else 0,
    }
    return render(request, "accounts/account.html", context)


@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Scan the QR code (or type the secret), then confirm with a first code (trust 8)."""
    if two_factor.has_two_factor(request.user):
        messages.info(request, _("Two-factor authentication is already on."))
        return redirect("accounts:account")
    device = two_factor.totp_pending_device(user=request.user)
    form = TwoFactorEnableForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.two_factor_enable(
                user=request.user, device=device, token=form.cleaned_data["token"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session.cycle_key()
            two_factor.mark_verified(request)
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": _safe_next(request, "")}
            )
    context = {
        "form": form,
        "qr_code": two_factor.qr_code_data_uri(device),
        "secret": two_factor.secret_text(device),
        "next": _safe_next(request, ""),
        "required": two_factor.requires_two_factor(request.user, request.memberships),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """The second step of the login: a code of the app or a recovery code."""
    if two_factor.session_state(request) != two_factor.PENDING:
        return redirect(_safe_next(request))
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.two_factor_check(user=request.user, token=form.cleaned_data["token"]):
            request.session.cycle_key()
            two_factor.mark_verified(request)
            return redirect(_safe_next(request))
        form.add_error("token", _("This code is not valid. Wait for the next one, or use a recovery code."))
        form.mark_invalid_fields()
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _safe_next(request, "")})


@require_POST
def recovery_codes_renew(request):
    try:
        codes = two_factor.recovery_codes_renew(user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:account")
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": ""})


@require_http_methods(["GET", "POST"])
def two_factor_disable(request):
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.two_factor_disable(user=request.user, token=form.cleaned_data["token"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session.pop(two_factor.SESSION_KEY, None)
            messages.success(request, _("Two-factor authentication is off."))
            return redirect("accounts:account")
    return render(request, "accounts/two_factor_disable.html", {"form": form})


def my_data(request):
    """« Mes données »: what Partenaria holds about the person, by kind of record (DP2, access)."""
    data = privacy.collect(user=request.user)
    kinds = [
        (apps.get_model(label)._meta.verbose_name_plural, len(data.rows[label])) for label in data.labels()
    ]
    from partenaria.core.models import ErasureRequest

    requests = ErasureRequest.objects.open().filter(user=request.user).select_related("organisation")
    return render(
        request,
        "accounts/my_data.html",
        {"kinds": kinds, "total": data.count(), "erasure_requests": list(requests)},
    )


@require_POST
def erasure_request(request):
    """« Demander l'effacement »: the person asks for the erasure of their data (GDPR art. 17); the
    administrators of their organisations answer within one month."""
    requests = privacy.erasure_request(user=request.user)
    messages.success(
        request,
        _("Your request is recorded. Your organisation's administrators must answer by %(date)s.")
        % {"date": min(r.due_on for r in requests).strftime("%d/%m/%Y")},
    )
    return redirect("accounts:my_data")


@rate_limited("export")
def my_data_export(request, fmt: str):
    """The person's own data, as JSON or a zip of CSV files (DP2, access right)."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    content, content_type = privacy.person_export(by=request.user, user=request.user, fmt=EXPORT_FORMATS[fmt])
    return privacy_response(content, content_type, fmt)
