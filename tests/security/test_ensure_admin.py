"""ensure_admin creates the demo login once; it never resets a password nobody asked it to."""

import io
import os
from unittest import mock

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def run(*args, **env) -> str:
    out = io.StringIO()
    with mock.patch.dict(os.environ, env):  # the command's own settings are environment variables
        call_command("ensure_admin", *args, stdout=out)
    return out.getvalue()


def test_a_missing_admin_is_created_with_the_printed_password():
    printed = run(ADMIN_USERNAME="admin", ADMIN_PASSWORD="evidence-demo")
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.is_staff and user.check_password("evidence-demo")
    assert "'admin'" in printed and "'evidence-demo'" in printed


def test_an_existing_admins_password_is_left_alone():
    user = get_user_model().objects.create_superuser("admin", password="chosen-by-a-person")
    printed = run(ADMIN_USERNAME="admin", ADMIN_PASSWORD="evidence-demo")
    user.refresh_from_db()
    assert user.check_password("chosen-by-a-person")
    assert "evidence-demo" not in printed and "--reset-password" in printed


def test_an_existing_admin_is_reset_only_when_asked():
    user = get_user_model().objects.create_superuser("admin", password="forgotten")
    printed = run("--reset-password", ADMIN_USERNAME="admin", ADMIN_PASSWORD="evidence-demo")
    user.refresh_from_db()
    assert user.check_password("evidence-demo") and "'evidence-demo'" in printed
