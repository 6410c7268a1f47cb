from django.urls import path

from govsocial.web.views import auth, dashboard, organisations, pages

app_name = "web"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("healthz", pages.healthz, name="healthz"),
    path("o/<slug:org>/", dashboard.organisation, name="organisation"),
    path("o/<slug:org>/posts/", organisations.post_list_page, name="post_list"),
    path("o/<slug:org>/posts/<int:pk>/", organisations.post_detail_page, name="post_detail"),
    path("o/<slug:org>/accounts/", organisations.account_list_page, name="account_list"),
    path("o/<slug:org>/audit/", organisations.audit_list_page, name="audit_list"),
]
