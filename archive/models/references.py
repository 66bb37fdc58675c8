"""Stable evidence references (EV-YYYY-NNNN): handed out once, never changed or reused."""

from django.db import models, transaction


class ReferenceCounter(models.Model):
    """The last number handed out for a year.

    A counter rather than max(reference)+1, so that deleting the newest item can never
    free its reference for someone else: a citation in a letter must keep meaning one thing.
    """

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


def reference_allocate(*, year: int) -> str:
    with transaction.atomic():
        counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
        counter.last_number = models.F("last_number") + 1
        counter.save(update_fields=["last_number"])
        counter.refresh_from_db(fields=["last_number"])
        return f"EV-{year}-{counter.last_number:04d}"
