"""The admin upload form for evidence files: refuses duplicates and replaced originals."""

from django import forms

from wagtail.documents.forms import BaseDocumentForm

from archive.processing.hashing import sha256_of_stream


def duplicate_message(existing, *, user=None) -> str:
    """Named (title, file, holding items) only to a user who may see restricted evidence: to
    anyone else it would confirm what a restricted original holds to whoever has a copy."""
    from archive.models import user_can_view_restricted

    if not user_can_view_restricted(user):
        return "This file is already in the archive."
    holders = ", ".join(item.reference for item in existing.holding_items) or "no item yet"
    return (
        f"This file is already in the archive as “{existing.title}” (file #{existing.pk}, "
        f"held by {holders}); choose that file instead of uploading it again."
    )


def stored_copy_refusal(digest: str, *, user=None) -> str:
    """Why an upload whose SHA-256 is `digest` is refused because its bytes are stored already
    ("" when they are not): the one check of the document form and the item form's "Add files"."""
    from archive.models import EvidenceFile

    existing = EvidenceFile.objects.filter(sha256=digest).first()
    return duplicate_message(existing, user=user) if existing is not None else ""


class EvidenceFileForm(BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        self.user = kwargs.get("user")  # BaseCollectionMemberForm takes it without keeping it
        super().__init__(*args, **kwargs)

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if not uploaded or uploaded is self.instance.file:
            return uploaded
        if self.instance.pk:
            # An original is evidence: replacing its bytes would silently change what every
            # citation of it points at.
            raise forms.ValidationError(
                "An archived original cannot be replaced. Upload the new version as a new file."
            )
        refusal = stored_copy_refusal(sha256_of_stream(uploaded)[0], user=self.user)
        if refusal:
            raise forms.ValidationError(refusal)
        return uploaded
