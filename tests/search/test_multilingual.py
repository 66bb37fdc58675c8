"""The search contract in the campaign's languages, against every engine: Simplified and
Traditional Chinese, Japanese, Tibetan, Uyghur, Arabic and English.

Items are indexed as ItemDocuments straight into each engine (the real FTS5, PostgreSQL or
Elasticsearch), so each assertion is about the analysis and the engine alone; the texts are
short sentences written for these tests. For every query: exactly the expected items (no wrong
ones), the page that holds the word shown first, and the marks around the word as it stands in
the page's own text.
"""

from __future__ import annotations

import re

import pytest

from search.engines.base import SearchRequest, plain_item_document
from search.query import parse_query
from tests.search.conftest import ENGINES, indexed_into

pytestmark = pytest.mark.django_db

PAGES = {
    "zh_hans": [
        "这份报告介绍了城市的交通情况。",
        "市政府去年采购了人脸识别系统，用于监控车站和广场。",
        "居民对人权和隐私表示担忧。",
    ],
    "zh_hant": [
        "本文件記錄了學校一年的活動。",
        "警方在車站安裝了人臉識別攝像頭，居民感到不安。",
    ],
    # 人 and 权, 识 and 别 stand here, but never side by side as 人权 or 识别.
    "zh_decoy": [
        "每个人都有选择的权利。",
        "识字的人很多，区别不大。",
    ],
    # A PDF's text layer often spaces CJK characters out; the reader sees 中文姓名.
    "zh_spaced": ["申请表\n中 文 姓 名：\n出 生 日 期："],
    "ja": [
        "東京の図書館で新しい展示が始まりました。",
        "住民は駅前の監視カメラの設置について話し合った。",
    ],
    "bo_affixed": [
        "དེ་རིང་ཉི་མ་ཤར་བྱུང་།",
        "ང་ཚོ་ལྷ་སའི་དགོན་པའི་ནང་ལ་ཕྱིན།",
    ],
    "bo_plain": [
        "ལྷ་ས་ནི་གྲོང་ཁྱེར་ཆེན་པོ་ཞིག་རེད།",
        "དེར་དགོན་པ་རྙིང་པ་ཞིག་ཡོད།",
    ],
    "bo_dative": ["ཁོ་ལྷ་སར་སློབ་སྦྱོང་ལ་སོང་།"],
    # བྱེད ("to do") and ལྷ … ས apart: nothing here is བོད, ལྷ་ས or དགོན་པ.
    "bo_decoy": [
        "ལས་ཀ་བྱེད་མཁན་མང་པོ་ཡོད།",
        "ལྷ་ཁང་གི་ས་ཆ་ཡག་པོ་རེད།",
    ],
    "bo_tibet": ["བོད་ཀྱི་ལོ་རྒྱུས་དཔེ་ཆ་ཞིག"],
    "ug": [
        "بۈگۈن ھاۋا ناھايىتى ياخشى.",
        "مەكتەپتىكى ئوقۇغۇچىلار كىتاب ئوقۇدى.",
    ],
    # ي where Uyghur writes ى: a different letter, so a different word.
    "ug_decoy": ["بۇ كيتاب ئەمەس."],
    "ar": [
        "ذهب الطلاب إلى المدرسة في الصباح.",
        "قرأ الطالب كتابًا عن تاريخ المدينة.",
    ],
    "en": [
        "The committee met in the spring.",
        "The committee reviewed the surveillance cameras installed near the school.",
    ],
}
LANGUAGES = {"zh_hans": "zh", "zh_hant": "zh", "zh_decoy": "zh", "zh_spaced": "zh", "ja": "ja"}


def _document(n: int, key: str):
    return plain_item_document(n, key, PAGES[key], language=LANGUAGES.get(key, key.split("_")[0]))


@pytest.fixture(scope="module", params=ENGINES)
def indexed(request, django_db_setup, django_db_blocker):
    documents = (_document(n, key) for n, key in enumerate(PAGES, start=1))
    with django_db_blocker.unblock(), indexed_into(request.param, documents) as engine:
        yield engine


def found(engine, query: str) -> dict[str, tuple[int, str]]:
    """Items found: reference -> (the page shown first, the text marked in its snippet)."""
    response = engine.search(SearchRequest(parse_query(query)))
    assert response.count == len(response.results)
    return {
        r.reference: (
            r.matches[0].page if r.matches else 0,
            "|".join(re.findall(r"<mark>(.*?)</mark>", r.matches[0].snippet)) if r.matches else "",
        )
        for r in response.results
    }


