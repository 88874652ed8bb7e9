from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.i18n import set_language

from ansvar.web import (
    actions,
    views,
    views_accounts,
    views_ceo,
    views_clients,
    views_coaching,
    views_exports,
    views_import,
    views_log,
    views_mail,
    views_own,
    views_people,
    views_pictures,
    views_signals,
    views_tokens,
    views_webhooks,
    views_who,
)

# Every page needs a log-in (LoginRequiredMiddleware) except the log-in, the password reset,
# the invitation link and the language switch, which Django's views or this file mark.

urlpatterns = [
    path("", views.home, name="home"),
    path("ataganden/", views.duties_view, name="duties"),
    path("ataganden/hamta.<str:fmt>", views_exports.duties_export, name="duties-export"),
    path("logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/", views_accounts.ChangeView.as_view(), name="account"),
    path("konto/bekrafta/", views_accounts.confirm_password, name="confirm-password"),
    path("konto/nycklar/", views_tokens.tokens_page, name="account-tokens"),
    path(
        "konto/nycklar/<int:token_id>/aterkalla/",
        views_tokens.revoke_token,
        name="account-token-revoke",
    ),
    path(
        "konto/bytt/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("konto/aterstall/", views_accounts.ResetView.as_view(), name="password_reset"),
    path(
        "konto/aterstall/skickat/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="registration/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "konto/aterstall/<uidb64>/<token>/",
        views_accounts.ResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "konto/aterstall/klart/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "konto/inbjudan/<uidb64>/<token>/",
        views_accounts.InvitationView.as_view(),
        name="invitation",
    ),
    path("admin-konton/", views_accounts.accounts_page, name="accounts-admin"),
    path(
        "admin-konton/bjud-in-alla/",
        views_accounts.invite_everyone_view,
        name="accounts-invite-everyone",
    ),
    path("admin-konton/importera/", views_import.import_page, name="accounts-import"),
    path(
        "admin-konton/exportera.<str:fmt>",
        views_exports.organisation_export_view,
        name="accounts-export",
    ),
    path(
        "admin-konton/importera/grunda/",
        views_import.import_confirm,
        name="accounts-import-confirm",
    ),
    path(
        "admin-konton/importera/avbryt/", views_import.import_cancel, name="accounts-import-cancel"
    ),
    path("admin-konton/importera/klart/", views_import.import_done, name="accounts-import-done"),
    path(
        "admin-konton/importera/mall.xlsx",
        views_import.import_template,
        name="accounts-import-template",
    ),
    path("ansvarskarta/", views.responsibility_map_view, name="responsibility-map"),
    path("vem-bestammer/", views_who.who_decides_view, name="who-decides"),
    path("handling/<slug:action_name>/", actions.perform_view, name="perform"),
    path("kunder/", views_clients.clients_index, name="clients"),
    path("kunder/<slug:slug>/", views_clients.client_page, name="client"),
    path("kunder/<slug:slug>/avsluta/", views_clients.end_client_page, name="client-end"),
    path("vd/", views_clients.ceo_page, name="ceo"),
    path("vd/rotation/", views_ceo.rotation_page, name="ceo-rotation"),
    path("vd/affarsomraden/", views_ceo.areas_page, name="ceo-areas"),
    path("vd/parametrar/", views_ceo.parameters_page, name="ceo-parameters"),
    path("coachning/", views_coaching.coaching_page, name="coaching"),
    path("vd/siffror/", views_clients.ceo_figures, name="ceo-figures"),
    path("vd/signaler/", views_pictures.signals_view, name="signals"),
    path("vd/signaler/<slug:code>/", views_signals.signal_list, name="signal-list"),
    path("organisation/bild/", views_pictures.org_picture_view, name="org-picture"),
    path("aviseringar/", views_clients.notifications, name="notifications"),
    path("aviseringar/las/", views_clients.notifications_read, name="notifications-read"),
    path("aviseringar/installningar/", views_mail.preferences, name="mail-preferences"),
    path("utskick/", views_mail.outbox, name="outbox"),
    path("utskick/<int:pk>/skicka-igen/", views_mail.outbox_send_again, name="outbox-send-again"),
    path("webhooks/", views_webhooks.webhooks, name="webhooks"),
    path("webhooks/<int:pk>/", views_webhooks.webhook, name="webhook"),
    path("webhooks/<int:pk>/ny-hemlighet/", views_webhooks.webhook_rotate, name="webhook-rotate"),
    path("webhooks/<int:pk>/av-pa/", views_webhooks.webhook_switch, name="webhook-switch"),
    path("webhooks/<int:pk>/ta-bort/", views_webhooks.webhook_remove, name="webhook-remove"),
    path(
        "webhooks/leveranser/<int:pk>/skicka-igen/",
        views_webhooks.delivery_send_again,
        name="webhook-send-again",
    ),
    path("personer/", views_people.people_index_view, name="people"),
    path("personer/mig/", views_people.my_page, name="my-page"),
    path("personer/sok/", views_people.people_search_view, name="people-search"),
    path("omraden/", views_people.areas_index_view, name="areas"),
    path("kalender/", views_own.my_calendar, name="my-calendar"),
    path("mina-uppgifter/", views_own.my_data, name="my-data"),
    path("kalender/<str:token>.ics", views_own.feed, name="calendar-feed"),
    path("personer/<str:email>/", views_people.person_view, name="person"),
    path("omraden/<slug:slug>/", views_people.area_view, name="area"),
    path(
        "omraden/<slug:slug>/siffror.<str:fmt>",
        views_exports.area_figures_export,
        name="area-figures-export",
    ),
    path("omraden/<slug:slug>/bild/", views_pictures.area_picture_view, name="area-picture"),
    path("beslutslogg/", views_log.log_view, name="decision-log"),
    path("beslutslogg/verifiera/", views_log.verify_view, name="decision-log-verify"),
    path("beslutslogg/nekade/", views_log.refusals_view, name="refusals"),
    path(
        "beslutslogg/nekade/hamta.<str:fmt>",
        views_exports.refusals_export,
        name="refusals-export",
    ),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
]
