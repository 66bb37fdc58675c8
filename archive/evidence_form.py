"""The admin form of an evidence item: who may set its access level, and its default."""

from wagtail.admin.forms import WagtailAdminPageForm

from archive.choices import default_access_level

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
        cleaned_data = super().clean()
        if self.instance._state.adding and not cleaned_data.get("access_level"):
            default = default_access_level(cleaned_data.get("kind", ""))
            if "access_level" in self.fields:
                cleaned_data["access_level"] = default
            else:  # not in the form: the instance keeps what it is given here
                self.instance.access_level = default
        return cleaned_data
