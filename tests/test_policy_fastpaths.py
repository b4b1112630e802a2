"""The policy reader's whole-document shortcuts read what the per-match and per-row paths
read: TermPattern.offsets (all matches collected by `re`, sorted together) against the
merge in TermPattern.finditer, the word index's two finders, Markdown cells taken as they
are when the text has no mark to clean, and the category and SDK-table lookups skipped
once nothing can be added (a later row naming a new category still counts)."""

from __future__ import annotations

import random

import pytest

from auditor.policy import lexicon as lexmod
from auditor.policy import read_policy
from auditor.policy.extract import sdk_index
from auditor.policy.lexicon import TermPattern, lexicon
from auditor.policy.text import _clean, _strip_md, read_document

EN = ("We collect your precise location, device ID and SMS messages when you use the app. "
      "Our SDK partners (Firebase Analytics, AppsFlyer) may read the advertising identifier; "
      "we do not access your contacts. Permissions: Camera - to scan receipts.\n")
ZH = ("我们会收集您的位置信息、设备标识符、IP地址、MAC地址和SMS消息，极光推送SDK会读取设备信息，"
      "我们不会访问您的通讯录。相机权限：用于扫码。")


def _patterns() -> list[tuple[str, TermPattern]]:
    lx, idx = lexicon(), sdk_index()
    out = [(k, v) for k, v in vars(lx).items() if isinstance(v, TermPattern)]
    out += [(f"{k}.{c}", p) for k, v in vars(lx).items() if isinstance(v, dict)
            for c, p in v.items() if isinstance(p, TermPattern)]
    out += [(k, getattr(idx, k)) for k in ("alias_re", "strict_re", "vendor_re") if getattr(idx, k) is not None]
    return out


def _texts() -> list[str]:
    rnd = random.Random(7)
    words = (EN + ZH).replace("\n", " ").split(" ") + ["SMS消息", "sms", "xsdk", "sdkx", "_sdk", "MAC地址", "ıp"]
    noise = " ".join(rnd.choice(words) for _ in range(6000))  # over the anchored-match threshold
    return [EN, ZH, EN * 300, ZH * 400, noise, noise.upper(), "SMS消息 and sms消息 " * 2000]


@pytest.mark.parametrize("text", range(7))
def test_offsets_are_the_spans_finditer_yields(text):
    t = _texts()[text]
    lexmod._token_cache = ()
    for name, p in _patterns():
        starts, ends = p.offsets(t)
        assert list(zip(starts, ends)) == [m.span() for m in p.finditer(t)], name


def test_word_index_finders_agree_on_english_and_chinese_text():
    lexicon()
    sdk_index()
    bounded, loose = lexmod._wanted_finders()
    for t in _texts():
        low = t.lower()
        strict = {}
        for m in bounded.finditer(low):
            strict.setdefault(m.group(), []).append(m.start())
        lexmod._token_cache = ()
        assert lexmod._token_index(t) == strict
        skipped = {}
        for m in loose.finditer(low):  # the skip-ahead finder, matches inside words dropped
            if not (m.start() and low[m.start() - 1].isascii() and low[m.start() - 1].isalnum()):
                skipped.setdefault(m.group(), []).append(m.start())
        assert skipped == strict


def test_markdown_cells_are_cleaned_only_where_a_mark_needs_it():
    rows = ["| 名称 | 使用目的 |", "|---|---|", "| 极光推送SDK | 推送消息 |", "| 高德地图 | 定位 |"]
    plain = read_document("\n".join(rows).encode(), "t.md")
    assert [plain.cell_texts(b) for b in plain.blocks] == [["名称", "使用目的"], ["极光推送SDK", "推送消息"],
                                                          ["高德地图", "定位"]]
    marked_cells = ["- 极光推送SDK", "**推送** 消息", "[链接](https://x.cn)", "a\u3000 b", "ＳＤＫ"]
    marked = rows[:2] + [f"| {marked_cells[0]} | {marked_cells[1]} | {marked_cells[2]} |",
                         f"| {marked_cells[3]} | {marked_cells[4]} |"]
    doc = read_document("\n".join(marked).encode(), "t.md")
    cells = [doc.cell_texts(b) for b in doc.blocks][1:]
    assert cells == [[_clean(_strip_md(c)) for c in marked_cells[:3]], [_clean(_strip_md(c)) for c in marked_cells[3:]]]
    assert cells[0][0] == "极光推送SDK" and cells[1][1] == "SDK"


def test_a_late_row_still_adds_its_category_to_saturated_categories_and_merged_claims():
    """Forty rows name location and the device ID (saturated early); the last names the
    address book: the category is declared and the SDK's merged claim lists it."""
    rows = ["| SDK名称 | 使用目的 | 收集个人信息类型 |", "|---|---|---|"]
    rows += [f"| 极光推送SDK {i} | 推送消息 | 设备标识符、位置信息 |" for i in range(40)]
    rows += ["| 极光推送SDK 40 | 推送消息 | 通讯录 |"]
    res = read_policy("\n".join(rows).encode(), "t.md")
    assert res.categories["contacts"].status == "declared"
    assert res.categories["location_precise"].status == "declared"
    (jpush,) = [s for s in res.sdks if s.sdk_id == "jpush"]
    assert {"contacts", "device_id", "location_precise"} <= set(jpush.categories)
    assert len(jpush.evidence) == 8


