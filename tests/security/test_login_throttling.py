"""Admin logins are throttled and failures logged (django-axes; issue 11, row 7), through
Wagtail's real login view."""

import logging
from datetime import timedelta

import pytest

from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "the right password"
LOGIN = "/admin/login/"


@pytest.fixture
def researcher(django_user_model):
    return django_user_model.objects.create_superuser("researcher", password=PASSWORD)


def log_in(client: Client, password: str, **extra):
    return client.post(LOGIN, {"username": "researcher", "password": password}, **extra)


def signed_in(client: Client) -> bool:
    return client.get(reverse("wagtailadmin_home")).status_code == 200


def test_the_right_password_logs_in(client, researcher):
    assert log_in(client, PASSWORD).status_code == 302 and signed_in(client)


def test_after_the_limit_the_right_password_is_refused_until_the_cool_off(client, researcher):
    answers = [log_in(client, "guess").status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
    # The form again with its error, until the failure that reaches the limit locks the pair.
    assert answers == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    refused = log_in(client, PASSWORD)
    assert refused.status_code == 429 and b"too many login attempts" in refused.content
    assert not signed_in(client)

    from axes.models import AccessAttempt

    past = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=past)
    assert log_in(client, PASSWORD).status_code == 302 and signed_in(client)


def test_the_lockout_holds_for_that_username_and_address_only(client, researcher):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "guess", REMOTE_ADDR="203.0.113.9")
    assert log_in(client, PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 429
    elsewhere = Client()
    assert log_in(elsewhere, PASSWORD, REMOTE_ADDR="198.51.100.4").status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_the_visitors_address_counts_not_the_proxys(client, researcher):
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(settings.AXES_FAILURE_LIMIT):  # the attacker forges a left-hand entry
        log_in(client, "guess", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9", **proxy)
    forged = log_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="5.6.7.8, 203.0.113.9", **proxy)
    assert forged.status_code == 429
    colleague = Client()
    assert (
        log_in(colleague, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy).status_code == 302
    )


def test_a_failed_login_is_logged_with_the_username_not_the_address(client, researcher, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        log_in(client, "guess", REMOTE_ADDR="203.0.113.9")
    failures = [r.getMessage() for r in caplog.records if "login failure" in r.getMessage()]
    assert failures and "researcher" in failures[0]
    assert "203.0.113.9" not in failures[0] and "guess" not in failures[0]


def test_force_login_still_works_for_tests_and_tools(admin_client):
    assert admin_client.get(reverse("wagtailadmin_home")).status_code == 200
