"""Recall per language on every engine: issue 12's targets (≥ 95 %, no wrong item, cross-script
100 %, the right page first).

    .venv/bin/python bench/languages.py [--engines database,elasticsearch] [--copies 4]
                                        [--segmenters]

For each language, words a reader searches for are planted, in the forms the reader expects
them found in (Traditional for a Simplified word and back, a Tibetan word with its case affixes,
an Arabic word with harakat, tatweel or another alef, an English word inflected), inside filler
sentences of the same language, on the second of three pages of `--copies` items per form.
Decoy items hold what must not match (the word's characters or syllables apart, Uyghur's ي for
ى, བྱེད for བོད). Filler never holds a query word: checked before indexing. Each word is then
searched for; an item found that was not planted with it is wrong. "Cross-script" counts the
Simplified queries' Traditional items and the Traditional queries' Simplified ones.

Elasticsearch runs when ELASTICSEARCH_URL is set; with BENCH_DATABASE_URL=postgres://... the
database engine is PostgreSQL's. `--segmenters` also compares, on the Chinese items, the
cjk_bigram analysis with jieba's word segmentation (when installed): recall of the same queries
over an in-memory phrase index, and how many terms each indexes (docs/decisions/0011).
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.scratch import scratch_django  # noqa: E402

# language -> [(query, [forms a reader expects found], [decoy texts that must not match])].
# Simplified and Traditional share their words: each query is searched in both forms.
CHINESE = [
    ("人权", "人權", ["每个人都有选择的权利"]),
    ("人脸识别", "人臉識別", ["识字的人很多，脸上有笑，区别不大"]),
    ("监控", "監控", ["监狱里的人被控告"]),
    ("采购", "採購", ["采集的数据用于购买"]),
    ("招标", "招標", ["他招手示意，目标明确"]),
    ("拘留", "拘留", ["拘束的生活留下了记忆"]),
    ("宗教", "宗教", ["宗族的老人教孩子"]),
    ("学校", "學校", ["学习的时间在校外"]),
    ("警察", "警察", ["警告之后观察"]),
    ("新疆", "新疆", ["新的疆域"]),
    ("西藏", "西藏", ["西边的山里藏着水"]),
    ("再教育", "再教育", ["再来一次，教他育苗"]),
    ("维吾尔族", "維吾爾族", ["维持秩序，吾辈尔等"]),
    ("国家安全", "國家安全", ["国内的家庭很安全"]),
    ("社会稳定", "社會穩定", ["社区会议，稳步决定"]),
    ("职业技能", "職業技能", ["职工的业余技术能力"]),
]
# Parts of the words above, searched for too: found inside the longer word.
CHINESE_PARTS = [
    ("识别", "識別"),
    ("安全", "安全"),
    ("稳定", "穩定"),
    ("教育", "教育"),
    ("维吾尔", "維吾爾"),
]
ZH_FILLER_HANS = [
    "这份报告介绍了城市的交通情况",
    "去年的天气比往年更加干燥",
    "村里的道路在春天修好了",
    "他们在市场上卖蔬菜和水果",
    "这座桥是很多年前建造的",
    "文件的第二部分说明了经费来源",
]
ZH_FILLER_HANT = [
    "這份報告介紹了城市的交通情況",
    "去年的天氣比往年更加乾燥",
    "村裡的道路在春天修好了",
    "他們在市場上賣蔬菜和水果",
    "這座橋是很多年前建造的",
]
JAPANESE = [
    ("図書館", ["図書館"], ["図面と書類を館内で見た"]),
    ("監視カメラ", ["監視カメラ"], ["監督はカメラを視察した"]),
    ("住民", ["住民"], ["住所と国民の番号"]),
    ("収容所", ["収容所"], ["収入の内容と場所"]),
    ("強制労働", ["強制労働"], ["強い制度と労力の働き"]),
]
JA_FILLER = [
    "東京の天気は晴れでした",
    "新しい展示が始まりました",
    "会議は午後三時に終わった",
    "駅の前に小さな店がある",
]
TIBETAN = [
    ("ལྷ་ས", ["ལྷ་ས", "ལྷ་སའི", "ལྷ་སར", "ལྷ་སས", "ལྷ་སའོ"], ["ལྷ་ཁང་གི་ས་ཆ་ཡག་པོ"]),
    ("དགོན་པ", ["དགོན་པ", "དགོན་པའི", "དགོན་པར", "དགོན་པས"], ["དགོན་གྱི་པ་ཏྲ"]),
    ("སློབ་གྲྭ", ["སློབ་གྲྭ", "སློབ་གྲྭའི", "སློབ་གྲྭར"], ["སློབ་སྦྱོང་གི་གྲྭ་ཚང"]),
    ("དཔང་པོ", ["དཔང་པོ", "དཔང་པོའི", "དཔང་པོས", "དཔང་པོའམ"], ["དཔང་རྟགས་ཀྱི་པོ་ཏི"]),
    ("བཙོན་པ", ["བཙོན་པ", "བཙོན་པའི", "བཙོན་པར"], ["བཙོན་ཁང་གི་པ་ཏྲ"]),
    ("ཨ་མ", ["ཨ་མ", "ཨ་མའི", "ཨ་མས", "ཨ་མར"], ["ཨ་ཕ་དང་མ་མོ"]),
    ("བོད", ["བོད"], ["ལས་ཀ་བྱེད་མཁན"]),
    ("རང་དབང", ["རང་དབང"], ["རང་གི་དབང་ཆ"]),
    ("སྲིད་གཞུང", ["སྲིད་གཞུང"], ["སྲིད་ཇུས་ཀྱི་གཞུང་ལམ"]),
    ("གྲྭ་པ", ["གྲྭ་པ", "གྲྭ་པའི", "གྲྭ་པས"], ["གྲྭ་ཚང་གི་པ་ལགས"]),
]
BO_FILLER = [
    "དེ་རིང་ཉི་མ་ཤར་བྱུང་།",
    "ཁོང་ཚོ་ཚོང་ར་ལ་ཕྱིན།",
    "ཆུ་ཆེན་པོ་ཞིག་ཡོད་རེད།",
    "ཞིང་ཁ་ནང་ལོ་ཏོག་ཡག་པོ་བྱུང་།",
]
UYGHUR = [
    ("ئۇيغۇر", ["ئۇيغۇر"], ["ئۇيقۇ غۇر"]),
    ("مەكتەپ", ["مەكتەپ"], ["مەكتۇپ"]),
    ("ساقچى", ["ساقچى"], ["ساقچي"]),  # ي for ى: another letter, another word
    ("لاگېر", ["لاگېر"], ["لاگىر"]),
    ("تۈرمە", ["تۈرمە"], ["تۇرما"]),
    ("گۇۋاھچى", ["گۇۋاھچى"], ["گۇۋاھچي"]),
    ("ئوقۇغۇچى", ["ئوقۇغۇچى"], ["ئوقۇغۇچي"]),
    ("كىتاب", ["كىتاب"], ["كيتاب"]),
    ("ھۆكۈمەت", ["ھۆكۈمەت"], ["ھۆكۈم"]),
    ("يېزا", ["يېزا"], ["يازا"]),
]
UG_FILLER = [
    "بۈگۈن ھاۋا ناھايىتى ياخشى.",
    "ئۇلار بازارغا باردى.",
    "بۇ يىل يامغۇر كۆپ ياغدى.",
    "دەريانىڭ سۈيى سۈزۈك.",
]
ARABIC = [
    ("المدرسة", ["المدرسة", "المَدْرَسَة", "المدرســة"], ["المدرس"]),
    ("الإنسان", ["الإنسان", "الانسان", "الإنْسَان"], ["النسيان"]),
    ("أطفال", ["أطفال", "اطفال", "أَطْفَال"], ["طفل"]),
    ("الشرطة", ["الشرطة", "الشُّرْطَة", "الشرطـة"], ["الشرط"]),
    ("مدينة", ["مدينة", "مدينه", "مَدِينَة"], ["دين"]),
    ("شاهد", ["شاهد", "شَاهِد"], ["مشاهدة"]),
]
AR_FILLER = [
    "ذهب الرجل إلى السوق في الصباح.",
    "كان الطقس باردا في الشتاء.",
    "قرأ الكاتب رسالة طويلة.",
    "وصل القطار متأخرا.",
]
ENGLISH = [
    ("camera", ["camera", "cameras", "Camera"], ["came here"]),
    ("detention", ["detention", "Detention", "detentions"], ["retention"]),
    ("witness", ["witness", "witnesses", "WITNESS"], ["witty"]),
    ("surveillance", ["surveillance", "Surveillance"], ["survey"]),
    ("testimony", ["testimony", "testimonies"], ["test money"]),
    ("procurement", ["procurement", "Procurement"], ["procedure"]),
]
EN_FILLER = [
    "The committee met in the spring.",
    "Roads in the valley were repaired last year.",
    "The report describes the weather of the region.",
    "Farmers sold vegetables at the market.",
]


def cases() -> list[dict]:
    """Every query with its planted forms, decoys and filler: one row per (language, query)."""
    rows = []
    for hans, hant, decoys in CHINESE:
        rows.append(dict(lang="zh-Hans", q=hans, forms=[hans], cross=[hant], decoys=decoys))
        rows.append(dict(lang="zh-Hant", q=hant, forms=[hant], cross=[hans], decoys=decoys))
    for hans, hant in CHINESE_PARTS:
        rows.append(dict(lang="zh-Hans", q=hans, forms=[], cross=[hant], decoys=[]))
        rows.append(dict(lang="zh-Hant", q=hant, forms=[], cross=[hans], decoys=[]))
    simple = [
        ("ja", JAPANESE),
        ("bo", TIBETAN),
        ("ug", UYGHUR),
        ("ar", ARABIC),
        ("en", ENGLISH),
    ]
    for lang, words in simple:
        for q, forms, decoys in words:
            rows.append(dict(lang=lang, q=q, forms=forms, cross=[], decoys=decoys))
    return rows


FILLER = {
    "zh-Hans": (ZH_FILLER_HANS, "，", "。"),
    "zh-Hant": (ZH_FILLER_HANT, "，", "。"),
    "ja": (JA_FILLER, "、", "。"),
    "bo": (BO_FILLER, "་", "། "),
    "ug": (UG_FILLER, " ", " "),
    "ar": (AR_FILLER, " ", " "),
    "en": (EN_FILLER, " ", " "),
}


def _sentence(lang: str, n: int, word: str) -> str:
    """A filler sentence with the word inside it, between other words of the language."""
    filler, join, stop = FILLER[lang]
    first, second = filler[n % len(filler)], filler[(n + 1) % len(filler)]
    if lang == "bo":  # a Tibetan word stands between tshegs, its affix attached
        return f"{first.rstrip('།་ ')}་{word}་{second}"
    if lang in ("zh-Hans", "zh-Hant", "ja"):
        return f"{first}{join}{word}{second[:4]}{stop}{second}{stop}"
    return f"{first.rstrip('.')} {word} {second}"


def _filler_page(lang: str, n: int) -> str:
    filler, _, stop = FILLER[lang]
    return stop.join(filler[(n + k) % len(filler)] for k in range(3))


# (language, query, reference) -> the text the item's snippet must mark first.
MARKED: dict[tuple[str, str, str], str] = {}


def corpus(copies: int):
    """(documents, expected, cross): per (language, query), the references of the items a
    reader expects found, in the query's script and (Chinese) in the other one."""
    from search.engines.base import plain_item_document

    documents, expected, cross = [], defaultdict(set), defaultdict(set)
    MARKED.clear()
    n = 0
    for row in cases():
        lang = row["lang"]
        for form in row["forms"]:
            for _ in range(copies):
                n += 1
                reference = f"{lang}-{n}"
                pages = [_filler_page(lang, n), _sentence(lang, n, form), _filler_page(lang, n + 1)]
                documents.append(plain_item_document(n, reference, pages, language=lang))
                if not lang.startswith("zh"):
                    expected[(lang, row["q"])].add(reference)
                    MARKED[(lang, row["q"], reference)] = form
        for decoy in row["decoys"]:
            n += 1
            pages = [_filler_page(lang, n), _sentence(lang, n, decoy)]
            documents.append(plain_item_document(n, f"decoy-{n}", pages, language=lang))
    _chinese_truth(documents, expected, cross)
    return documents, expected, cross


