"""manage.py load_demo: load the demonstration archive (idempotent) and report on every item."""

from django.core.management.base import BaseCommand

from sitewide.demo.loader import demo_load


class Command(BaseCommand):
    help = (
        "Load the demonstration archive: site tree, sources, evidence items with their files"
        " (read before the command returns) and a letter. Running it again changes nothing."
    )

    def handle(self, *args, **options):
        summary = demo_load()
        for change in summary.changes:
            self.stdout.write(f"{'created':8} {change}")
        for item in summary.items:
            self.stdout.write(item.line())
        state = "created" if summary.letter_created else "exists"
        self.stdout.write(f"{state:8} letter {summary.letter_url}")
        self.stdout.write(f"Totals: {summary.totals()}")
        if summary.changed:
            self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        else:
            self.stdout.write("Nothing changed: the demo content was already loaded.")
