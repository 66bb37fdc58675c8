"""Names of the search page's facets and its results' kinds in the interface's language."""

from django import template
from django.utils.translation import gettext_lazy as _

from archive.choices import EvidenceKind

register = template.Library()

FACET_LABELS = {
    "kind": _("Kind"),
    "source": _("Source"),
    "topic": _("Topic"),
    "place": _("Place"),
    "language": _("Language"),
}


@register.filter
def kind_label(value) -> str:
    """A result's kind as readers name it ("News article", "新闻报道"), not its value."""
    return str(dict(EvidenceKind.choices).get(str(value), value))


@register.filter
def facet_label(name) -> str:
    """A facet's heading: "Kind" in English, "类型" in Simplified Chinese."""
    return str(FACET_LABELS.get(str(name), str(name).capitalize()))