def _chinese_truth(documents, expected, cross) -> None:
    """A Chinese reader expects every text holding the word found, in either script, a part
    of a longer word too (识别 in 人脸识别): the truth is the word in the text, both folded to
    Simplified (filler holds no query word: check_filler)."""
    import opencc

    t2s = opencc.OpenCC("t2s")
    chinese = [d for d in documents if d.language.startswith("zh")]
    for row in cases():
        if not row["lang"].startswith("zh"):
            continue
        lang, q = row["lang"], row["q"]
        folded = t2s.convert(q)
        for d in chinese:
            text = d.pages[1].text
            at = t2s.convert(text).find(folded)
            if at < 0:
                continue
            (expected if d.language == lang else cross)[(lang, q)].add(d.reference)
            MARKED[(lang, q, d.reference)] = text[at : at + len(q)]


def check_filler() -> None:
    """No filler sentence may hold a query word in any of its forms (else recall lies)."""
    import opencc

    t2s = opencc.OpenCC("t2s")
    for row in cases():
        texts = FILLER[row["lang"]][0] + (
            FILLER["zh-Hant" if row["lang"] == "zh-Hans" else "zh-Hans"][0] if row["cross"] else []
        )
        for text in texts:
            for form in row["forms"] + row["cross"]:
                folded = t2s.convert(form).lower()
                if folded in t2s.convert(text).lower():
                    raise SystemExit(f"filler {text!r} holds {form!r}: change it")


