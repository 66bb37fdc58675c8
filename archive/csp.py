"""The Content-Security-Policy: strict for the public site, what Wagtail needs in its admin.

The policy itself is settings.CONTENT_SECURITY_POLICY (django-csp): this site's own files only,
no inline script or style. The public pages are built that way. Wagtail's admin (8.0) is not
yet: its explorer and editors write inline <script> blocks (widget set-up, telepath data) and
its vendored libraries insert inline styles and scripts, which the browser test shows being
blocked and the editor then failing to draw (tests/browser/test_csp.py). So under the admin's
path, and only there, 'unsafe-inline' is added for scripts and styles; everything else (no
other origin, no eval, no plugins, no framing by others, forms only to this site) still holds.
Responses that carry a policy of their own (originals and previews, archive/views.py) keep it.
"""

from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware

ADMIN_PREFIX = "/admin/"  # config/urls.py
ADMIN_ADDITIONS = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE]}


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**ADMIN_ADDITIONS, **(parts.update or {})}
        return parts
