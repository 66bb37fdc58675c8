"""The quotation checker: PDF text and a researcher's quotation normalised alike, then found."""

import pytest

from archive.page_text import mark_text
from letters.quotations import (
    CheckResult,
    FilePages,
    FileText,
    PageLetters,
    candidate_runs,
    check_quotation,
    normalise,
    quotation_marks,
    quotation_parts,
)

REPORT = [
    (1, "Cameras in the Cloisters\nA field report."),
    (2, "The cameras in the prayer hall were in-\nstalled in March. Monks said they\nwere told"),
    (3, "to look at the camera when they entered.\nThe ﬁrm’s “Blue Eye” logo was on every box."),
]


def check(quotation, cited=None, files=None, position=0):
    files = files if files is not None else [FilePages(REPORT)]
    return check_quotation(quotation, files, cited_pages=cited, file_position=position)


@pytest.mark.parametrize(
    ("typed", "extracted"),
    [
        ("installed in March", "in-\nstalled in March"),
        ("hard-coded address", "hard-\ncoded address"),
        ("hard-coded address", "hardcoded address"),
        ('the firm\'s "Blue Eye"', "the ﬁrm’s “Blue Eye”"),
        ("café", "cafe\u0301"),
        ("ＡＢＣ 123", "ABC\u00a0123"),
        ("they were told", "they\n   were\ttold"),
        ("surveillance", "sur\u00adveil\u200blance"),
        ("He said – twice", "he said — twice"),
    ],
)
def test_normalisation_makes_typed_and_extracted_text_agree(typed, extracted):
    assert normalise(typed) == normalise(extracted)


def test_different_words_stay_different():
    assert normalise("installed in May") != normalise("in-\nstalled in March")


def test_quotation_on_the_cited_page_despite_hyphenation_across_lines():
    result = check("“The cameras in the prayer hall were installed in March.”", cited=(2, 2))
    assert result.result == CheckResult.FOUND
    assert result.pages == (2,)


def test_quotation_split_across_two_pages_is_found_on_both():
    result = check("Monks said they were told to look at the camera", cited=(2, 3))
    assert result.result == CheckResult.FOUND
    assert result.pages == (2, 3)
    # cited only at its first page: it starts there, so it is where the citation says
    assert check("Monks said they were told to look at the camera", cited=(2, 2)).result == (
        CheckResult.FOUND
    )


def test_curly_quotes_and_ligatures_in_the_page_text():
    result = check('The firm\'s "Blue Eye" logo was on every box.', cited=(3, 3))
    assert result.result == CheckResult.FOUND


def test_quotation_found_on_another_page_names_it():
    result = check("The firm’s “Blue Eye” logo", cited=(1, 1))
    assert result.result == CheckResult.FOUND_ELSEWHERE
    assert result.pages == (3,)


def test_quotation_in_another_file_names_the_file_and_page():
    files = [FilePages(REPORT), FilePages([(1, "Annex"), (2, "Only in the annex.")])]
    result = check("only in the annex", cited=(2, 2), files=files)
    assert result.result == CheckResult.FOUND_ELSEWHERE
    assert (result.file_position, result.pages) == (1, (2,))


def test_quotation_not_found():
    assert check("The cameras were removed in April.", cited=(2, 2)).result == (
        CheckResult.NOT_FOUND
    )


def test_ellipsis_stands_for_omitted_words_in_order():
    assert check("The cameras … were installed in March", cited=(2, 2)).result == (
        CheckResult.FOUND
    )
    assert check("installed in March … The cameras", cited=(2, 2)).result == (CheckResult.NOT_FOUND)


def test_text_unavailable_while_the_file_is_not_read():
    pending = [FilePages([], readable=False)]
    assert check("anything", files=pending).result == CheckResult.TEXT_UNAVAILABLE
    assert check("anything", files=[]).result == CheckResult.TEXT_UNAVAILABLE
    assert check("anything", files=[FilePages([(1, "")])]).result == CheckResult.TEXT_UNAVAILABLE


def test_no_quotation_is_nothing_to_check():
    assert check("  ").result == CheckResult.NOT_QUOTED


def test_marks_cover_the_original_characters_on_each_page():
    marks = quotation_marks("Monks said they were told to look at the camera", REPORT)
    assert set(marks) == {2, 3}
    page2 = dict(REPORT)[2]
    ((start, end),) = marks[2]
    assert page2[start:end] == "Monks said they\nwere told"
    html = mark_text(dict(REPORT)[3], marks[3])
    assert html.startswith("<mark>to look at the camera</mark>")


def test_marked_text_is_escaped():
    text = "<script>x</script> the quoted words & more"
    html = mark_text(text, quotation_marks("quoted words", [(1, text)])[1])
    assert "<script>" not in html
    assert "<mark>quoted words</mark> &amp; more" in html


def _marks_of_the_whole_text(quotation, pages):
    """What quotation_marks gave before it narrowed the pages: the whole file normalised."""
    marks = {}
    for spans in FileText(pages).find_all(quotation_parts(quotation)):
        for span in spans:
            marks.setdefault(span.page, []).append((span.start, span.end))
    return marks


LONG_FILE = [(n, f"Filler page {n} with ordinary words.") for n in range(1, 41)]
LONG_FILE[11] = (12, "The ﬁrst witness saw the sur-")
LONG_FILE[12] = (13, "veillance cameras in the “hall”; the re-\nport came later.")
LONG_FILE[30] = (31, "Ordinary words, and then the ﬁrst witness again … the hall")


@pytest.mark.parametrize(
    "quotation",
    [
        "first witness saw the surveillance cameras",  # ligature, hyphen across the page break
        '"hall"; the report',  # quotes, a hyphenated line break
        "first witness ... hall",  # an omission
        "ordinary words",  # on most pages
        "words that are nowhere",
        "the",
    ],
)
def test_narrowing_the_pages_marks_what_the_whole_text_would(quotation):
    assert quotation_marks(quotation, LONG_FILE) == _marks_of_the_whole_text(quotation, LONG_FILE)


def test_only_the_pages_that_can_hold_the_quotation_are_normalised():
    parts = quotation_parts("first witness saw the surveillance cameras")
    runs = candidate_runs(parts, LONG_FILE, PageLetters(LONG_FILE))
    assert [[number for number, _ in run] for run in runs] == [[12, 13]]
