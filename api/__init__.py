"""The read-only JSON API for other programs: evidence items, their files and page texts, and
letters with their citations (/api/v1/…, described by api/openapi.json)."""
