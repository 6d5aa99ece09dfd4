"""The newsletter: the public pages under /bulletin/ (`public`, French addresses in both languages as
the rest of the site), the editors' pages under /gestion/bulletin/ (`backoffice`)."""

from django.urls import path

from .views import issues
from .views import public as site

public = (
    [
        path("bulletin/", site.subscribe, name="subscribe"),
        path("bulletin/verifiez/", site.check_email, name="check_email"),
        path("bulletin/confirmer/<str:token>/", site.confirm, name="confirm"),
        path("bulletin/desabonnement/<str:token>/", site.unsubscribe, name="unsubscribe"),
        path("bulletin/preferences/<str:token>/", site.interests, name="interests"),
        path("bulletin/archives/", site.archive, name="archive"),
        path("bulletin/archives/<int:pk>/", site.archive_detail, name="archive_detail"),
    ],
    "newsletter",
)

backoffice = (
    [
        path("", issues.issue_list, name="issue_list"),
        path("nouveau/", issues.issue_create, name="issue_create"),
        path("<int:pk>/", issues.issue_detail, name="issue_detail"),
        path("<int:pk>/modifier/", issues.issue_edit, name="issue_edit"),
        path("<int:pk>/envoyer/", issues.issue_send, name="issue_send"),
    ],
    "newsletter_bo",
)
