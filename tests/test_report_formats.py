"""Markdown (scan and diff), HTML, Data safety CSV and PI lists: rendered and checked the way
their readers see them (a CommonMark renderer, an HTML parser, headless Chromium, Play
Console's CSV columns and ids)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import struct
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest
from lxml import html as lhtml

from conftest import ROOT, SAMPLES, run_cli

CHAT = str(SAMPLES / "chat.apk")
CHAT_POLICY = str(SAMPLES / "policies" / "chat_policy.md")
VOICE = str(SAMPLES / "voicenotes.apk")
VOICE_POLICY = str(SAMPLES / "policies" / "voicenotes_policy.txt")


@lru_cache(maxsize=None)
def audited(apk: str, policy: str | None = None):
    from auditor.audit import audit
    from auditor.policy import read_policy
    from auditor.scan import scan_bytes

    p = SAMPLES / apk
    pol = read_policy((SAMPLES / "policies" / policy).read_bytes(), policy) if policy else None
    return audit(scan_bytes(p.read_bytes(), p.name), pol)


def commonmark(text: str):
    """Render like GitHub/GitLab (CommonMark + GFM tables; raw HTML left as HTML) and parse the result."""
    mdit = pytest.importorskip("markdown_it")
    html = mdit.MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    return lhtml.fragment_fromstring(html, create_parent="div"), html


def table_after(tree, heading: str):
    h = [e for e in tree.xpath("//h1|//h2|//h3") if e.text_content().strip() == heading]
    assert h, f"no heading {heading!r}"
    nxt = h[0].getnext()
    while nxt is not None and nxt.tag not in ("table", "h1", "h2", "h3"):
        nxt = nxt.getnext()
    return nxt if nxt is not None and nxt.tag == "table" else None


def rows_of(table) -> list[list[str]]:
    return [[td.text_content().strip() for td in tr.xpath("./td")] for tr in table.xpath(".//tbody/tr")]


# ---- shared views ------------------------------------------------------------------------


def test_views_are_computed_with_the_audit_and_renderers_do_not_rebuild_them(monkeypatch):
    from auditor.report import Format, render_audit
    from auditor.rules import context

    result = audited("chat.apk", "chat_policy.md")
    assert result.views is not None and result.views.matrix and result.views.data
    clip = result.views.category("clipboard")
    assert [(a.id, a.party, a.count) for a in clip.accessors] == [("app", "app", 1)]
    assert clip.accessors[0].sites[0].api_java == "ClipboardManager.getPrimaryClip()"
    assert clip.policy == "denied"

    def boom(*_a, **_k):
        raise AssertionError("a renderer rebuilt the rule context")

    monkeypatch.setattr(context.AuditContext, "__init__", boom)
    for fmt in Format:
        assert render_audit(result, fmt).strip()


def test_java_form_of_smali_references():
    from auditor.views import java_form

    assert java_form("Landroid/telephony/TelephonyManager;->getDeviceId()Ljava/lang/String;") == \
        "TelephonyManager.getDeviceId()"
    assert java_form("Landroid/os/Build;->SERIAL:Ljava/lang/String;") == "Build.SERIAL"
    assert java_form("Landroid/location/LocationManager;->requestLocationUpdates(Ljava/lang/String;JF"
                     "Landroid/location/LocationListener;)V") == \
        "LocationManager.requestLocationUpdates(String, long, float, LocationListener)"
    assert java_form("Landroid/provider/ContactsContract$CommonDataKinds$Phone;->CONTENT_URI:Landroid/net/Uri;") == \
        "ContactsContract.CommonDataKinds.Phone.CONTENT_URI"
    assert java_form("Landroid/media/AudioRecord;-><init>(IIIII)V") == "new AudioRecord(int, int, int, int, int)"
    assert java_form("Lcom/example/A;->f([[B[Ljava/lang/String;)V", qualified=True) == "com.example.A.f(byte[][], String[])"
    assert java_form("content://sms/inbox") == "content://sms/inbox"


# ---- Markdown ----------------------------------------------------------------------------


def test_scan_markdown_renders_as_commonmark_with_escaped_xml_and_named_categories():
    from auditor.report.markdown import render_markdown

    md = render_markdown(audited("chat.apk", "chat_policy.md"))
    tree, html = commonmark(md)
    assert "None" not in md
    # manifest XML is shown literally inside code, never as a raw tag GitHub/GitLab would strip
    assert not tree.xpath("//uses-permission") and "<uses-permission" not in html
    codes = [c.text_content() for c in tree.xpath("//code")]
    assert '<uses-permission android:name="android.permission.READ_CONTACTS"/>' in codes
    # one arrow style: no ASCII arrow left in prose (code spans may hold anything)
    prose = "".join(t for t in tree.xpath("//text()[not(ancestor::code)]"))
    assert "->" not in prose
    # categories by human name, with the call sites that prove them (Java form, in code)
    data = rows_of(table_after(tree, "Data accessed in code"))
    by_cat = {r[0]: r for r in data}
    assert "ClipboardManager.getPrimaryClip() in com.example.chat.PasteHelper.paste(Context)" in \
        by_cat["Clipboard (剪切板)"][2]
    assert by_cat["Installed apps (应用列表)"][1] == "JPush ×1"
    assert by_cat["Device identifiers (设备标识符)"][1].startswith("app code ×2; com.mystery.lite (unknown third party) ×1")
    # finding evidence: the call site in Java form, not smali
    li = [x for x in tree.xpath("//li") if x.text_content().startswith("app: ClipboardManager.getPrimaryClip()")]
    assert li and "Landroid/" not in md.split("## Data accessed in code")[0]
    checklist = rows_of(table_after(tree, "SDK disclosure checklist"))
    assert len(checklist) == 6
    links = tree.xpath("//table//a/@href")
    assert "https://lbs.amap.com/pages/privacy/" in links
    identity = {r[0]: r[1] for r in rows_of(tree.xpath("//table")[0])}
    assert identity["package"] == "com.example.chat" and identity["version"] == "2.1.0 (code 210)"


@pytest.mark.parametrize("apk", ["legacy.apk", "labelled.apk", "shop.apks", "bigshop.apk"])
def test_markdown_and_html_of_other_samples_have_no_none(apk):
    from auditor.report.html import render_html
    from auditor.report.markdown import render_markdown
    from auditor.report.pilists import render_pilists_markdown

    result = audited(apk)
    for md in (render_markdown(result), render_pilists_markdown(result)):
        tree, html = commonmark(md)
        assert "None" not in md and tree.xpath("//table")
    page = lhtml.document_fromstring(render_html(result))
    assert "None" not in page.text_content()


def test_markdown_escapes_hostile_text():
    from auditor.report.markdown import md_code, md_text

    tree, html = commonmark("| a | b |\n|---|---|\n| " + md_text("x | <img src=x onerror=alert(1)> *y* [l](u) -> z")
                            + " | " + md_code("a|b `c`") + " |\n")
    cells = rows_of(tree.xpath("//table")[0])
    assert cells == [["x | <img src=x onerror=alert(1)> *y* [l](u) → z", "a|b `c`"]]
    assert not tree.xpath("//img") and not tree.xpath("//em") and not tree.xpath("//a")


@lru_cache(maxsize=None)
def diff_md(old: str, new: str) -> str:
    from auditor.diff import diff_documents
    from auditor.report.difffmt import render_diff_markdown
    from auditor.report.jsonfmt import audit_document

    d = diff_documents(audit_document(audited(old, "diary_policy.md")), audit_document(audited(new, "diary_policy.md")))
    return render_diff_markdown(d, "high", True)


def test_diff_markdown_marks_added_and_removed_explicitly():
    md = diff_md("versions/diary-v1.apk", "versions/diary-v2.apk")
    tree, _ = commonmark(md)
    assert "None" not in md and not tree.xpath("//li//ul"), "no nested bullets for changes"
    perms = {r[1]: r for r in rows_of(table_after(tree, "Permissions"))}
    assert perms["ACCESS_FINE_LOCATION"][0] == "added" and perms["READ_PHONE_STATE"][0] == "added"
    assert "Precise location" in perms["ACCESS_FINE_LOCATION"][2]
    sdks = rows_of(table_after(tree, "SDKs"))
    assert [r[0] for r in sdks if "getui" in r[1]] == ["added"]
    cats = {r[1]: r for r in rows_of(table_after(tree, "Data accessed in code"))}
    assert cats["Device identifiers"][0] == "added"
    assert cats["Device identifiers"][2] == "by app code; TelephonyManager.getImei() in com.example.diary.Sync.deviceKey(Context)"
    findings = rows_of(table_after(tree, "Findings"))
    assert {r[2] for r in findings if r[0] == "new"} == {"AUD101", "AUD201", "AUD301", "AUD304"}

    md3 = diff_md("versions/diary-v2.apk", "versions/diary-v3.apk")
    tree3, _ = commonmark(md3)
    assert "None" not in md3
    app = {r[0]: r for r in rows_of(table_after(tree3, "App"))}
    assert app["target_sdk"][1:] == ["30", "34"]
    sdks3 = rows_of(table_after(tree3, "SDKs"))
    assert [r[0] for r in sdks3 if "bugly" in r[1]] == ["removed"]
    assert "->" not in "".join(tree3.xpath("//text()[not(ancestor::code)]"))


# ---- HTML ----------------------------------------------------------------------------------


def test_html_report_content_for_a_reviewer():
    from auditor.report.html import render_html

    result = audited("chat.apk", "chat_policy.md")
    page = render_html(result)
    tree = lhtml.document_fromstring(page)
    assert tree.get("lang") == "en"  # the policy is English
    assert not tree.xpath("//script|//link|//*[@src]") and "@font-face" not in page and "url(" not in page
    style = tree.xpath("//style")[0].text
    for face in ('"PingFang SC"', '"Microsoft YaHei"', '"Noto Sans CJK SC"'):
        assert face in style
    ident = {tr.xpath("./th")[0].text_content(): tr.xpath("./td")[0].text_content()
             for tr in tree.xpath("//table[@id='identity']//tr")}
    assert ident["package"] == "com.example.chat" and "debuggable: no" in ident["flags"]
    assert "allowBackup" in ident["flags"] and ident["version"] == "2.1.0 (versionCode 210)"
    perms = tree.xpath("//table[@id='permissions']/tbody/tr")
    assert len(perms) == len(result.scan.permissions)
    contacts = [tr for tr in perms if tr.xpath("./td")[0].text_content() == "android.permission.READ_CONTACTS"][0]
    assert contacts.xpath("./td")[3].text_content() == "Contacts (address book)"
    exported = [c for c in result.scan.facts.manifest.components if c.exported]
    assert len(tree.xpath("//table[@id='components']/tbody/tr")) == len(exported) > 0
    # every URL is a link
    hrefs = set(tree.xpath("//a/@href"))
    for r in result.checklist:
        assert r.privacy_policy in hrefs
    assert "https://www.jiguang.cn/license/privacy" in hrefs
    # API evidence readable, smali one click away
    clip = tree.xpath("//table[@id='findings']/tbody/tr[@data-rule='AUD302']/td")[3]
    assert "ClipboardManager.getPrimaryClip()" in clip.xpath(".//code")[0].text_content()
    assert "Landroid/content/ClipboardManager;->getPrimaryClip" in clip.xpath(".//details/code")[0].text_content()
    # inline SVG summary: findings by severity, categories by who accesses them
    bars = {r.get("data-segment"): int(r.get("data-value")) for r in tree.xpath("//svg[@id='chart-severity']//rect")}
    assert bars == result.counts()
    device = [t for t in tree.xpath("//svg[@id='chart-data']//text") if t.text == "Device identifiers"]
    assert device
    segs = {(r.get("data-segment"), int(r.get("data-value"))) for r in tree.xpath("//svg[@id='chart-data']//rect")}
    assert {("app code", 2), ("unknown third party com.mystery.lite", 1), ("JPush", 1)} <= segs
    assert tree.xpath("//table[@id='data']/tbody/tr")


def test_html_links_a_policy_read_from_a_url():
    from auditor.audit import audit
    from auditor.policy import read_policy
    from auditor.report.html import render_html

    pol = read_policy((SAMPLES / "policies" / "chat_policy.md").read_bytes(), "https://example.com/chat/privacy")
    page = lhtml.document_fromstring(render_html(audit(audited("chat.apk").scan, pol)))
    assert "https://example.com/chat/privacy" in page.xpath("//table[@id='identity']//a/@href")


def test_html_labels_follow_the_policy_language_and_lang_option():
    from auditor.report.html import render_html

    zh = lhtml.document_fromstring(render_html(audited("voicenotes.apk", "voicenotes_policy.txt")))
    assert zh.get("lang") == "zh-CN" and "发现的问题" in [h.text_content() for h in zh.xpath("//h2")]
    en = lhtml.document_fromstring(render_html(audited("voicenotes.apk", "voicenotes_policy.txt"), "en"))
    assert "Findings" in [h.text_content() for h in en.xpath("//h2")]
    forced = lhtml.document_fromstring(render_html(audited("chat.apk", "chat_policy.md"), "zh"))
    assert forced.xpath("//table[@id='identity']//th")[0].text_content() == "包名"
    assert run_cli("scan", CHAT, "-f", "html", "--lang", "fr").returncode == 2


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    return exe


def _chrome(exe: str, tmp: Path, *args: str) -> subprocess.CompletedProcess:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp / 'profile'}",
             "--hide-scrollbars"]
    return subprocess.run([exe, *flags, *args], capture_output=True, text=True, timeout=120)


# Measures, in the report's own font stack, the page's scroll width at a 1280 px window and the
# pixels of each Han character of a known string, of a private-use code point (no font has a
# glyph for it: its rendering is the missing-glyph box) and of a second one.
PROBE = """<script>window.onload=function(){
var font=getComputedStyle(document.body).fontFamily,c=document.createElement('canvas');c.width=40;c.height=40;
var g=c.getContext('2d');function px(ch){g.clearRect(0,0,40,40);g.font='24px '+font;g.fillText(ch,4,30);
return Array.from(g.getImageData(0,0,40,40).data).join(',');}
var s='隐私政策收集个人信息',han=[];for(var i=0;i<s.length;i++)han.push(px(s[i]));
var d=document.documentElement;
document.title=JSON.stringify({scroll:d.scrollWidth,client:d.clientWidth,han:han,tofu:px('\\uE000'),tofu2:px('\\uE001')});};</script>"""


def test_html_in_headless_chromium_fits_1280_and_has_no_tofu(tmp_path, apk="voicenotes.apk",
                                                             policy="voicenotes_policy.txt"):
    exe = _chromium()
    from auditor.report.html import render_html

    page = render_html(audited(apk, policy))
    (tmp_path / "report.html").write_text(page, encoding="utf-8")
    shot = tmp_path / "shot.png"
    proc = _chrome(exe, tmp_path, "--window-size=1280,1600", f"--screenshot={shot}", (tmp_path / "report.html").as_uri())
    assert shot.exists(), proc.stderr[-500:]
    width, height = struct.unpack(">II", shot.read_bytes()[16:24])  # PNG IHDR
    assert (width, height) == (1280, 1600)
    (tmp_path / "probe.html").write_text(page.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dom = _chrome(exe, tmp_path, "--window-size=1280,1600", "--dump-dom", (tmp_path / "probe.html").as_uri()).stdout
    m = re.search(r"<title>(\{.*?\})</title>", dom)
    assert m, dom[:500]
    probe = json.loads(m.group(1).replace("&quot;", '"'))
    assert probe["scroll"] <= probe["client"] <= 1280, "the page is wider than a 1280 px window"
    han = probe["han"]
    assert probe["tofu"] == probe["tofu2"], "two code points without a glyph render as the same box"
    assert len(set(han)) == len(han), "distinct Han characters render identically: boxes, not glyphs"
    assert probe["tofu"] not in han, "a Han character renders as the missing-glyph box"


# ---- Data safety CSV -----------------------------------------------------------------------

HEADER = ("Question ID (machine readable),Response ID (machine readable),Response value,Answer requirement,"
          "Human-friendly question label")


def seen_ids() -> set[tuple[str, str]]:
    out = set()
    for line in (ROOT / "tests" / "datasafety_ids_seen.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            q, r = line.split(",")
            out.add((q, r))
    return out


def parse_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


# What each sample's evidence supports (from its manifest, its code and its SDKs' documented
# data; see samples/src/): data type -> shared with a third party?
EXPECTED = {
    # permissions: READ_PHONE_STATE, storage, READ_MEDIA_IMAGES/VIDEO, CAMERA, fine+coarse location,
    # RECORD_AUDIO, READ_CONTACTS, AD_ID, ACCESS_WIFI_STATE; code: JPush reads the installed apps;
    # AMap, JPush, Umeng document device ids and location; recording and contacts stay in the app
    "chat.apk": {"PSL_DEVICE_ID": True, "PSL_PRECISE_LOCATION": True, "PSL_APPROX_LOCATION": True,
                 "PSL_PHOTOS": False, "PSL_VIDEOS": False, "PSL_AUDIO": False, "PSL_CONTACTS": False,
                 "PSL_FILES_AND_DOCS": False, "PSL_APPS_ON_DEVICE": True},
    # RECORD_AUDIO (iFlytek records), READ_PHONE_STATE (iFlytek reads the IMSI), READ_SMS (app reads
    # the inbox), coarse location, storage; Bugly is a crash reporter
    "voicenotes.apk": {"PSL_AUDIO": True, "PSL_DEVICE_ID": True, "PSL_SMS_CALL_LOG": False,
                       "PSL_APPROX_LOCATION": False, "PSL_FILES_AND_DOCS": False, "PSL_CRASH_LOGS": True},
    # renamed Getui (a.a.*) reads device ids and location; QUERY_ALL_PACKAGES / GET_TASKS
    "bigshop.apk": {"PSL_DEVICE_ID": True, "PSL_PRECISE_LOCATION": True, "PSL_APPROX_LOCATION": True,
                    "PSL_APPS_ON_DEVICE": True},
    # targetSdk 3: implied READ_PHONE_STATE and storage, plus contacts and call log
    "legacy.apk": {"PSL_CONTACTS": False, "PSL_DEVICE_ID": False, "PSL_FILES_AND_DOCS": False,
                   "PSL_SMS_CALL_LOG": False},
    "labelled.apk": {},
    # CAMERA, coarse location, RECORD_AUDIO in the feature split; Baidu location SDK
    "shop.apks": {"PSL_PHOTOS": False, "PSL_VIDEOS": False, "PSL_AUDIO": False, "PSL_DEVICE_ID": True,
                  "PSL_PRECISE_LOCATION": True, "PSL_APPROX_LOCATION": True},
    "shop.xapk": {"PSL_PHOTOS": False, "PSL_VIDEOS": False, "PSL_DEVICE_ID": True, "PSL_PRECISE_LOCATION": True,
                  "PSL_APPROX_LOCATION": True},
    # the App Bundle builds of the same sources (issue 11) must give the same answers
    "chat.aab": "chat.apk", "shop.aab": "shop.apks", "labelled.aab": "labelled.apk",
    "versions/diary-v1.apk": {"PSL_PHOTOS": False, "PSL_VIDEOS": False, "PSL_FILES_AND_DOCS": False,
                              "PSL_DEVICE_ID": True, "PSL_CRASH_LOGS": True},
    "versions/diary-v2.apk": {"PSL_PHOTOS": False, "PSL_VIDEOS": False, "PSL_FILES_AND_DOCS": False,
                              "PSL_DEVICE_ID": True, "PSL_CRASH_LOGS": True, "PSL_PRECISE_LOCATION": False,
                              "PSL_APPROX_LOCATION": True, "PSL_APPS_ON_DEVICE": True},
    "versions/diary-v3.apk": {"PSL_PHOTOS": False, "PSL_VIDEOS": False, "PSL_FILES_AND_DOCS": False,
                              "PSL_DEVICE_ID": True, "PSL_PRECISE_LOCATION": False, "PSL_APPROX_LOCATION": True,
                              "PSL_APPS_ON_DEVICE": True},
}


EXPECTED.update({k: EXPECTED[v] for k, v in EXPECTED.items() if isinstance(v, str)})


@pytest.mark.parametrize("apk", sorted(EXPECTED))
def test_datasafety_csv_per_sample(apk):
    from auditor.report.datasafety import render_datasafety

    if not (SAMPLES / apk).exists():
        pytest.skip(f"{apk} is not built in this checkout")
    text = render_datasafety(audited(apk))
    assert text.startswith(HEADER + "\r\n")
    rows = parse_csv(text)
    assert all(len(r) == 5 for r in rows)
    seen = seen_ids()
    for q, r, *_ in rows[1:]:
        key = (q if not q.startswith("PSL_DATA_USAGE_RESPONSES:") else "PSL_DATA_USAGE_RESPONSES:*:" + q.split(":")[2], r)
        assert key in seen, f"{key} was never seen in a real export"
    assert len(rows) == 1 + len(seen) - 19 + 19 * 38  # every question, per-type block for each of the 38 types
    marked = {r[1] for r in rows if r[0].startswith("PSL_DATA_TYPES_") and r[2] == "true"}
    assert marked == set(EXPECTED[apk])
    value = {(r[0], r[1]): r[2] for r in rows}
    assert value[("PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA", "")] == ("true" if EXPECTED[apk] else "false")
    for tid, shared in EXPECTED[apk].items():
        base = f"PSL_DATA_USAGE_RESPONSES:{tid}:PSL_DATA_USAGE_COLLECTION_AND_SHARING"
        assert value[(base, "PSL_DATA_USAGE_ONLY_COLLECTED")] == "true"
        assert value[(base, "PSL_DATA_USAGE_ONLY_SHARED")] == ("true" if shared else ""), tid
    # what a binary cannot tell is never answered
    for q, r, v, *_ in rows[1:]:
        if q in ("PSL_DATA_COLLECTION_ENCRYPTED_IN_TRANSIT", "PSL_SUPPORT_DATA_DELETION_BY_USER", "PSL_DATA_DELETION_URL",
                 "PSL_SUPPORTED_ACCOUNT_CREATION_METHODS") or q.endswith((":PSL_DATA_USAGE_EPHEMERAL",
                                                                          ":DATA_USAGE_USER_CONTROL",
                                                                          ":DATA_USAGE_COLLECTION_PURPOSE")):
            assert v == "", (q, r)


def test_datasafety_sharing_purposes_and_cli_note(tmp_path):
    from auditor.report.datasafety import render_datasafety

    rows = parse_csv(render_datasafety(audited("chat.apk")))
    purposes = {r[1] for r in rows if r[0] == "PSL_DATA_USAGE_RESPONSES:PSL_DEVICE_ID:DATA_USAGE_SHARING_PURPOSE"
                and r[2] == "true"}
    assert purposes == {"PSL_APP_FUNCTIONALITY", "PSL_ANALYTICS"}  # push/location SDKs, Umeng analytics
    out = tmp_path / "ds.csv"
    proc = run_cli("scan", CHAT, "-f", "datasafety", "-o", str(out), "--exit-zero")  # the verdict is not what this checks
    assert proc.returncode == 0 and out.read_text().startswith(HEADER)
    assert "encryption in transit" in proc.stderr and "com.mystery.lite" in proc.stderr
    assert "no Data safety data type fits Clipboard" in proc.stderr
    assert "Traceback" not in proc.stderr
    from auditor.audit import audit
    from auditor.report.datasafety import datasafety_notes
    from auditor.report.markdown import render_markdown
    from auditor.scan import ScanSettings, scan_bytes

    manifest_only = audit(scan_bytes((SAMPLES / "chat.apk").read_bytes(), "chat.apk", ScanSettings(code=False)))
    assert "code not scanned" in datasafety_notes(manifest_only)[0]
    marked = {r[1] for r in parse_csv(render_datasafety(manifest_only)) if r[0].startswith("PSL_DATA_TYPES_") and r[2]}
    assert "PSL_APPS_ON_DEVICE" in marked  # JPush documents reading the app list, even unseen in code
    assert "Code was not scanned (`--no-code`)." in render_markdown(manifest_only)


def test_datasafety_ids_match_a_real_export_when_available():
    """With a real export at hand (AUDITOR_DATASAFETY_EXPORT=path), its ids and order equal ours."""
    path = os.environ.get("AUDITOR_DATASAFETY_EXPORT")
    if not path:
        pytest.skip("set AUDITOR_DATASAFETY_EXPORT to a Play Console data_safety_export.csv")
    from auditor.report.datasafety import render_datasafety

    real = parse_csv(Path(path).read_text(encoding="utf-8-sig"))
    ours = parse_csv(render_datasafety(audited("chat.apk")))
    assert [r[:2] + r[3:4] for r in ours] == [r[:2] + r[3:4] for r in real]


# ---- PI lists --------------------------------------------------------------------------------


def test_pi_lists_for_the_chat_sample():
    from auditor.report.pilists import render_pilists_html, render_pilists_markdown

    result = audited("chat.apk", "chat_policy.md")
    md = render_pilists_markdown(result)
    tree, html = commonmark(md)
    assert "None" not in md
    coll = rows_of(table_after(tree, "个人信息收集清单 / Personal information collection list"))
    by = {(r[0], r[3]): r for r in coll}
    contacts = by[("通讯录 / Contacts (address book)", "本应用 / this app")]
    assert "READ_CONTACTS" in contacts[4] and "ContactsContract.CommonDataKinds.Phone.CONTENT_URI" in contacts[4]
    assert contacts[2] == "com.example.chat.FriendFinder.scan" and contacts[1] == "待补充 / to be completed"
    mic = by[("麦克风 / Microphone", "本应用 / this app")]
    assert mic[1] == "used to record voice messages."  # the purpose the policy gives for the permission
    apps = by[("应用列表 / Installed apps", "JPush（深圳市和讯华谷信息技术有限公司）")]
    assert apps[1] == "消息推送 / push notifications" and "PackageManager.getInstalledPackages(int)" in apps[4]
    assert ("设备标识符 / Device identifiers", "未识别的第三方代码 / unidentified third-party code com.mystery.lite") in by
    assert not [k for k in by if k[0].startswith("通知")], "posting notifications is not personal information"
    share = rows_of(table_after(tree, "第三方共享清单 / Third-party sharing list"))
    assert [r[0] for r in share] == [r.name for r in result.checklist]
    amap = share[0]
    assert amap[1] == "高德软件有限公司 / AutoNavi Software Co., Ltd." and amap[2] == "定位与地图 / location and maps"
    assert "精确位置 / Precise location" in amap[3] and "ACCESS_FINE_LOCATION" in amap[4]
    assert tree.xpath("//table")[1].xpath(".//a/@href")[0] == "https://lbs.amap.com/pages/privacy/"
    page = lhtml.document_fromstring(render_pilists_html(result))
    assert page.get("lang") == "zh-CN"
    assert len(page.xpath("//table[@id='collection']/tbody/tr")) == len(coll)
    assert len(page.xpath("//table[@id='sharing']/tbody/tr")) == len(share)
    assert "https://www.umeng.com/page/policy" in page.xpath("//table[@id='sharing']//a/@href")


def test_new_formats_through_the_cli():
    proc = run_cli("scan", CHAT, "--policy", CHAT_POLICY, "-f", "pi-lists")
    assert proc.returncode == 1 and proc.stdout.startswith("# ChatNow 个人信息收集清单")


def test_reports_state_an_incomplete_analysis():
    """A damaged DEX (issue 11's mutation) is named in the Markdown and HTML identity and in the Data safety note."""
    import sys

    if str(ROOT / "bench") not in sys.path:
        sys.path.insert(0, str(ROOT / "bench"))
    import mutations as M
    from auditor.audit import audit
    from auditor.report.datasafety import datasafety_notes
    from auditor.report.html import render_html
    from auditor.report.markdown import render_markdown
    from auditor.scan import scan_bytes

    result = audit(scan_bytes(M.damaged_dex(M.sample_entries("chat.apk")), "damaged.apk"))
    assert result.scan.facts.incomplete
    tree, _ = commonmark(render_markdown(result))
    ident = {r[0]: r[1] for r in rows_of(tree.xpath("//table")[0])}
    assert ident["not analysed"].startswith("classes.dex: class_defs table lies outside the file")
    page = lhtml.document_fromstring(render_html(result))
    assert "classes.dex" in page.xpath("//table[@id='identity']//tr[last()]/td")[0].text_content()
    assert any(n.startswith("classes.dex could not be analysed") for n in datasafety_notes(result))
