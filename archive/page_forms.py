"""The evidence item's admin form: a public item may not hold a file a restricted item holds, and
a title in Tibetan, Uyghur or Chinese needs no ASCII slug."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.text import slugify

from wagtail.admin.forms import WagtailAdminPageForm

from archive.choices import AccessLevel


class ReferenceSlugField(forms.CharField):
    """The slug of an item whose title has no ASCII slug: a valid slug is kept; anything else
    (empty, as the admin's slug field stays for such a title, or the title pasted in) becomes
    empty, and EvidencePage.full_clean gives the item its reference as slug."""

    def clean(self, value):
        value = super().clean(value)
        try:
            validate_slug(value)
        except ValidationError:
            return ""
        return value


class EvidencePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        slug = self.fields.get("slug")
        # WAGTAIL_ALLOW_UNICODE_SLUGS is off, so the admin cannot make a slug of such a title
        # and would refuse the form; the item's public address is its reference anyway.
        if slug is not None and self.is_bound and not slugify(self._posted_title()):
            self.fields["slug"] = ReferenceSlugField(
                required=False,
                max_length=slug.max_length,
                label=slug.label,
                help_text=slug.help_text,
                widget=slug.widget,
            )

    def _posted_title(self) -> str:
        return str(self.data.get(self.add_prefix("title"), ""))

    def clean(self):
        from archive.services.restriction import restricted_holders, shared_file_message

        cleaned = super().clean()
        access = cleaned.get("access_level", self.instance.access_level)
        formset = self.formsets.get("file_links")
        # The form is cleaned before its formsets; is_valid() cleans the files' one (once).
        if access == AccessLevel.RESTRICTED or formset is None or not formset.is_valid():
            return cleaned
        file_ids = [
            form.cleaned_data["file"].pk
            for form in formset.forms
            if getattr(form, "cleaned_data", None)
            and form.cleaned_data.get("file")
            and not form.cleaned_data.get("DELETE")
        ]
        holders = list(restricted_holders(file_ids, besides=self.instance.pk))
        if holders:
            self.add_error(None, shared_file_message(holders, user=self.for_user))
        return cleaned
