"""Lam-alef pairs that a PDF's text layer holds in visual order, put back as the document has
them, and only where the document's own words say so."""

from archive.processing.lam_alef import repair, vocabulary

DOCUMENT = ["الخصائص الديمغرافية والاقتصادية", "وزارة الإعلام", "سلام", "سالم"]


def test_a_swapped_pair_is_put_back_when_the_document_holds_the_word():
    known = vocabulary(DOCUMENT)
    assert repair("الخصائص الديمغرافية واالقتصادية", known) == DOCUMENT[0]
    assert repair("وزارة اإلعالم", known) == "وزارة الإعلام"  # لإ and لا in one word
    assert repair("األمــم", vocabulary(["الأمم"])) == "الأمم"  # tatweel set differently


def test_a_word_the_document_holds_as_it_is_or_not_at_all_is_left_alone():
    known = vocabulary(DOCUMENT)
    assert repair("سالم سلام", known) == "سالم سلام"  # both words are the document's
    assert repair("االمجهول", known) == "االمجهول"  # no reading of it is in the document
    assert repair("واالقتصادية", set()) == "واالقتصادية"  # nothing to go by: as read
    assert repair("English text", known) == "English text"
