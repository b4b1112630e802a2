"""Word lists that rules of the policy reader read from lexicon.toml (not literals in
extract.py): each is non-empty, and the rule that reads it depends on it (a lexicon with the
list emptied, given through the catalogues, reads the rule's example differently)."""

from __future__ import annotations

import dataclasses
import re
from types import SimpleNamespace

import pytest

from auditor.policy import read_policy
from auditor.policy.lexicon import lexicon


def _status(text: str, cid: str, **emptied):
    lx = dataclasses.replace(lexicon(), **emptied) if emptied else lexicon()
    cats = SimpleNamespace(lexicon=lx, sdk_index=None, sentence_model=None)
    c = read_policy(text.encode(), "p.txt", catalogues=cats, learned=False).categories.get(cid)
    return c.status if c else None


_NOTHING = re.compile("(?!)")


@pytest.mark.parametrize("key", ["zh_voice_file_terms", "zh_file_nouns", "file_kind_leads",
                                 "zh_bluetooth_terms", "zh_bluetooth_bracket_names", "zh_location_source_terms",
                                 "zh_location_source_words", "zh_location_source_after", "zh_bare_list_items",
                                 "bare_item_neighbour_categories", "umbrella_exclude_gate", "background_cue_gate",
                                 "generic_location_permission_names", "zh_generic_location_cell_verbs",
                                 "zh_generic_location_cell_names"])
def test_each_list_is_in_the_lexicon_and_not_empty(key):
    assert lexicon().raw["context"][key]


def test_voice_file_terms_and_file_nouns_make_voice_files_audio_files():
    text = "本应用需要读取您手机中的QQ语音导出文件。"
    assert _status(text, "microphone") is None and _status(text, "audio_files") == "declared"
    # without the voice terms, or without the file nouns, "语音" is the microphone again
    assert _status(text, "microphone", zh_voice_file_terms=frozenset()) == "declared"
    assert _status(text, "microphone", zh_voice_file_re=_NOTHING) == "declared"


def test_file_kind_leads_make_a_bracketed_voice_a_kind_of_file():
    text = "We collect attachment files (audio, voice, photos) that you send in the chat."
    assert _status(text, "microphone") is None
    assert _status(text, "microphone", file_kind_lead_re=_NOTHING) is not None


def test_bluetooth_terms_make_a_bluetooth_list_item_a_network_detail():
    text = "我们会收集IP地址、WLAN接入点、蓝牙、基站信息。"
    assert _status(text, "nearby_devices") is None
    assert _status(text, "nearby_devices", zh_bluetooth_terms=()) is not None
    # ... and its English name in brackets right after it
    bracket = "我们会收集网络设备硬件地址(MAC地址)、IP 地址、WLAN接入点(如SSID,BSSID)、蓝牙(Bluetooth)、基站。"
    assert _status(bracket, "nearby_devices") is None
    assert _status(bracket, "nearby_devices", zh_bluetooth_bracket_names=frozenset()) is not None


def test_cell_terms_make_a_cell_tower_list_item_a_network_detail():
    text = "我们会收集硬件型号、IP 地址、WLAN接入点、基站、软件版本号。"
    assert _status(text, "location_approximate") is None
    assert _status(text, "location_approximate", zh_cell_detail_terms=()) == "declared"
    # its location cues keep a list that says it locates the user
    cued = "我们会收集IP地址、WLAN接入点、基站,以确定您所在城市。"
    assert _status(cued, "location_approximate") == "declared"
    assert _status(cued, "location_approximate", zh_cell_use_re=_NOTHING) is None
    # ... and the item may end with its noun ("基站信息、")
    noun = "我们会收集基站信息、IP地址、软件版本号。"
    assert _status(noun, "location_approximate") is None
    assert _status(noun, "location_approximate", zh_list_item_suffixes=()) == "declared"


def test_passive_no_leads_deny_what_they_name():
    text = "Kids can paint freely; no photos or voice recordings are collected."
    assert _status(text, "photos_videos") == "denied"
    assert _status(text, "photos_videos", no_passive_re=_NOTHING) != "denied"
    # ... and with the lead words emptied (the patterns are built from them)
    assert _status(text, "photos_videos", no_passive_re=_NOTHING) == _status(
        text, "photos_videos", no_passive_gate_re=_NOTHING, neither_gate_re=_NOTHING)
    none_of = "None of your contacts are accessed."
    assert _status(none_of, "contacts") == "denied"
    assert _status(none_of, "contacts", no_passive_re=_NOTHING) != "denied"


