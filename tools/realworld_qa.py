"""Second-pass check of the annotations: sentences that may contradict an `absent`.

For every annotated policy of a kind (CA4P by default; `--kind en` or `zh` for the GitHub sets,
`--files` for a batch's files) and every category marked absent (or the ones named on the
command line), print the places where a keyword of that category occurs in the normalised
text, so a reviewer can confirm the absence (definitions, user-rights lists, customer
service calls...) or fix the annotation. The keyword lists are the annotator's, not the
reader's lexicon: Chinese for ca4p and zh, English for en (session 28: English annotators had
to write their own).

    python tools/realworld_qa.py [--kind ca4p|en|zh] [--files A,B] [CATEGORY,CATEGORY...]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from policy_realworld_support import load_annotations, policy_text  # noqa: E402

KW = {
 "contacts": r"通讯录|联系人列表|手机联系人|通讯好友",
 "sms": r"读取短信|短信权限|短信内容|短信记录|SMS|收发短信|发送短信",
 "call_log": r"通话记录|通话日志|通话历史",
 "calendar": r"日历|日程",
 "sensors": r"传感器|加速度|陀螺仪|重力感应|心率",
 "clipboard": r"剪切板|剪贴板|粘贴板",
 "overlay": r"悬浮窗|浮窗",
 "installed_apps": r"应用列表|软件列表|安装列表|已安装|安装的应用|运行中的进程|正在运行的进程|应用安装|使用的移动应用|设备安装的应用",
 "storage": r"存储权限|SD卡|存储卡|外部存储|读写|储存权限|存储空间|内存卡",
 "photos_videos": r"相册|照片|图片|图库",
 "camera": r"相机|摄像头|拍照|拍摄|扫码|扫一扫|人脸",
 "microphone": r"麦克风|录音|语音",
 "location_precise": r"位置|定位|GPS|经纬度",
 "device_id": r"IMEI|设备标识|识别码|Android ?ID|设备ID|IMSI|序列号|设备号",
 "advertising_id": r"OAID|IDFA|广告标识|广告ID",
 "network_id": r"MAC|IP地址|WiFi|Wi-Fi|WLAN|互联网协议",
 "phone_number": r"手机号|电话号码|手机电话",
 "notifications": r"推送|通知权限|通知栏",
 "phone_calls": r"电话权限|电话状态|拨打电话|通话状态|手机状态|拨打",
 "nearby_devices": r"蓝牙",
 "activity_recognition": r"步数|运动数据|运动记录|身体活动",
 "accounts": r"账户权限|设备账户|系统账户|手机账户",
 "usage_stats": r"使用情况访问|应用使用情况|使用该等移动应用",
}


KW_EN = {
 "contacts": r"\b(?:contacts?|address book|phonebook|phone book)\b",
 "sms": r"\b(?:SMS|text messages?|MMS)\b",
 "call_log": r"\bcall (?:log|history|logs)\b",
 "calendar": r"\b(?:calendar|events?|reminders?)\b",
 "sensors": r"\b(?:sensors?|accelerometer|gyroscope|heart rate|compass|barometer)\b",
 "clipboard": r"\bclipboard\b",
 "overlay": r"\b(?:overlay|draw over|display over|floating)\b",
 "installed_apps": r"\b(?:installed (?:apps|applications|packages)|app list|list of apps|QUERY_ALL_PACKAGES|other apps)\b",
 "storage": r"\b(?:storage|files?|documents?|SD card|download|export|import|backup)\b",
 "photos_videos": r"\b(?:photos?|pictures?|images?|videos?|gallery|media|avatar)\b",
 "camera": r"\b(?:camera|scan|scanner|QR|barcode|selfie|take (?:a )?photos?)\b",
 "microphone": r"\b(?:microphone|mic|audio|voice|record|recording|speech)\b",
 "location_precise": r"\b(?:location|GPS|geolocation|latitude|longitude|coordinates|whereabouts)\b",
 "device_id": r"\b(?:device (?:ID|identifiers?)|IMEI|Android ID|serial number|unique identifiers?|installation ID)\b",
 "advertising_id": r"\b(?:advertising (?:ID|identifier)|AAID|GAID|IDFA|ad ID)\b",
 "network_id": r"\b(?:IP address|MAC address|Wi-?Fi|SSID|network)\b",
 "phone_number": r"\bphone numbers?\b",
 "notifications": r"\b(?:notifications?|push|alerts?|reminders?)\b",
 "phone_calls": r"\b(?:phone calls?|calls?|dial|dialer|phone state)\b",
 "nearby_devices": r"\b(?:Bluetooth|BLE|nearby devices?|pair(?:ed|ing)?|NFC)\b",
 "activity_recognition": r"\b(?:steps?|activity recognition|physical activity|workouts?)\b",
 "accounts": r"\b(?:accounts on (?:your|the) device|GET_ACCOUNTS|device accounts)\b",
 "usage_stats": r"\b(?:usage (?:stats|access|data)|screen time|app usage)\b",
}


def places(kind: str, ann: dict, text: str, cats: list[str]) -> dict[str, list[str]]:
    """category -> up to three snippets around its keywords, for each category in `cats` the
    annotation marks absent (English keywords for kind `en`, Chinese ones otherwise)."""
    kw, flags = (KW_EN, re.IGNORECASE) if kind == "en" else (KW, 0)
    t = re.sub(r"\s+", " " if kind == "en" else "", text)
    out: dict[str, list[str]] = {}
    for c in cats:
        if ann["categories"][c]["status"] != "absent" or c not in kw:
            continue
        snips = [t[max(0, m.start() - 40):m.end() + 30] for m in re.finditer(kw[c], t, flags)][:3]
        if snips:
            out[c] = snips
    return out


def main(argv: list[str]) -> int:
    args = argv[1:]
    kind, files = "ca4p", None
    while args and args[0] in ("--kind", "--files"):
        if args[0] == "--kind":
            kind = args[1]
        else:
            files = set(args[1].split(","))
        args = args[2:]
    cats = args[0].split(",") if args else list(KW)
    for ann in load_annotations(kind).values():
        if files is not None and ann["file"] not in files:
            continue
        text = policy_text(kind, ann["file"])
        if text is None:
            print(f"{ann['file']}: text absent", file=sys.stderr)
            continue
        for c, snips in places(kind, ann, text, cats).items():
            print(f"{ann['file']} {c}: " + " | ".join(snips))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
