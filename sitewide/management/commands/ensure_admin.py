"""manage.py ensure_admin: make sure a local admin login exists, and print it."""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the demo admin login if it is missing, and print it. An existing user's password"
        " is left alone unless --reset-password is given. For local use only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-password",
            action="store_true",
            help="Set the user's password to ADMIN_PASSWORD even if the user exists already.",
        )

    def handle(self, *args, reset_password=False, **options):
        username = os.environ.get("ADMIN_USERNAME", "admin")
        password = os.environ.get("ADMIN_PASSWORD", "evidence-demo")
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.org", "is_staff": True, "is_superuser": True},
        )
        url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/admin/"
        # Run anywhere but a fresh demo, a reset would hand the demo password to an account
        # someone chose a password for: only a new user, or an explicit flag, gets it.
        if created or reset_password:
            user.set_password(password)
            user.save(update_fields=["password"])
            self.stdout.write(f"Admin login: {url} user {username!r}, password {password!r}")
        else:
            self.stdout.write(
                f"Admin login: {url} user {username!r}, with the password it already has"
                " (ensure_admin --reset-password sets it to ADMIN_PASSWORD)."
            )
