"""The search contract: the same assertions against every engine (the database's own full-text
search, FTS5 on SQLite or PostgreSQL's; Elasticsearch).

A read-only corpus is built once per engine through the real path (files read by the worker,
the index updated on commit); tests that change the archive build their own items.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Place, Source, Topic
from archive.public_cache import CACHE_ALIAS, content_version_forget
from tests.factories import make_file, make_item, make_pdf
from tests.search.conftest import ENGINES, engine_settings

FILLER = 25  # items sharing one summary word, for pagination


def _build_corpus(index) -> dict:
    ngo = Source.objects.create(name="Watch Group", source_type="ngo")
    paper = Source.objects.create(name="Daily Example", source_type="news_outlet")
    secret = Source.objects.create(name="Sealed Source", source_type="individual")
    surveillance = Topic.objects.create(name="Surveillance")
    detention = Topic.objects.create(name="Detention")
    hidden_place = Place.objects.create(name="Hidden Valley")
    north = Place.objects.create(name="Northern Province")

    def item(title, pages, **fields):
        topics = fields.pop("topics", [])
        places = fields.pop("places", [])
        files = [make_file(f"{title[:20]}.pdf", make_pdf(pages))] if pages else []
        page = make_item(index, title=title, files=files, **fields)
        if topics or places:
            page.topics.set(topics)
            page.places.set(places)
            page.save_revision().publish()
        return page

    items = {
        "lantern": item(
            "Visit notes",
            [
                "Introduction to the visits.",
                "The granite lantern stood beside the door of the monastery.",
                "Cameras <b>everywhere</b> & more cameras in the courtyard.",
            ],
            kind="report",
            source=ngo,
            language="en",  # too little text on its pages to detect it
            topics=[surveillance],
            places=[north],
            published_on=dt.date(2021, 3, 1),
            date_precision="month",
        ),
        "apart": item(
            "Second account",
            [
                "The walls were granite, grey and cold, and many years old, and beyond the"
                " yard and the kitchen there was, in the far corner, a lantern.",
                "Later they spoke about the cameras.",
            ],
            kind="testimony",
            source=ngo,
            language="en",
            topics=[detention],
            places=[north],
            published_on=dt.date(2022, 6, 10),
        ),
        "french": item(
            "Article du journal",
            ["Les caméras du monastère envoient des images.", "Deuxième page sans rapport."],
            kind="news_article",
            source=paper,
            language="fr",
            published_on=dt.date(2023, 1, 15),
        ),
        "heron_title": item(
            "Heron report",
            [],
            kind="photo",
            summary="A photograph taken at the gate.",
            published_on=dt.date(2020, 5, 5),
            date_precision="year",
        ),
        "heron_body": item(
            "Long survey",
            ["Nothing here.", "Nothing here either.", "Still nothing.", "A heron flew over."],
            kind="dataset",
            published_on=dt.date(2019, 1, 1),
        ),
        "metadata_only": item(
            "Company filing",
            [],
            kind="corporate_filing",
            summary="Mentions an interrogation chair.",
            authors="Jane Quillfeather",
            source=paper,
        ),
        "restricted": item(
            "Sealed testimony zebrafinch",
            ["The monastery cameras zebrafinch granite lantern."],
            kind="testimony",
            access_level="restricted",
            source=secret,
            places=[hidden_place],
        ),
    }
    items["draft"] = make_item(
        index,
        title="Draft zebrafinch",
        files=[make_file("draft.pdf", make_pdf(["monastery zebrafinch draft"]))],
        kind="statement",
        publish=False,
    )
    for n in range(FILLER):
        make_item(
            index,
            title=f"Filler {n:02d}",
            summary="paginationword",
            kind="other",
            published_on=dt.date(2000 + n, 1, 1),
        )
    return items


@pytest.fixture(scope="module", params=ENGINES)
def corpus(request, django_db_setup, django_db_blocker):
    from archive.services.worker import run_queued_tasks
    from tests.conftest import build_site_tree

    with django_db_blocker.unblock(), engine_settings(request.param):
        try:
            index = build_site_tree()["index"]
            items = _build_corpus(index)
            run_queued_tasks()
            yield items
        finally:
            # Outside any test's transaction: empty what it built, then give back what the
            # migrations made (root, locale, collection, a site, Wagtail's groups), which the
            # database tests run after this module expect to find.
            call_command("flush", interactive=False, verbosity=0)
            build_site_tree()


pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get("/api/v1/search/", params)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def marked_words(snippet: str) -> set[str]:
    """Words inside <mark>; engines differ only in marking a phrase as one span or per word."""
    return {w.lower() for span in re.findall(r"<mark>(.*?)</mark>", snippet) for w in span.split()}


def refs(data) -> list[str]:
    return [r["reference"] for r in data["results"]]


# --- ranking, pages, snippets ---------------------------------------------------------------


def test_phrase_beats_words_apart(client, corpus):
    data = search(client, q="granite lantern")
    assert refs(data)[:2] == [corpus["lantern"].reference, corpus["apart"].reference]


def test_title_match_ranks_above_a_passing_mention(client, corpus):
    data = search(client, q="heron")
    assert refs(data) == [corpus["heron_title"].reference, corpus["heron_body"].reference]


def test_hits_name_their_page_and_link_to_its_anchor(client, corpus):
    data = search(client, q='"granite lantern"')
    [result] = data["results"]
    assert result["reference"] == corpus["lantern"].reference
    [match] = result["matches"]
    assert match["page"] == 2
    assert match["url"].endswith(f"/evidence/{corpus['lantern'].reference}/#page-2")
    assert marked_words(match["snippet"]) == {"granite", "lantern"}


def test_snippets_are_escaped_except_for_the_marks(client, corpus):
    data = search(client, q="courtyard")
    snippet = data["results"][0]["matches"][0]["snippet"]
    assert "<b>" not in snippet and "&lt;b&gt;" in snippet
    assert marked_words(snippet) == {"courtyard"}


def test_metadata_only_matches_count(client, corpus):
    for query in ("interrogation", "Quillfeather", "Daily Example company"):
        assert corpus["metadata_only"].reference in refs(search(client, q=query)), query
    assert search(client, q="interrogation")["results"][0]["matches"] == []


def test_stemming_and_diacritics(client, corpus):
    assert corpus["lantern"].reference in refs(search(client, q="camera"))
    assert corpus["french"].reference in refs(search(client, q="cameras monastere"))


# --- syntax ---------------------------------------------------------------------------------


def test_excluded_words_and_or(client, corpus):
    with_monastery = set(refs(search(client, q="cameras")))
    without = set(refs(search(client, q="cameras -monastery")))
    assert corpus["lantern"].reference in with_monastery - without
    assert corpus["apart"].reference in without
    either = set(refs(search(client, q="heron OR interrogation")))
    assert either == {
        corpus["heron_title"].reference,
        corpus["heron_body"].reference,
        corpus["metadata_only"].reference,
    }


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced quote',
        "OR OR AND -",
        "title:(foo) AND bar~2 ^3 {x TO y} [a TO b] /regex/ \\ + ! && || * ?",
        "x" * 60000,
        "\x00\x01\x1b[31m\u202ecameras",
        "日本語のテキスト 🚀 العربية",
        "-cameras",
        "''",
        "%",
        '"" "" ""',
    ],
)
def test_malformed_queries_are_answered(client, corpus, query):
    for url in ("/api/v1/search/", "/search/"):
        response = client.get(url, {"q": query})
        assert response.status_code == 200, (url, query[:40])
    data = search(client, q=query)
    assert isinstance(data["count"], int)


# --- filters, facets, sort, pagination ------------------------------------------------------


def test_filters_by_each_facet_and_date(client, corpus):
    assert refs(search(client, q="cameras", kind="testimony")) == [corpus["apart"].reference]
    assert refs(search(client, q="cameras", language="fr")) == [corpus["french"].reference]
    assert set(refs(search(client, q="cameras", source="watch-group"))) == {
        corpus["lantern"].reference,
        corpus["apart"].reference,
    }
    assert refs(search(client, q="cameras", topic="detention")) == [corpus["apart"].reference]
    assert set(refs(search(client, q="cameras", place="northern-province"))) == {
        corpus["lantern"].reference,
        corpus["apart"].reference,
    }
    dated = search(client, q="cameras", **{"from": "2022", "to": "2023-01"})
    assert set(refs(dated)) == {corpus["apart"].reference, corpus["french"].reference}


def test_facets_count_items_and_respect_the_other_filters(client, corpus):
    data = search(client, q="cameras")
    assert data["facets"]["kind"] == {"report": 1, "testimony": 1, "news_article": 1}
    assert data["facets"]["source"] == {"watch-group": 2, "daily-example": 1}
    assert data["facets"]["language"] == {"en": 2, "fr": 1}
    narrowed = search(client, q="cameras", kind="testimony")
    assert narrowed["count"] == 1
    # Its own facet still offers the alternatives; the others count within the filter.
    assert narrowed["facets"]["kind"] == {"report": 1, "testimony": 1, "news_article": 1}
    assert narrowed["facets"]["source"] == {"watch-group": 1}
    assert narrowed["facets"]["topic"] == {"detention": 1}


def test_sort_by_date_and_pagination(client, corpus):
    newest = search(client, q="paginationword", sort="newest")
    assert newest["count"] == FILLER and newest["pages"] == 2
    assert [r["title"] for r in newest["results"][:2]] == ["Filler 24", "Filler 23"]
    oldest = search(client, q="paginationword", sort="oldest")
    assert oldest["results"][0]["title"] == "Filler 00"
    second = search(client, q="paginationword", sort="oldest", page=2)
    assert [r["title"] for r in second["results"]] == [f"Filler {n}" for n in range(20, 25)]
    assert search(client, q="paginationword", page=999)["results"] == []
    assert search(client, q="paginationword", page="nonsense")["page"] == 1


# --- restricted and unpublished evidence ----------------------------------------------------


def test_restricted_and_unpublished_evidence_never_appear(client, corpus):
    assert search(client, q="zebrafinch")["count"] == 0
    data = search(client, q="monastery")
    assert corpus["restricted"].reference not in refs(data)
    assert corpus["draft"].reference not in refs(data)
    assert "sealed-source" not in data["facets"]["source"]
    assert "hidden-valley" not in data["facets"]["place"]
    assert "statement" not in data["facets"]["kind"]
    html = client.get("/search/", {"q": "zebrafinch granite"}).content.decode()
    assert "Sealed" not in html and "Hidden Valley" not in html


def test_search_page_renders_results_facets_and_page_links(client, corpus):
    html = client.get("/search/", {"q": "granite lantern"}).content.decode()
    # A hit's link carries the query, so the evidence page marks its words.
    assert f'href="/evidence/{corpus["lantern"].reference}/?q=granite%20lantern#page-2"' in html
    assert "<mark>granite" in html
    assert 'name="kind" value="report"' in html
    # Each engine gives back the item's language and date: lang= on its title, the date in the
    # page's language at the item's precision (month).
    assert '<h3 lang="en" dir="auto">' in html
    assert '<time datetime="2021-03-01">March 2021</time>' in html
    chinese = client.get("/zh-hans/search/", {"q": "caméras monastère"}).content.decode()
    french = corpus["french"].reference
    assert f'<h3 lang="fr" dir="auto"><a href="/zh-hans/evidence/{french}/">' in chinese


def test_result_page_queries_do_not_grow_with_results(client, corpus):
    def queries_for(**params) -> int:
        caches[CACHE_ALIAS].clear()  # the queries of a search, not of a kept response
        content_version_forget()  # each counted with the token read, not only the first
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/search/", params).status_code == 200
        return len(captured)

    # One result or three, each with a source, topic and place to label: the same queries.
    assert queries_for(q="courtyard") == queries_for(q="cameras")
    assert queries_for(q="paginationword") <= queries_for(q="cameras")


# --- results you can scan (issue 15, item 3) ------------------------------------------------


def test_search_within_one_item(client, corpus):
    lantern = corpus["lantern"].reference
    assert set(refs(search(client, q="granite"))) > {lantern}
    within = search(client, q="granite", within=lantern)
    assert refs(within) == [lantern] and within["count"] == 1
    assert within["facets"]["kind"] == {"report": 1}
    assert search(client, q="heron", within=lantern)["count"] == 0
    # A restricted or unknown item is searched as nothing, never as the whole archive, and
    # answers the same words either way.
    for reference in (corpus["restricted"].reference, "EA-0000-9999"):
        hidden = search(client, q="zebrafinch granite", within=reference)
        assert hidden["count"] == 0
        assert hidden["messages"] == [f"No public item has the reference “{reference}”."]


def test_years_count_what_choosing_each_would_give(client, corpus):
    assert search(client, q="cameras")["years"] == {"2023": 1, "2022": 1, "2021": 1}
    # The other filters narrow the years; the dates do not (choosing a year replaces them).
    assert search(client, q="cameras", source="watch-group")["years"] == {"2022": 1, "2021": 1}
    assert search(client, q="cameras", **{"from": "2023", "to": "2023"})["years"] == {
        "2023": 1,
        "2022": 1,
        "2021": 1,
    }
    assert search(client, q="quillfeather")["years"] == {}  # undated items are not counted


def test_results_page_lets_a_reader_scan_and_narrow(client, corpus):
    lantern = corpus["lantern"]
    html = client.get("/search/", {"q": "granite lantern", "kind": "report"}).content.decode()
    assert "Report" in html and " · report" not in html  # the kind's label, not its slug
    assert 'href="?q=granite+lantern"' in html  # the kind filter removed alone
    assert f'href="?q=granite+lantern&amp;within={lantern.reference}"' in html
    assert 'href="?q=granite+lantern&amp;kind=report&amp;from=2021&amp;to=2021"' in html
    # The best page's thumbnail, at its size, lazily, through the access check.
    evidence_file = lantern.files[0]
    src = f"/files/{evidence_file.pk}/pages/160/2.webp"
    tag = re.search(rf'<img class="result-thumbnail" src="{src}"[^>]*>', html)
    assert tag, html
    width, height = map(int, re.search(r'width="(\d+)" height="(\d+)"', tag.group()).groups())
    assert width == 160 and height > 160 and 'loading="lazy"' in tag.group()
    assert 'alt="Page 2 as printed"' in tag.group()
    image = client.get(src)
    assert image.status_code == 200 and image["Content-Type"] == "image/webp"


def test_a_filter_matching_nothing_stays_visible_and_suggestions_follow(client, corpus):
    html = client.get(
        "/search/", {"q": '"granite lantern"', "kind": "photo", "source": "nowhere"}
    ).content.decode()
    assert "0 items" in html
    assert 'name="kind" value="photo" checked> Photo <span class="count">(0)</span>' in html
    assert 'value="nowhere" checked> nowhere <span class="count">(0)</span>' in html
    assert 'href="?q=%22granite+lantern%22&amp;source=nowhere">Kind: Photo' in html
    assert 'href="?q=%22granite+lantern%22">Search without the filters</a>' in html
    assert "Search granite lantern without quotes</a>" in html
    within = client.get(
        "/search/", {"q": "heron", "within": corpus["lantern"].reference}
    ).content.decode()
    assert 'href="?q=heron">Search the whole archive</a>' in within
    assert f'name="within" value="{corpus["lantern"].reference}"' in within