def test_neither_leads_deny_both_items():
    text = "Neither your position nor your contacts are needed."  # ("needed": no negation cue's verb)
    assert _status(text, "contacts") == "denied"
    assert _status(text, "contacts", no_passive_re=_NOTHING) != "denied"
    active = "Neither the widget nor our backend reads your contacts."
    assert _status(active, "contacts") == "denied"
    assert _status(active, "contacts", neither_nor_re=_NOTHING) == "declared"


def test_lead_words_build_the_patterns_and_their_gates():
    from auditor.policy.lexicon import _leads

    neg = lexicon().raw["negation"]
    assert neg["passive_no_leads_en"] and neg["neither_leads_en"]
    assert _leads(neg["passive_no_leads_en"]) in lexicon().no_passive_re.pattern
    assert _leads(["none of"]) == r"[Nn]one\s+of" and _leads([]) == "(?!)"
    # a sentence without a lead word is not tried; one with a lead word is
    gate = lexicon().no_passive_gate_re
    assert gate.search("We collect your location.") is None
    assert gate.search("None of these are read.") and gate.search("neither\tthis") and lexicon().neither_gate_re.search("Neither x")


def test_location_source_lists_make_a_base_station_qualify_the_location():
    # "基站" where the location comes from (after a source word, or before a location word): approximate only
    source, before = "我们会通过基站获取您的位置信息。", "我们会收集基站定位信息,用于推荐附近门店。"
    assert _status(source, "location_precise") is None and _status(before, "location_precise") is None
    assert _status(source, "location_precise", zh_location_source_re=_NOTHING) == "declared"
    assert _status(before, "location_precise", zh_location_source_after=()) == "declared"
    # ... but an item of a list beside the location leaves it both; with no such terms, any qualifies
    listed = "本应用会记录用户地理位置信息、WIFI信息、基站信息等。"
    assert _status(listed, "location_precise") == "declared"
    assert _status(listed, "location_precise", zh_location_source_terms=frozenset()) is None


def test_bare_storage_lists_make_a_listed_storage_the_permission():
    text = "我们会调用您的相机、存储、麦克风。"
    assert _status(text, "storage") == "declared"
    assert _status(text, "storage", zh_bare_item_re=_NOTHING) is None
    assert _status(text, "storage", zh_bare_item_gate_re=_NOTHING) is None
    assert _status(text, "storage", bare_item_neighbours=frozenset()) is None
    # the table says which capability each bare word names
    assert _status(text, "storage", zh_bare_item_cats={"存储": "camera"}) is None
    # (the verbs of "收集、存储、使用" are no capability: no storage)
    assert _status("我们会收集、存储、使用您的位置信息。", "storage") is None


def test_bare_storage_neighbours_are_categories():
    from auditor.knowledge import categories
    from auditor.policy.lexicon import validate_lexicon

    assert lexicon().bare_item_neighbours and lexicon().bare_item_neighbours <= set(categories())
    assert set(lexicon().zh_bare_item_cats.values()) <= set(categories())
    assert validate_lexicon() == []


def test_scan_gates_are_lexicon_data_that_every_guarded_term_holds(monkeypatch):
    lx = lexicon()
    assert lx.umbrella_exclude_gate and lx.background_gate
    text = "We collect your location in the background to remind you of nearby stops."
    assert _status(text, "location_background") == "declared"
    assert _status(text, "location_background", background_gate=()) != "declared"
    # a guarded term that holds none of its gate's substrings is a lexicon problem
    from auditor.policy import lexicon as lexmod

    monkeypatch.setattr(lexmod, "lexicon", lambda: dataclasses.replace(lx, background_gate=("continuously",)))
    assert any("background_cue_gate" in p for p in lexmod.validate_lexicon())


def _permissions(text: str, name: str, **emptied) -> list[str]:
    lx = dataclasses.replace(lexicon(), **emptied)
    res = read_policy(text.encode(), name, catalogues=SimpleNamespace(lexicon=lx, sdk_index=None, sentence_model=None),
                      learned=False)
    return sorted(p.permission or "" for p in res.permissions)


def test_generic_location_names_are_both_location_permissions():
    both = ["android.permission.ACCESS_COARSE_LOCATION", "android.permission.ACCESS_FINE_LOCATION"]
    fine = ["android.permission.ACCESS_FINE_LOCATION"]
    title = "# Privacy\n\n## Location Permission\n\nWe use it to show the map.\n"
    assert _permissions(title, "p.md") == both
    assert _permissions(title, "p.md", generic_location_names=frozenset()) == fine
    cell = "# 隐私政策\n\n| 权限名称 | 使用目的 |\n| --- | --- |\n| 定位权限 | 显示附近门店 |\n"
    assert _permissions(cell, "p.md") == both
    assert _permissions(cell, "p.md", zh_generic_location_cell_re=_NOTHING) == fine
