"""Who sent a request, for throttling logins (django-axes): behind our proxy, not the proxy.

In production gunicorn sees only the reverse proxy's address, so every visitor would share one
login lockout. The proxy appends the address it saw to X-Forwarded-For; entries to the left of
what our own proxies added are whatever the client wrote and cannot be trusted. With
TRUSTED_PROXY_COUNT proxies in front (1 in production, 0 elsewhere), the address is the entry
that many places from the right; with none, REMOTE_ADDR.
"""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str:
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [address for address in forwarded if address]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
