"""PDFs with active content, written by hand object by object (no tool adds these for us).

`active_pdf(kind)` is a one-page PDF with readable text ("Statement of the witness") and one
of: an /OpenAction running JavaScript, a document-level JavaScript name tree, a link whose
action is /Launch, an /EmbeddedFiles name tree, a file attachment annotation; or, with
`compressed=True`, the JavaScript action hidden in a compressed object stream (so its bytes
never appear in the file and only a parser that reads object streams finds it).
"""

from __future__ import annotations

import zlib

from tests.processing.fixtures import pdf_from_objects

TEXT = b"BT /F1 18 Tf 72 700 Td (Statement of the witness) Tj ET"
KINDS = ("open_action_js", "names_js", "launch", "embedded_files", "file_attachment")


def _objects(kind: str) -> tuple[list[bytes], bytes, bytes]:
    """The numbered objects (1-based), plus what the catalog and the page add."""
    objects = [
        b"",  # 1: the catalog, filled in below
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"",  # 3: the page, filled in below
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(TEXT), TEXT),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    catalog, page = b"", b""
    script = b"<< /Type /Action /S /JavaScript /JS (app.alert\\('opened'\\);) >>"
    payload = b"MZ pretend this is a program"
    embedded = b"<< /Type /EmbeddedFile /Length %d >>\nstream\n%s\nendstream" % (
        len(payload),
        payload,
    )
    if kind == "open_action_js":
        objects.append(script)  # 6
        catalog = b" /OpenAction 6 0 R"
    elif kind == "names_js":
        objects.append(script)  # 6
        objects.append(b"<< /Names [(init) 6 0 R] >>")  # 7
        catalog = b" /Names << /JavaScript 7 0 R >>"
    elif kind == "launch":
        objects.append(
            b"<< /Type /Annot /Subtype /Link /Rect [72 690 400 720]"
            b" /A << /S /Launch /F (cmd.exe) >> >>"
        )  # 6
        page = b" /Annots [6 0 R]"
    elif kind == "embedded_files":
        objects.append(embedded)  # 6
        objects.append(b"<< /Type /Filespec /F (tool.exe) /EF << /F 6 0 R >> >>")  # 7
        objects.append(b"<< /Names [(tool.exe) 7 0 R] >>")  # 8
        catalog = b" /Names << /EmbeddedFiles 8 0 R >>"
    elif kind == "file_attachment":
        objects.append(embedded)  # 6
        objects.append(
            b"<< /Type /Annot /Subtype /FileAttachment /Rect [72 600 90 620]"
            b" /FS << /Type /Filespec /F (tool.exe) /EF << /F 6 0 R >> >> >>"
        )  # 7
        page = b" /Annots [7 0 R]"
    elif kind == "usage_rights":  # not active: a form's rights, which name /EF as a permission
        objects.append(
            b"<< /Type /Sig /Reference [<< /Type /SigRef /TransformMethod /UR3"
            b" /TransformParams << /Type /TransformParams /V /2.2 /EF [/Create /Delete] >> >>] >>"
        )  # 6
        catalog = b" /Perms << /UR3 6 0 R >>"
    elif kind != "none":
        raise ValueError(kind)
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R%s >>" % catalog
    objects[2] = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >>%s >>" % page
    )
    return objects, catalog, page


def active_pdf(kind: str, *, compressed: bool = False) -> bytes:
    objects, _, _ = _objects(kind)
    if compressed:
        return _with_object_stream(objects, hidden={6})
    return pdf_from_objects(objects)


def _with_object_stream(objects: list[bytes], hidden: set[int]) -> bytes:
    """PDF 1.5: the `hidden` objects inside a Flate-compressed /ObjStm, found through a
    cross-reference stream (a classic xref table cannot point into an object stream)."""
    stream_number = len(objects) + 1
    xref_number = stream_number + 1
    inside = sorted(hidden)
    header, body = [], b""
    for number in inside:
        header.append(b"%d %d" % (number, len(body)))
        body += objects[number - 1] + b"\n"
    head = b" ".join(header) + b"\n"
    packed = zlib.compress(head + body)
    pdf, where = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), {}
    for number, content in enumerate(objects, 1):
        if number in hidden:
            continue
        where[number] = len(pdf)
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    where[stream_number] = len(pdf)
    pdf += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n" % (
        stream_number,
        len(inside),
        len(head),
        len(packed),
    )
    pdf += b"stream\n" + packed + b"\nendstream\nendobj\n"
    where[xref_number] = len(pdf)
    rows = [b"\x00\x00\x00\x00\x00\xff\xff"]  # object 0: free
    for number in range(1, xref_number + 1):
        if number in hidden:
            rows.append(
                b"\x02" + stream_number.to_bytes(4, "big") + inside.index(number).to_bytes(2, "big")
            )
        else:
            rows.append(b"\x01" + where[number].to_bytes(4, "big") + b"\x00\x00")
    table = zlib.compress(b"".join(rows))
    pdf += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Filter /FlateDecode"
        b" /Length %d >>\nstream\n" % (xref_number, xref_number + 1, len(table))
    )
    pdf += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % where[xref_number]
    return bytes(pdf)
