from django.urls import path

from govsocial.web.views import auth, dashboard, deliveries, organisations, pages, posts

app_name = "web"

ORG = "o/<slug:org>/"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("healthz", pages.healthz, name="healthz"),
    path(ORG, dashboard.organisation, name="organisation"),
    path(ORG + "posts/", posts.post_list_page, name="post_list"),
    path(ORG + "posts/new/", posts.post_new_page, name="post_new"),
    path(ORG + "posts/review/", posts.review_queue_page, name="review_queue"),
    path(ORG + "posts/calendar/", posts.calendar_page, name="calendar"),
    path(ORG + "posts/<id:pk>/", posts.post_detail_page, name="post_detail"),
    path(ORG + "posts/<id:pk>/edit/", posts.post_edit_action, name="post_edit"),
    path(ORG + "posts/<id:pk>/override/", posts.post_override_action, name="post_override"),
    path(ORG + "posts/<id:pk>/submit/", posts.post_submit_action, name="post_submit"),
    path(ORG + "posts/<id:pk>/approve/", posts.post_approve_action, name="post_approve"),
    path(ORG + "posts/<id:pk>/return/", posts.post_return_action, name="post_return"),
    path(ORG + "posts/<id:pk>/schedule/", posts.post_schedule_action, name="post_schedule"),
    path(
        ORG + "posts/<id:pk>/break-glass/", posts.post_break_glass_action, name="post_break_glass"
    ),
    path(
        ORG + "posts/<id:pk>/break-glass/review/",
        posts.post_break_glass_review_action,
        name="post_break_glass_review",
    ),
    path(ORG + "posts/<id:pk>/cancel/", posts.post_cancel_action, name="post_cancel"),
    path(ORG + "deliveries/needs-check/", deliveries.needs_check_page, name="needs_check"),
    path(ORG + "deliveries/<id:pk>/resolve/", deliveries.resolve_action, name="delivery_resolve"),
    path(ORG + "deliveries/<id:pk>/retry/", deliveries.retry_action, name="delivery_retry"),
    path(
        ORG + "deliveries/<id:pk>/push-edit/",
        deliveries.push_edit_action,
        name="delivery_push_edit",
    ),
    path(ORG + "deliveries/<id:pk>/delete/", deliveries.delete_action, name="delivery_delete"),
    path(ORG + "accounts/", organisations.account_list_page, name="account_list"),
    path(ORG + "accounts/<id:account>/", deliveries.account_health_page, name="account_health"),
    path(ORG + "audit/", organisations.audit_list_page, name="audit_list"),
]
