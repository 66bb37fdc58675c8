"""Authors become explicitly people or organisations (docs/decisions/0014-authors.md).

The lines keep their meaning where it was explicit: "Family, Given" was and stays a person. A line
without a comma now reads as an organisation, one literal name, as written (never split into
given and family names on a guess). A line the new syntax cannot read ("A, B, C", stray braces)
is kept word for word as an organisation in braces, so nothing is lost and nothing is guessed.
Pages only: revisions keep the text they had and are read by the same tolerant property.
"""

from django.db import migrations, models

import archive.authors


def _readable(line: str) -> str:
    line = " ".join(line.split())
    try:
        archive.authors.author_parse(line)
    except ValueError:
        return "{" + line.replace("{", "").replace("}", "").strip() + "}"
    return line


def authors_mark(apps, schema_editor):
    EvidencePage = apps.get_model("archive", "EvidencePage")
    for page in EvidencePage.objects.exclude(authors="").only("pk", "authors").iterator():
        lines = [_readable(line) for line in page.authors.splitlines() if line.strip()]
        text = "\n".join(line for line in lines if line.strip("{}"))
        if text != page.authors:
            EvidencePage.objects.filter(pk=page.pk).update(authors=text)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0008_evidence_file_derivative"),
    ]

    operations = [
        migrations.AlterField(
            model_name="evidencepage",
            name="authors",
            field=models.TextField(
                blank=True,
                help_text=archive.authors.AUTHORS_HELP,
                validators=[archive.authors.authors_validate],
            ),
        ),
        migrations.RunPython(authors_mark, migrations.RunPython.noop),
    ]
