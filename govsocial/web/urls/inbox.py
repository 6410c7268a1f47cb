from django.urls import path

from govsocial.web.views.inbox import item, moderation, queue

app_name = "inbox"

urlpatterns = [
    path("o/<slug:org>/inbox/", queue.queue_page, name="queue"),
    path("o/<slug:org>/inbox/overview/", queue.overview_page, name="overview"),
    path("o/<slug:org>/inbox/items/<id:pk>/", item.item_page, name="item"),
    path("o/<slug:org>/inbox/items/<id:pk>/original/", item.original_page, name="original"),
    path("o/<slug:org>/inbox/items/<id:pk>/assign/", item.assign_page, name="assign"),
    path("o/<slug:org>/inbox/items/<id:pk>/status/", item.status_page, name="status"),
    path("o/<slug:org>/inbox/items/<id:pk>/queue/", item.route_page, name="route"),
    path("o/<slug:org>/inbox/items/<id:pk>/notes/", item.note_page, name="note"),
    path("o/<slug:org>/inbox/items/<id:pk>/reply/", item.reply_page, name="reply"),
    path("o/<slug:org>/inbox/items/<id:pk>/moderate/", moderation.moderate_page, name="moderate"),
    path(
        "o/<slug:org>/inbox/moderation/<id:pk>/appeal/",
        moderation.appeal_page,
        name="appeal",
    ),
    path(
        "o/<slug:org>/inbox/saved-replies/",
        moderation.saved_replies_page,
        name="saved_replies",
    ),
    path(
        "o/<slug:org>/inbox/accounts/<id:account>/",
        moderation.account_settings_page,
        name="account_settings",
    ),
    path(
        "public/<slug:org>/house-rules/<id:account>/",
        moderation.house_rules_public_page,
        name="house_rules",
    ),
]