def _plain_scan(p: TermPattern, text: str) -> list[tuple[int, int]]:
    """The slow path: every part's full regex over the whole text (no word anchoring, no part
    skipped), merged as TermPattern.finditer merges them."""
    iters = [p._part(i).finditer(text) for i in range(len(p._parts_src))]
    heads = [next(it, None) for it in iters]
    out, last = [], 0
    while True:
        for i, it in enumerate(iters):
            while heads[i] is not None and heads[i].start() < last:
                heads[i] = next(it, None)
        live = [h for h in heads if h is not None]
        if not live:
            return out
        best = min(live, key=lambda h: (h.start(), -h.end()))
        out.append(best.span())
        last = best.end()


# our own sentences, over the anchoring threshold: overlapping terms ("your location" and
# "location"), denials ("We do not collect …", "won't"), an all-ASCII text and one with Chinese
_ASCII = ("# Section 1\nWe collect your location for feature 1.\nWe do not collect your contacts, and we won't "
          "read SMS messages. Your device ID and IP address may be used. Precise location? Never accessed.\n"
          "Our partners Adjust, AppsFlyer and Airship (not adjust, ADJUST or Adjusted) get the advertising ID.\n")
_SHORTCUT_TEXTS = [_ASCII * 150, (_ASCII + ZH) * 120, ZH * 300]


@pytest.mark.parametrize("text", range(len(_SHORTCUT_TEXTS)))
def test_anchored_and_skipped_parts_find_what_a_plain_scan_finds(text):
    """Word-anchored parts (overlapping candidates dropped as a scan skips them, the denial
    pattern anchored on its cues' first words) and Chinese parts skipped on ASCII text give
    the spans of each part's full regex scanned over the whole text."""
    t = _SHORTCUT_TEXTS[text]
    assert len(t) > lexmod._SMALL
    lexmod._token_cache = ()
    for name, p in _patterns():
        starts, ends = p.offsets(t)
        assert list(zip(starts, ends)) == _plain_scan(p, t), name
    lx = lexicon()
    assert t.isascii() == (text == 0) and lx.denial_re.anchored and lx.denial_re._narrow == (0,)
    assert len(lx.term_re.offsets(t)[0]) > 0 and len(lx.denial_re.offsets(t)[0]) > 0
    strict = sdk_index().strict_re  # case-sensitive SDK names: anchored too, "Adjust" and not "adjust"
    assert strict.anchored and [t[a:b] for a, b in zip(*strict.offsets(t))][:1] == (["Adjust"] if text < 2 else ["极光"])


@pytest.mark.parametrize("extra", ["", "Backups go to a storage location of your choice. ",
                                   "We send you an SMS when the caller is known. "])
def test_category_terms_by_lookup_are_the_terms_read_one_by_one(extra):
    """_term_spans takes every match's categories from one lookup when no term in the text
    can lose a category there; the per-match reading (_term_hits) gives the same spans and
    categories, with and without an exclusion ("storage location") or outbound cue in the text."""
    from auditor.policy.extract import _term_hits, _term_inert, _term_spans

    lx = lexicon()
    t = ("We collect your location and your precise location. Your contacts and SMS messages stay "
         "on the device. " + extra) * 400
    cuts = list(range(0, len(t), 97))
    lexmod._token_cache = ()
    hits = _term_spans(t, lx, cuts)
    assert list(zip(hits.starts, hits.ends, hits.values)) == list(_term_hits(t, lx, cuts))
    keys = {t[a:b].lower() for a, b in zip(hits.starts, hits.ends)}
    inert = [_term_inert(lx.term_cats[k], t, lx, {}, {}) for k in keys]
    assert all(inert) == (extra == "") and len(hits.starts) >= 1600


def test_personal_spans_on_ascii_text_are_the_pattern_spans():
    from auditor.policy.extract import _PERSONAL, _personal_spans, _spans

    rnd = random.Random(11)
    words = ["personal", "Personal", "PERSONAL", "sensitive", "SeNsItIvE", "person", "sensitiv", "impersonal",
             "personalsensitive", "sensitivepersonal", "a", "s", "p", "个人", "敏感"]
    for _ in range(200):
        t = " ".join(rnd.choice(words) for _ in range(rnd.randint(0, 60)))
        got, want = _personal_spans(t), _spans(_PERSONAL, t)
        assert (list(got.starts), list(got.ends)) == (list(want.starts), list(want.ends)), t


