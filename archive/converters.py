"""URL converters bounded to what the database can hold.

Django's `int` converter takes any run of digits, and an id past the 64-bit range reached the
database as a parameter that SQLite and PostgreSQL cannot bind (OverflowError: a 500, reported
anonymously on /files/<2^63>/…). Every id in the project's routes is a BigAutoField, so the
`id` converter matches 1–19 digits and refuses (does not match: the request ends as the same
404 as an unknown id) anything above 2^63 − 1.
"""

from django.urls import register_converter

BIGINT_MAX = 2**63 - 1  # BigAutoField on SQLite and PostgreSQL alike


class DatabaseIdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > BIGINT_MAX:
            raise ValueError(f"{value} is beyond the database's integer range")
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))


register_converter(DatabaseIdConverter, "id")
