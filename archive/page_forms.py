"""The evidence item's admin form: who may set its access level and what a new item gets, that
a public item may not hold a file a restricted item holds, that a title in Tibetan, Uyghur or
Chinese needs no ASCII slug, and the title and date its files offer."""

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.text import slugify

from wagtail.admin.forms import WagtailAdminPageForm

from archive.choices import AccessLevel, default_access_level

# What the access level's empty choice says on a new item (chosen from its kind on save).
BY_KIND = "By kind (testimony: restricted; anything else: public)"


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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one file input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(one, initial) for one in data if one]
        return [super().clean(data, initial)] if data else []


# The tick that lets an item whose files failed or gave no text be published (archive/
# wagtail_hooks.confirm_publishing_unreadable_files); a form field only, asked at every publish.
CONFIRM_FILE_PROBLEMS = "publish_despite_file_problems"
CONFIRM_FILE_PROBLEMS_LABEL = "Publish even if a file failed or has no text"


def _upload_collection(user):
    """The collection a user's upload from the item's form goes into, or None if they may not
    upload documents (the same permission policy the document chooser asks)."""
    from wagtail.permissions import policy_registry

    from archive.models import EvidenceFile

    if user is None:
        return None
    policy = policy_registry.get_by_type(EvidenceFile)
    if not policy.user_has_permission(user, "add"):
        return None
    return policy.collections_user_has_permission_for(user, "add").order_by("path").first()


class EvidencePageForm(WagtailAdminPageForm):
    """The access level is only in the form of users with `archive.view_restricted_evidence`
    (its panel asks for the permission), so no one else can set or clear it, by a forged POST
    either: a field not in the form is not read from the request. A new item given no access
    level gets its kind's default (`default_access_level`), which on a new item is also what
    its empty choice means."""

    publish_despite_file_problems = forms.BooleanField(
        required=False,
        label=CONFIRM_FILE_PROBLEMS_LABEL,
        help_text="Asked at each publish: readers would find nothing to read in such a file.",
    )

    # Files picked straight from the Files panel: each becomes an original (as the document
    # chooser's upload makes it) held by this item, after the files chosen above. Two clicks
    # instead of the chooser's six (issue 17's researcher's path).
    new_files = MultipleFileField(
        required=False,
        label="Add files from your computer",
        help_text="Each file is kept as an original with its SHA-256 and read after saving.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._offered: set[str] = set()
        # Only for those who may upload a document, as the chooser's Upload tab is, into the
        # first collection they may add to (the root, for Wagtail's Editors).
        self._upload_collection = _upload_collection(self.for_user)
        if self._upload_collection is None:
            self.fields.pop("new_files", None)
        field = self.fields.get("access_level")
        if field is not None and self.instance._state.adding:
            field.required = False
            field.choices = [("", BY_KIND), *field.choices]
            self.initial["access_level"] = ""
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

        if not self.is_bound and not self.instance._state.adding:
            self._offer_what_the_files_say()

    def _offer_what_the_files_say(self) -> None:
        """Pre-fill what a held file says about itself where the researcher left it empty, as
        import_evidence adopts it: the file's own title (an email's subject, a saved page's or a
        PDF's title) while the item's title is still its file name, and the file's date (an
        email's Date, a page's published date) while the item has none. Saving adopts them."""
        from archive.services.importing import offered_date, title_from_filename

        for evidence_file in self.instance.files:
            named_after = title_from_filename(Path(evidence_file.filename))
            title = evidence_file.metadata_title
            if title and self.instance.title == named_after and "title" not in self._offered:
                self._offer("title", title[:255], evidence_file)
            date = offered_date(evidence_file.metadata or {})
            if date and self.instance.published_on is None and "published_on" not in self._offered:
                self._offer("published_on", date, evidence_file)

    def _offer(self, name: str, value, evidence_file) -> None:
        field = self.fields.get(name)
        if field is None:
            return
        self._offered.add(name)
        self.initial[name] = value
        field.help_text = f"Offered by {evidence_file.filename}: check it, and save to keep it."

    def clean_new_files(self):
        """As the document upload refuses it: a file already in the archive (choose that one
        instead), here also the same file picked twice."""
        from archive.forms import stored_copy_refusal
        from archive.processing.hashing import sha256_of_stream

        uploads = self.cleaned_data.get("new_files") or []
        seen: dict[str, str] = {}
        for upload in uploads:
            digest, _ = sha256_of_stream(upload)
            refusal = stored_copy_refusal(digest, user=self.for_user)
            if refusal:
                raise ValidationError(f"{upload.name}: {refusal}")
            if digest in seen:
                raise ValidationError(f"{upload.name} is the same file as {seen[digest]}.")
            seen[digest] = upload.name
        return uploads

    def save(self, commit=True):
        page = super().save(commit=commit)
        uploads = self.cleaned_data.get("new_files") or []
        if uploads:
            self._hold_new_files(page, uploads, commit)
        return page

    def _hold_new_files(self, page, uploads, commit: bool) -> None:
        """Store each upload as a new original (uploaded by this user: until an item holds it,
        only they and restricted-evidence holders see it) and add it to the item's files, in
        memory: the revision saved next holds it, as it holds a chosen file."""
        from archive.models import EvidenceFileLink
        from archive.services.files import evidence_file_create

        links = page.file_links
        order = max((link.sort_order or 0 for link in links.all()), default=-1)
        for upload in uploads:
            order += 1
            evidence_file = evidence_file_create(
                name=upload.name,
                content=upload,
                uploaded_by_user=self.for_user,
                collection=self._upload_collection,
            )
            links.add(EvidenceFileLink(file=evidence_file, sort_order=order))
        if commit:
            links.commit()

    def _posted_title(self) -> str:
        return str(self.data.get(self.add_prefix("title"), ""))

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