def test_sentence_end_and_respace_spellings_match_their_plain_patterns():
    """_SENT_END (spelled to start with a character class) finds what the plain alternation
    finds, within any window; _RESPACE (substring tests) says what its regex says."""
    import re as _re

    from auditor.policy.extract import _SENT_END
    from auditor.policy.text import _RESPACE

    plain_end = _re.compile(r"[。！？；!?;]+|\.(?=\s|$)")
    plain_space = _re.compile(r"[\t\r\f\v]|  ")
    rnd = random.Random(5)
    for _ in range(5000):
        t = "".join(rnd.choice("ab .。！？；!?;\n\t\r\f\v") for _ in range(rnd.randint(0, 16)))
        a, b = sorted((rnd.randint(0, len(t)), rnd.randint(0, len(t))))
        assert [(m.span(), m.group()) for m in _SENT_END.finditer(t, a, b)] == [
            (m.span(), m.group()) for m in plain_end.finditer(t, a, b)], (t, a, b)
        assert _RESPACE(t) == (plain_space.search(t) is not None), t


def test_header_word_test_on_a_whole_text_is_the_pattern_test():
    from auditor.policy.text import _HEADER_WORD_RE, _TABLE_HEADER_WORDS, _has_header_word

    rnd = random.Random(9)
    filler = ["We", "collect", "your", "location", "设备", "信息", "|", "PERMISSİ", "purpos"]
    for k in range(24):
        words = [rnd.choice(filler) for _ in range(900)]
        if k % 3 == 0:
            words.insert(rnd.randrange(len(words)), rnd.choice(_TABLE_HEADER_WORDS).upper())
        elif k % 3 == 1:
            words.insert(rnd.randrange(len(words)), "PERMİSSİON")  # (re.IGNORECASE folds İ onto i)
        t = " ".join(words)
        want = _HEADER_WORD_RE.search(t) is not None
        assert len(t) > 4096 and _has_header_word(t) == want and want == (k % 3 != 2)


def test_the_going_without_precheck_admits_every_branch_of_done_without():
    """`_TermCues.says_without` is a substring pre-check that spares most sentences the
    `_done_without` regexes: each branch of `_done_without` must still be reached through it
    (one sentence of our own per branch; a branch the pre-check missed would silently stop firing)."""
    from auditor.policy.extract import _TermCues, _done_without
    from auditor.policy.lexicon import lexicon

    cases = [
        ("Camera access is not required for scanning.", "Camera"),
        ("Location services are not used by this app.", "Location services"),
        ("The app makes no use of your location.", "location"),
        ("Neither feature needs a storage permission.", "storage"),
        ("We do not use any SDKs such as map kits that may collect your location.", "location"),
        ("The app requires no special permissions such as camera or microphone.", "microphone"),
        ("The widget has zero access to: contacts, calendar.", "calendar"),
        ("You can use the app without granting access to your location.", "location"),
    ]
    lx = lexicon()
    for text, word in cases:
        s = text.rfind(word)
        e = s + len(word)
        assert _done_without(text, 0, len(text), s, e), text
        assert _TermCues(text, 0, len(text), lx, [], True, {}).says_without(), text
    # and a sentence with none of its words is spared the regexes
    assert not _TermCues("We collect your location.", 0, 25, lx, [], True, {}).says_without()


@pytest.mark.parametrize("text", [
    "Your location is recorded Even When The App Is Closed.",
    "We record your location IN THE BACKGROUND to log trips.",
    "Your location is read Continuously Or While you use the app.",
])
def test_the_background_cue_gate_ignores_case_as_its_pattern_does(text):
    """The substring gate before the background-location cues must admit every text the
    case-insensitive cue pattern matches: a capitalised cue alone was skipped (session 26 leftover)."""
    lx = lexicon()
    assert lx.background_re.search(text) is not None  # the pattern itself matches
    c = read_policy(text.encode(), "p.txt", learned=False).categories["location_background"]
    assert c.status == "declared"
    # ... and lowercase text still reads the same
    assert read_policy(text.lower().encode(), "p.txt", learned=False).categories["location_background"].status == "declared"


@pytest.mark.parametrize("text,cats", [
    ("LOCATION DATA IS NEVER COLLECTED BY THIS APP.", ("location_precise", "location_approximate")),
    ("YOUR CONTACTS ARE NOT ACCESSED.", ("contacts",)),
    ("Your Contacts Are Never Read.", ("contacts",)),
])
def test_the_passive_denial_gate_ignores_case_as_its_pattern_does(text, cats):
    """The passive denial ("… is never collected") is matched ignoring case; its substring gate
    listed "not ", "never ", "Not " and "NOT " by hand, so a denial in capitals ("IS NEVER
    COLLECTED") was skipped and its term read as declared (session 27's leftover)."""
    assert lexicon().passive_denial_re.search(text) is not None
    res = read_policy(text.encode(), "p.txt", learned=False)
    for cid in cats:
        assert res.categories[cid].status == "denied", cid
    assert all(read_policy(text.lower().encode(), "p.txt", learned=False).categories[c].status == "denied" for c in cats)
