"""The evidence item's admin form: a public item may not hold a file a restricted item holds."""

from wagtail.admin.forms import WagtailAdminPageForm

from archive.choices import AccessLevel


class EvidencePageForm(WagtailAdminPageForm):
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
