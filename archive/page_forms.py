"""The evidence item's admin form: who may set its access level and what a new item gets, and
that a public item may not hold a file a restricted item holds."""

from wagtail.admin.forms import WagtailAdminPageForm

from archive.choices import AccessLevel, default_access_level

# What the access level's empty choice says on a new item (chosen from its kind on save).
BY_KIND = "By kind (testimony: restricted; anything else: public)"


class EvidencePageForm(WagtailAdminPageForm):
    """The access level is only in the form of users with `archive.view_restricted_evidence`
    (its panel asks for the permission), so no one else can set or clear it, by a forged POST
    either: a field not in the form is not read from the request. A new item given no access
    level gets its kind's default (`default_access_level`), which on a new item is also what
    its empty choice means."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("access_level")
        if field is not None and self.instance._state.adding:
            field.required = False
            field.choices = [("", BY_KIND), *field.choices]
            self.initial["access_level"] = ""

    def clean(self):
        cleaned = super().clean()
        if self.instance._state.adding and not cleaned.get("access_level"):
            default = default_access_level(cleaned.get("kind", ""))
            if "access_level" in self.fields:
                cleaned["access_level"] = default
            else:  # not in the form: the instance keeps what it is given here
                self.instance.access_level = default
        self._refuse_restricted_files(cleaned)
        return cleaned

    def _refuse_restricted_files(self, cleaned) -> None:
        from archive.services.restriction import restricted_holders, shared_file_message

        access = cleaned.get("access_level", self.instance.access_level)
        formset = self.formsets.get("file_links")
        # The form is cleaned before its formsets; is_valid() cleans the files' one (once).
        if access == AccessLevel.RESTRICTED or formset is None or not formset.is_valid():
            return
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
