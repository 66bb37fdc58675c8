"""One row whose token changes whenever anything the public can see changes (public_cache)."""

from __future__ import annotations

from django.db import models


class PublicContentVersion(models.Model):
    """A random token, not a counter: a database restored from a backup must never bring back a
    token that names responses cached before the restore."""

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = "public content version"

    def __str__(self) -> str:
        return self.token
