"""News and success stories: the public pages at the root (`public`, French addresses in both
languages as the rest of the site), the editors' pages under /gestion/communication/ (`backoffice`);
the members' area under /membres/ (decision 52)."""

from django.urls import path

from .views import briefings, editing, feeds, members, plans
from .views import public as site

public = (
    [
        path("nouvelles/", site.news_list, name="news_list"),
        # Before the publications' pages: "rss", "atom", "bloc" and "relayer" are not slugs of news.
        path("nouvelles/rss/", feeds.news_rss, name="news_rss"),
        path("nouvelles/atom/", feeds.news_atom, name="news_atom"),
        path("nouvelles/bloc/", feeds.news_block, name="news_block"),
        path("nouvelles/relayer/", feeds.relay, name="relay"),
        path("nouvelles/<slug:slug>/", site.news_detail, name="news_detail"),
        path("bons-coups/", site.story_list, name="story_list"),
        path("bons-coups/rss/", feeds.story_rss, name="story_rss"),
        path("bons-coups/atom/", feeds.story_atom, name="story_atom"),
        path("bons-coups/<slug:slug>/", site.story_detail, name="story_detail"),
        path("publications/<slug:slug>/image/", site.image, name="image"),
        # The members' area (decision 52): a 404 on an item or its document to whoever may not read it.
        path("membres/informations/", members.briefing_list, name="briefing_list"),
        path("membres/informations/<int:pk>/", members.briefing_detail, name="briefing_detail"),
        path("membres/informations/<int:pk>/document/", members.briefing_file, name="briefing_file"),
    ],
    "communication",
)

backoffice = (
    [
        path("", editing.publication_list, name="publication_list"),
        path("nouvelle/", editing.news_create, name="news_create"),
        path("bon-coup/", editing.story_create, name="story_create"),
        path("<int:pk>/", editing.publication_preview, name="publication_preview"),
        path("<int:pk>/modifier/", editing.publication_edit, name="publication_edit"),
        path("<int:pk>/image/", editing.preview_image, name="preview_image"),
        path("<int:pk>/historique/", editing.publication_history, name="publication_history"),
        path("<int:pk>/publier/", editing.publication_publish, name="publication_publish"),
        path("<int:pk>/programmer/", editing.publication_schedule, name="publication_schedule"),
        path("<int:pk>/retirer/", editing.publication_unpublish, name="publication_unpublish"),
        # The regions' communication plans (decision 51).
        path("plans/", plans.plan_list, name="plan_list"),
        path("plans/regions/<str:code>/nouveau/", plans.plan_create, name="plan_create"),
        path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
        path("plans/<int:pk>/modifier/", plans.plan_edit, name="plan_edit"),
        path("plans/<int:pk>/historique/", plans.plan_history, name="plan_history"),
        path("plans/<int:pk>/activites/nouvelle/", plans.activity_edit, name="activity_create"),
        path("plans/<int:pk>/activites/<int:activity_pk>/", plans.activity_edit, name="activity_edit"),
        # Members-only information (decision 52).
        path("informations/", briefings.briefing_list, name="briefing_list"),
        path("informations/nouvelle/", briefings.briefing_create, name="briefing_create"),
        path("informations/<int:pk>/", briefings.briefing_detail, name="briefing_detail"),
        path("informations/<int:pk>/modifier/", briefings.briefing_edit, name="briefing_edit"),
        path("informations/<int:pk>/historique/", briefings.briefing_history, name="briefing_history"),
        path("informations/<int:pk>/telechargements/", briefings.briefing_downloads, name="briefing_downloads"),
        path("informations/<int:pk>/publier/", briefings.briefing_publish, name="briefing_publish"),
        path("informations/<int:pk>/retirer/", briefings.briefing_withdraw, name="briefing_withdraw"),
    ],
    "communication_bo",
)