def measure(engine, expected, cross, page_size: int = 200) -> dict:
    """Per language: planted items found, wrong items, cross-script found, right page first."""
    from search.engines.base import SearchRequest
    from search.query import parse_query

    totals: dict = defaultdict(lambda: defaultdict(int))
    misses = []
    for (lang, q), planted in expected.items():
        other = cross.get((lang, q), set())
        response = engine.search(SearchRequest(parse_query(q), page_size=page_size))
        found = {r.reference: r for r in response.results}
        t = totals[lang]
        t["expected"] += len(planted)
        t["found"] += len(planted & found.keys())
        t["cross_expected"] += len(other)
        t["cross_found"] += len(other & found.keys())
        wrong = found.keys() - planted - other
        t["wrong"] += len(wrong)
        for reference in (planted | other) & found.keys():
            matches = found[reference].matches
            t["page_right"] += bool(matches) and matches[0].page == 2
            marks = re.findall(r"<mark>(.*?)</mark>", matches[0].snippet) if matches else []
            t["marked"] += [html.unescape(m) for m in marks[:1]] == [MARKED[(lang, q, reference)]]
        if wrong or (planted | other) - found.keys():
            misses.append(
                (lang, q, sorted((planted | other) - found.keys())[:3], sorted(wrong)[:3])
            )
    return {"totals": totals, "misses": misses}