# query -> {item: (the page shown first, the marked text)}; nothing else may be found.
CASES = {
    # Chinese: two- and four-character words inside sentences, phrases, across the scripts.
    "人权": {"zh_hans": (3, "人权")},
    "人脸识别": {"zh_hans": (2, "人脸识别"), "zh_hant": (2, "人臉識別")},
    "人臉識別": {"zh_hans": (2, "人脸识别"), "zh_hant": (2, "人臉識別")},
    "识别": {"zh_hans": (2, "识别"), "zh_hant": (2, "識別")},
    "車站": {"zh_hans": (2, "车站"), "zh_hant": (2, "車站")},
    '"采购了人脸识别系统"': {"zh_hans": (2, "采购了人脸识别系统")},
    "人权 隐私": {"zh_hans": (3, "人权|隐私")},
    "中文姓名": {"zh_spaced": (1, "中 文 姓 名")},
    "中 文 姓 名": {"zh_spaced": (1, "中 文 姓 名")},
    # Japanese: kanji, katakana and the two together.
    "図書館": {"ja": (1, "図書館")},
    "監視カメラ": {"ja": (2, "監視カメラ")},
    "カメラ": {"ja": (2, "カメラ")},
    # Tibetan: marks kept (བོད is not བྱེད), words of several syllables and their affixed forms.
    "བོད": {"bo_tibet": (1, "བོད")},
    "བྱེད": {"bo_decoy": (1, "བྱེད")},
    "ལྷ་ས": {
        "bo_affixed": (2, "ལྷ་སའི"),
        "bo_plain": (1, "ལྷ་ས"),
        "bo_dative": (1, "ལྷ་སར"),
    },
    "ལྷ་སའི": {
        "bo_affixed": (2, "ལྷ་སའི"),
        "bo_plain": (1, "ལྷ་ས"),
        "bo_dative": (1, "ལྷ་སར"),
    },
    "ལྷ་སར": {
        "bo_affixed": (2, "ལྷ་སའི"),
        "bo_plain": (1, "ལྷ་ས"),
        "bo_dative": (1, "ལྷ་སར"),
    },
    "དགོན་པ": {"bo_affixed": (2, "དགོན་པའི"), "bo_plain": (2, "དགོན་པ")},
    "དགོན་པའི": {"bo_affixed": (2, "དགོན་པའི"), "bo_plain": (2, "དགོན་པ")},
    '"ལྷ་སའི་དགོན་པ"': {"bo_affixed": (2, "ལྷ་སའི་དགོན་པའི")},
    # Uyghur: whole words; ى and ي stay different letters.
    "ئوقۇغۇچىلار": {"ug": (2, "ئوقۇغۇچىلار")},
    "كىتاب": {"ug": (2, "كىتاب")},
    "كيتاب": {"ug_decoy": (1, "كيتاب")},
    '"ھاۋا ناھايىتى"': {"ug": (1, "ھاۋا ناھايىتى")},
    # Arabic: hamza forms of alef, harakat, tanwin and tatweel do not matter.
    "المدرسة": {"ar": (1, "المدرسة")},
    "المَدْرَسَة": {"ar": (1, "المدرسة")},
    "المدرســة": {"ar": (1, "المدرسة")},
    "الى": {"ar": (1, "إلى")},
    "كتابا": {"ar": (2, "كتابًا")},
    '"تاريخ المدينة"': {"ar": (2, "تاريخ المدينة")},
    # English as before: stemming, phrases.
    "camera surveillance": {"en": (2, "surveillance|cameras")},
    '"surveillance cameras"': {"en": (2, "surveillance cameras")},
}


@pytest.mark.parametrize("query", list(CASES))
def test_words_are_found_on_their_page_and_marked(indexed, query):
    assert found(indexed, query) == CASES[query]


def test_every_word_in_the_item_on_different_pages(indexed):
    [(page, marked)] = found(indexed, "交通 人脸识别").values()
    assert (page, marked) in ((1, "交通"), (2, "人脸识别"))


def test_excluded_words_in_other_scripts(indexed):
    assert set(found(indexed, "ལྷ་ས -དགོན་པ")) == {"bo_dative"}
    assert set(found(indexed, "人脸识别 -學校")) == {"zh_hans"}
    assert set(found(indexed, "كىتاب OR المدرسة")) == {"ug", "ar"}


def test_the_query_is_shown_back_as_written():
    assert parse_query("བོད").normalized == "བོད"
    assert parse_query("ལྷ་སའི -བྱེད").normalized == "ལྷ་སའི -བྱེད"
    assert parse_query("人臉識別").normalized == "人臉識別"
    assert parse_query("中 文 姓 名").normalized == "中文姓名"
    assert parse_query("المَدْرَسَة").normalized == "المَدْرَسَة"
