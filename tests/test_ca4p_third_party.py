"""tools/ca4p_third_party.py: CA4P-483's own span labels turned into the nine groups."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import ca4p_third_party as tp  # noqa: E402


def _doc(paragraph: str, base: int, spans: list[tuple[str, str]]) -> list[dict]:
    """A CA4P-style annotation list: one unlabelled paragraph at `base`, then (classId, text) spans
    located at their first occurrence in it."""
    out = [{"classId": "", "text": paragraph, "start": base, "end": base + len(paragraph)}]
    pos = 0
    for cid, text in spans:
        i = paragraph.index(text, pos)
        out.append({"classId": cid, "text": text, "start": base + i, "end": base + i + len(text)})
        pos = i + 1
    return out


def test_span_words_name_the_groups_of_the_guide():
    assert tp.groups_of_span("设备IMEI") == {"phone_device"}
    assert tp.groups_of_span("通讯录") == {"contacts"}
    assert tp.groups_of_span("地理位置信息、相册") == {"location", "storage"}
    assert tp.groups_of_span("短信验证码") == set()  # a code the service sends is not SMS access
    assert tp.groups_of_span("昵称、头像") == set()


def test_a_data_span_declares_only_in_a_sentence_with_a_collection_span():
    para = "我们会收集您的通讯录。我们不提供日历功能,日历不会上传。"
    doc = _doc(para, 100, [("e_22", "收集"), ("e_21", "通讯录"), ("e_21", "日历")])
    assert tp.declared_groups(doc) == {"contacts"}
    # the collection span in the other sentence does not reach the calendar
    doc2 = _doc("日历数据只保存在本地。我们会收集您的通讯录。", 0, [("e_21", "日历"), ("e_22", "收集"), ("e_21", "通讯录")])
    assert tp.declared_groups(doc2) == {"contacts"}
    # no collection span at all: nothing declared
    assert tp.declared_groups(_doc("您的通讯录。", 0, [("e_21", "通讯录")])) == set()


def test_scores_are_micro_and_macro_over_the_groups_present():
    pairs = [({"contacts", "location"}, {"contacts"}), ({"location"}, {"location", "camera"})]
    p, r, f, macro = tp.score(pairs)
    assert (round(p, 2), round(r, 2), round(f, 2)) == (0.67, 0.67, 0.67)
    # contacts 1.0, location F1 2/3 (1 tp, 1 fn); camera has no reference positive: left out of macro
    assert round(macro, 3) == round((1.0 + 2 / 3) / 2, 3)


def test_without_a_snapshot_it_exits_3(tmp_path, capsys):
    assert tp.main(["x", "--snapshot", str(tmp_path / "absent")]) == 3
    assert "CA4P-483 snapshot" in capsys.readouterr().err
