"""Names of the search page's facets in the interface's language."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

FACET_LABELS = {
    "kind": _("Kind"),
    "source": _("Source"),
    "topic": _("Topic"),
    "place": _("Place"),
    "language": _("Language"),
}


@register.filter
def facet_label(name) -> str:
    """A facet's heading: "Kind" in English, "类型" in Simplified Chinese."""
    return str(FACET_LABELS.get(str(name), str(name).capitalize()))
