"""The public's pages of the newsletter, in French and English, without an account.

- Subscribing is rate-limited per address of the client and per email address, and answers the same
  whether or not the address is already on the list.
- The confirmation link (GET) shows a button; only its POST confirms: mail scanners and link
  previews fetch the links of an email, and must not subscribe anyone.
- Unsubscribing likewise: the GET shows a button; the POST unsubscribes. The POST is exempt from CSRF:
  mail clients post RFC 8058's one-click unsubscription (List-Unsubscribe-Post) without any cookie
  or form token; the unguessable token in the address authenticates it, and all it can do is stop
  emails to that one address.
- The archive is the same for everyone: kept whole under the public version (accord.core.public).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from accord.core.public import public_page
from accord.core.ratelimit import allow, client_address
from accord.core.workflow import InvalidTransition

from .. import consent, selectors, services
from ..forms import InterestsForm, SubscribeForm
from ..models import SubscriberStatus
from . import GET_OR_POST

PAGE_SIZE = 12
#: Subscriptions asked for per client address, and per email address, in a window.
PER_ADDRESS, PER_EMAIL, WINDOW = 10, 3, 3600


@GET_OR_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    """The subscription form; a valid POST emails a confirmation link and says to check the inbox."""
    form = SubscribeForm(request.POST or None)
    if request.method == "POST":
        email = request.POST.get("email", "").strip().lower()
        if not allow("newsletter-ip", client_address(request), limit=PER_ADDRESS, period=WINDOW) or (
            email and not allow("newsletter-email", email, limit=PER_EMAIL, period=WINDOW)
        ):
            context = {"form": form, "wording": consent.WORDING, "limited": True}
            return render(request, "newsletter/subscribe.html", context, status=429)
        if form.is_valid():
            data = form.cleaned_data
            services.subscribe(
                email=data["email"],
                language=data["language"],
                creneaux=data["creneaux"],
                regions=data["regions"],
                themes=data["themes"],
                source=f"web:{request.path}",
            )
            return redirect("newsletter:check_email")
    status = 400 if form.is_bound else 200
    return render(request, "newsletter/subscribe.html", {"form": form, "wording": consent.WORDING}, status=status)


@require_GET
def check_email(request: HttpRequest) -> HttpResponse:
    """The same answer for every address: the link is in the inbox (if the address can subscribe)."""
    return render(request, "newsletter/check_email.html")


@GET_OR_POST
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a button (mail scanners fetch links); POST: the subscription is confirmed."""
    if request.method == "POST":
        try:
            services.confirm_subscription(token, source="web:confirm")
        except InvalidTransition as exc:
            return render(request, "newsletter/confirm.html", {"refusal": str(exc)}, status=400)
        return render(request, "newsletter/confirmed.html")
    return render(request, "newsletter/confirm.html", {"valid": services.pending_by_token(token) is not None})


@csrf_exempt  # RFC 8058: mail clients post without a token; the address's unguessable token authenticates
@GET_OR_POST
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a button (nothing changes); POST (the page's button, or the mail client's one click): unsubscribed."""
    subscriber = services.by_unsubscribe_token(token)
    if subscriber is None:
        raise Http404
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        services.unsubscribe(subscriber, source="email:list-unsubscribe" if one_click else "web:unsubscribe")
        return render(request, "newsletter/unsubscribed.html", {"token": token})
    return render(request, "newsletter/unsubscribe.html", {"subscriber": subscriber, "token": token})


@GET_OR_POST
def interests(request: HttpRequest, token: str) -> HttpResponse:
    """A confirmed subscriber changes their language and interests through their personal link."""
    subscriber = services.by_unsubscribe_token(token)
    if subscriber is None or subscriber.status != SubscriberStatus.CONFIRMED:
        raise Http404
    initial = {
        "language": subscriber.language,
        "creneaux": list(subscriber.creneaux.all()),
        "regions": list(subscriber.regions.all()),
        "themes": list(subscriber.themes.values_list("theme", flat=True)),
    }
    form = InterestsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.change_interests(
            subscriber,
            language=data["language"],
            creneaux=data["creneaux"],
            regions=data["regions"],
            themes=data["themes"],
            source="web:interests",
        )
        messages.success(request, _("Your choices are saved."))
        return redirect("newsletter:interests", token=token)
    status = 400 if form.is_bound else 200
    return render(request, "newsletter/interests.html", {"form": form, "token": token}, status=status)


@require_GET
@public_page
def archive(request: HttpRequest) -> HttpResponse:
    """The issues sent, latest first."""
    page = Paginator(selectors.archive(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "newsletter/archive.html", {"page": page})


@require_GET
@public_page
def archive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A sent issue as its subscribers read it (a 404 for a draft)."""
    issue = get_object_or_404(selectors.archive_detail(pk))
    publications = [item.publication for item in issue.items.all()]
    return render(request, "newsletter/archive_detail.html", {"issue": issue, "publications": publications})