def report(name: str, result: dict) -> None:
    print(f"\n{name}")
    print("| language | recall | cross-script | wrong items | right page first | word marked |")
    print("| --- | --- | --- | --- | --- | --- |")
    for lang, t in sorted(result["totals"].items()):
        got = t["found"] + t["cross_found"]
        crossed, of = t["cross_found"], t["cross_expected"]
        cross = f"{crossed}/{of} ({crossed / of:.0%})" if of else "–"
        print(
            f"| {lang} | {t['found']}/{t['expected']} ({t['found'] / t['expected']:.1%}) | {cross}"
            f" | {t['wrong']} | {t['page_right']}/{got} | {t['marked']}/{got} |"
        )
    for lang, q, missed, wrong in result["misses"]:
        print(f"  {lang} {q}: missed {missed} wrong {wrong}")


def compare_segmenters(documents, expected, cross) -> None:
    """Bigrams against jieba on the Chinese items: recall of the same queries, terms indexed."""
    try:
        import jieba
    except ImportError:
        print("\nsegmenters: jieba is not installed (pip install jieba==0.42.1) – skipped")
        return
    import opencc

    from search.analysis import index_text

    jieba.setLogLevel(60)
    t2s = opencc.OpenCC("t2s")
    chinese = [d for d in documents if d.language in ("zh-Hans", "zh-Hant")]

    def jieba_terms(text: str) -> list[str]:
        return [w for w in jieba.cut(t2s.convert(text)) if w.strip() and w.isalnum()]

    analyses = {"cjk_bigram": lambda text: index_text(text).split(), "jieba": jieba_terms}
    rows = [r for r in cases() if r["lang"] in ("zh-Hans", "zh-Hant")]
    print("\n| analysis | recall (with cross-script) | wrong items | terms indexed | distinct |")
    print("| --- | --- | --- | --- | --- |")
    for name, analyse in analyses.items():
        pages = {d.reference: [analyse(p.text) for p in d.pages] for d in chinese}
        terms = [t for texts in pages.values() for page in texts for t in page]
        found = wrong = total = 0
        for row in rows:
            query = analyse(row["q"])
            key = (row["lang"], row["q"])
            planted = expected.get(key, set()) | cross.get(key, set())
            hits = {
                ref
                for ref, texts in pages.items()
                if any(
                    page[i : i + len(query)] == query
                    for page in texts
                    for i in range(len(page) - len(query) + 1)
                )
            }
            total += len(planted)
            found += len(planted & hits)
            wrong += len(hits - planted)
        print(
            f"| {name} | {found}/{total} ({found / total:.1%}) | {wrong} | {len(terms)}"
            f" | {len(set(terms))} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engines", default="database,elasticsearch")
    parser.add_argument("--copies", type=int, default=4, help="items per planted form")
    parser.add_argument("--segmenters", action="store_true")
    args = parser.parse_args()

    check_filler()
    es_url = os.environ.pop("ELASTICSEARCH_URL", "")
    scratch_django("bench-languages-")
    from django.core.management import call_command

    from bench.engines import bench_engines

    call_command("migrate", "evidence_search", verbosity=0)
    documents, expected, cross = corpus(args.copies)
    print(
        f"{len(documents)} items, {sum(map(len, expected.values()))} planted"
        f" + {sum(map(len, cross.values()))} cross-script, {len(expected)} queries"
    )
    for engine in bench_engines(args.engines, es_url, "bench-languages"):
        engine.rebuild(documents)
        report(engine.name, measure(engine, expected, cross))
    if args.segmenters:
        compare_segmenters(documents, expected, cross)


if __name__ == "__main__":
    main()
