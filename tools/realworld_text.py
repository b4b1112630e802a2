"""Print the normalised text of policies (what annotation quotes are checked against).

Uses only the reader's text normalisation (auditor.policy.text.read_document), never its
claims, so annotations stay independent of the reader. Blank lines and runs of
whitespace are folded to keep the text short for a human reader.

    python tools/realworld_text.py [--condensed] FILE [FILE...]

--condensed is the view the CA4P annotations were made from (GUIDE.md): lines containing
one of KEYWORDS in full, short headings, other lines collapsed to "[..N]".
"""

from __future__ import annotations

import re
import signal
import sys
from pathlib import Path

from auditor.policy.text import read_document


# The annotator's own broad list of data- and permission-related words (not the reader's
# lexicon). Deliberately over-inclusive; it is a reading aid, not a classifier.
KEYWORDS = re.compile(r"IMEI|IMSI|MEID|ICCID|Android ?ID|序列号|识别码|标识|设备ID|UDID|UUID|OAID|IDFA|GAID|AAID|广告|手机号|电话号码|本机号码|一键登录|MAC|IP地址|IP |SSID|WLAN|Wi-?Fi|WIFI|wifi|蓝牙|网络标识|网络信息|GPS|位置|定位|经纬度|行踪|基站|地理|后台|存储权限|存储空间|读写|外部存储|手机存储|本地存储|SD卡|存储卡|本地文件|缓存|相册|照片|图片|视频|图库|媒体|音频|音乐|相机|摄像|拍照|拍摄|扫码|扫一扫|扫描|人脸|刷脸|面部|麦克风|录音|语音|话筒|声音|通讯录|联系人|设备账户|系统账户|短信|彩信|通话|电话|日历|日程|传感器|加速度|陀螺仪|重力|心率|步数|运动|健康|附近|通知权限|通知栏|推送通知|通知使用权|推送|应用列表|软件列表|移动应用|APP列表|安装应用|安装未知|已安装|进程|应用信息|软件信息|剪切板|剪贴板|粘贴板|口令|使用情况|悬浮|浮窗|无障碍|设备管理|权限|设备信息|终端|硬件|SDK|sdk|不会收集|不收集|不会获取|不会读取|不会访问", re.I)
_HEADING = re.compile(r"^(#|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+|第.部分)")


def normalised(path: Path) -> str:
    return read_document(path.read_bytes(), path.name).text


def folded_lines(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        line = re.sub(r"\s+", " ", line).strip()
        if line and set(line) != {"="}:
            out.append(line)
    return out


def condensed(lines: list[str]) -> list[str]:
    out, skipped = [], 0
    for line in lines:
        keep = KEYWORDS.search(line) or (len(line) < 40 and _HEADING.match(line.lstrip("*")))
        if keep:
            if skipped:
                out.append(f"  [..{skipped}]")
                skipped = 0
            out.append(line)
        else:
            skipped += 1
    if skipped:
        out.append(f"  [..{skipped}]")
    return out


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends the output quietly
    args = argv[1:]
    short = "--condensed" in args
    for arg in (a for a in args if a != "--condensed"):
        p = Path(arg)
        print(f"##### {p.name}")
        try:
            lines = folded_lines(normalised(p))
            print("\n".join(condensed(lines) if short else lines))
        except Exception as exc:  # noqa: BLE001 - a viewer: say why and go on
            # (unreadable or not a policy)
            print(f"UNREADABLE: {exc}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
