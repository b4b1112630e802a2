"""AndroidManifest.xml (binary AXML) -> Manifest model.

androguard's AXML printer turns the binary XML into an lxml tree; everything else
here is the platform's own rules: defaults of uses-sdk, implied permissions (as
`aapt dump badging` prints them), exported state of components.
"""

from __future__ import annotations

import re
import struct
from typing import Callable

from lxml import etree

from auditor.apk._androguard import axml
from auditor.errors import InputError
from auditor.model import (
    AppFlags, Component, DefinedPermission, IntentFilter, Manifest, Queries, UsesPermission,
)

NS = "{http://schemas.android.com/apk/res/android}"
COMPONENT_TAGS = ("activity", "activity-alias", "service", "receiver", "provider")
_REF_RE = re.compile(r"^@(?:android:)?([0-9A-Fa-f]{8})$")

# android:protectionLevel bits (PermissionInfo.java)
_PROTECTION_BASE = {0: "normal", 1: "dangerous", 2: "signature", 3: "signatureOrSystem", 4: "internal"}
_PROTECTION_FLAGS = [
    (0x10, "privileged"), (0x20, "development"), (0x40, "appop"), (0x80, "pre23"),
    (0x100, "installer"), (0x200, "verifier"), (0x400, "preinstalled"), (0x800, "setup"),
    (0x1000, "instant"), (0x2000, "runtime"), (0x4000, "oem"), (0x8000, "vendorPrivileged"),
    (0x10000, "textClassifier"), (0x100000, "companion"), (0x200000, "retailDemo"),
    (0x400000, "recents"), (0x800000, "role"), (0x1000000, "knownSigner"),
]
_PERMISSION_FLAGS = {0x10000: "neverForLocation"}

Resolver = Callable[[str], str]


MAX_DEPTH = 512  # real manifests nest under 10 deep; androguard's printer is quadratic in depth
MAX_ELEMENTS = 500_000


def check_string_pool(data: bytes, where: str) -> None:
    """Refuse what the platform's ResStringPool/ResXMLTree refuse, and nothing more.

    Android checks that the pool's header and its offset table fit the chunk, that the
    string data starts inside it, and that the pool is not empty (element names live
    there); it does not check the offset of every string up front, so neither do we
    (a bad offset only matters when a name uses it, and then the tree is refused)."""
    if len(data) < 8 + 28:
        raise InputError(f"{where}: broken binary XML (file too short for a string pool)")
    _type, header_size, size = struct.unpack_from("<HHI", data, 0)
    if header_size != 8 or size > len(data) or size < 8 + 28:
        raise InputError(f"{where}: broken binary XML (bad file header)")
    (ctype, chead, csize, count, styles, _flags, strings_start,
     styles_start) = struct.unpack_from("<HHIIIIII", data, 8)
    if ctype != 0x0001 or chead != 28:
        raise InputError(f"{where}: broken binary XML (no string pool after the header)")
    if csize > size - 8 or csize < chead:
        raise InputError(f"{where}: broken string pool (chunk of {csize} bytes does not fit the file)")
    if chead + 4 * (count + styles) > csize:
        raise InputError(f"{where}: broken string pool ({count} strings do not fit a {csize}-byte chunk)")
    if count == 0:
        raise InputError(f"{where}: string pool holds no strings (element names cannot be read); "
                         "Android would refuse to install it")
    if strings_start >= csize:
        raise InputError(f"{where}: broken string pool (string data offset {strings_start} out of range)")
    if styles and not strings_start <= styles_start < csize:
        raise InputError(f"{where}: broken string pool (style data offset {styles_start} out of range)")


def check_nesting(data: bytes, where: str) -> None:
    """Walk the chunk headers once (linear) and refuse trees deeper or larger than any real
    manifest, before androguard's printer (quadratic in depth) sees them."""
    size = min(struct.unpack_from("<I", data, 4)[0], len(data))
    pos = 8 + struct.unpack_from("<I", data, 12)[0]  # after the string pool chunk
    depth = deepest = elements = 0
    while pos + 8 <= size:
        ctype, _head, csize = struct.unpack_from("<HHI", data, pos)
        if csize < 8:
            return  # damaged chunk: androguard's own checks decide
        if ctype == 0x0102:
            depth += 1
            elements += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                raise InputError(f"{where}: manifest elements nest more than {MAX_DEPTH} deep "
                                 "(no real manifest does; refused to bound the scan time)")
            if elements > MAX_ELEMENTS:
                raise InputError(f"{where}: manifest has more than {MAX_ELEMENTS} elements "
                                 "(refused to bound the scan time)")
        elif ctype == 0x0103:
            depth -= 1
        pos += csize


def parse_axml(data: bytes, where: str = "AndroidManifest.xml") -> etree._Element:
    """Binary (or, rarely, plain-text) XML -> lxml element. Raises InputError when broken."""
    if not data:
        raise InputError(f"{where}: empty manifest")
    if data.lstrip()[:1] == b"<":
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
        try:
            return etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            raise InputError(f"{where}: malformed XML ({exc})") from None
    check_string_pool(data, where)
    check_nesting(data, where)
    mod = axml()
    try:
        printer = mod.AXMLPrinter(data)
        root = printer.get_xml_obj()
        valid = printer.is_valid()
    except Exception as exc:  # androguard raises a variety of errors on damaged input
        raise InputError(f"{where}: broken binary XML ({type(exc).__name__}: {exc})") from None
    if root is None or not valid:
        raise InputError(f"{where}: broken binary XML (string pool or chunk structure is damaged)")
    return root


def _a(el: etree._Element, name: str) -> str | None:
    v = el.get(NS + name)
    if v is None:
        v = el.get(name)  # attributes whose resource id is unknown keep their plain name
    return v


def _int(value: str | None, default: int | None = None) -> int | None:
    if value is None or value == "":
        return default
    try:
        return int(value, 0)
    except ValueError:
        try:
            return int(float(value))
        except ValueError:
            return default


def _bool(value: str | None, default: bool | None) -> bool | None:
    if value is None:
        return default
    v = value.strip().lower()
    if v in ("true", "1", "0xffffffff", "-1"):
        return True
    if v in ("false", "0", "0x0"):
        return False
    return default


def _sdk(value: str | None, default: int) -> int:
    n = _int(value)
    if n is not None:
        return n
    if value:  # a codename of a preview platform: treat as the newest level
        return 10000
    return default


def protection_name(value: str | None) -> str:
    if value is None:
        return "normal"
    n = _int(value)
    if n is None:
        return value  # already symbolic (plain-text manifest)
    parts = [_PROTECTION_BASE.get(n & 0xF, f"unknown({n & 0xF})")]
    parts += [flag for bit, flag in _PROTECTION_FLAGS if n & bit]
    return "|".join(parts)


def _permission_flags(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    n = _int(value)
    if n is None:
        return tuple(p for p in value.split("|") if p)
    names = [name for bit, name in _PERMISSION_FLAGS.items() if n & bit]
    rest = n & ~sum(_PERMISSION_FLAGS)
    if rest:
        names.append(f"{rest:#x}")
    return tuple(names)


def _class_name(package: str, name: str | None) -> str:
    if not name:
        return ""
    if name.startswith("."):
        return package + name
    if "." not in name:
        return f"{package}.{name}"
    return name


def implied_permissions(requested: list[UsesPermission], target_sdk: int) -> list[UsesPermission]:
    """The permissions `aapt dump badging` prints as uses-implied-permission."""
    names = {p.name: p for p in requested if p.source == "uses-permission"}
    out: list[UsesPermission] = []
    P = "android.permission."

    def add(name: str, reason: str, max_sdk: int | None = None) -> None:
        out.append(UsesPermission(P + name, "implied", max_sdk, (), reason))
        names[P + name] = out[-1]

    if target_sdk < 4:
        if P + "WRITE_EXTERNAL_STORAGE" not in names:
            add("WRITE_EXTERNAL_STORAGE", "targetSdkVersion < 4")
        if P + "READ_PHONE_STATE" not in names:
            add("READ_PHONE_STATE", "targetSdkVersion < 4")
    write = names.get(P + "WRITE_EXTERNAL_STORAGE")
    if write is not None and P + "READ_EXTERNAL_STORAGE" not in names:
        add("READ_EXTERNAL_STORAGE", "requested WRITE_EXTERNAL_STORAGE", write.max_sdk_version)
    if target_sdk < 16:
        if P + "READ_CONTACTS" in names and P + "READ_CALL_LOG" not in names:
            add("READ_CALL_LOG", "targetSdkVersion < 16 and requested READ_CONTACTS")
        if P + "WRITE_CONTACTS" in names and P + "WRITE_CALL_LOG" not in names:
            add("WRITE_CALL_LOG", "targetSdkVersion < 16 and requested WRITE_CONTACTS")
    return out


def _meta(el: etree._Element, resolve: Resolver) -> tuple[tuple[str, str], ...]:
    out = []
    for m in el.findall("meta-data"):
        name = _a(m, "name")
        if not name:
            continue
        value = _a(m, "value")
        if value is None:
            value = _a(m, "resource") or ""
        out.append((name, resolve(value)))
    return tuple(out)


def _component(el: etree._Element, package: str, target_sdk: int, resolve: Resolver) -> Component:
    kind = el.tag
    filters = tuple(
        IntentFilter(
            actions=tuple(a for a in (_a(x, "name") for x in f.findall("action")) if a),
            categories=tuple(c for c in (_a(x, "name") for x in f.findall("category")) if c),
            schemes=tuple(s for s in (_a(x, "scheme") for x in f.findall("data")) if s),
        )
        for f in el.findall("intent-filter")
    )
    explicit = _bool(_a(el, "exported"), None)
    if explicit is not None:
        exported, reason = explicit, "explicit"
    elif kind == "provider":
        exported, reason = target_sdk < 17, "provider-default"
    elif filters:
        # Before API 31 an intent filter exports a component; from 31 on, a manifest
        # without an explicit value is refused at install, so this is a latent defect.
        exported, reason = True, "intent-filter"
    else:
        exported, reason = False, "default"
    authorities = tuple(a for a in (_a(el, "authorities") or "").split(";") if a)
    return Component(
        kind=kind,
        name=_class_name(package, _a(el, "name")),
        exported=exported,
        exported_reason=reason,
        permission=_a(el, "permission"),
        read_permission=_a(el, "readPermission"),
        write_permission=_a(el, "writePermission"),
        enabled=bool(_bool(_a(el, "enabled"), True)),
        intent_filters=filters,
        authorities=authorities,
        target_activity=_class_name(package, _a(el, "targetActivity")) or None,
        process=_a(el, "process"),
        meta_data=_meta(el, resolve),
    )


def build_manifest(root: etree._Element, resolve: Resolver = lambda v: v,
                   where: str = "AndroidManifest.xml", module: str = "") -> Manifest:
    """`module`: the App Bundle module the manifest belongs to; a module other than base
    counts as a split of that name (its permissions are marked with it)."""
    if root.tag != "manifest":
        raise InputError(f"{where}: root element is <{root.tag}>, not <manifest>")
    package = root.get("package") or ""
    if not package:
        raise InputError(f"{where}: <manifest> has no package attribute")
    uses_sdk = root.find("uses-sdk")
    min_sdk = _sdk(_a(uses_sdk, "minSdkVersion") if uses_sdk is not None else None, 1)
    target_sdk = _sdk(_a(uses_sdk, "targetSdkVersion") if uses_sdk is not None else None, min_sdk)
    max_sdk = _int(_a(uses_sdk, "maxSdkVersion")) if uses_sdk is not None else None
    compile_sdk = _int(_a(root, "compileSdkVersion")) or _int(root.get("platformBuildVersionCode"))

    requested: list[UsesPermission] = []
    seen: set[tuple[str, str]] = set()
    for el in root:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag not in ("uses-permission", "uses-permission-sdk-23", "uses-permission-sdk-m"):
            continue
        name = _a(el, "name")
        if not name:
            continue
        source = "uses-permission" if tag == "uses-permission" else "uses-permission-sdk-23"
        if (name, source) in seen:
            continue
        seen.add((name, source))
        requested.append(UsesPermission(
            name=name, source=source, max_sdk_version=_int(_a(el, "maxSdkVersion")),
            flags=_permission_flags(_a(el, "usesPermissionFlags")),
        ))
    requested += implied_permissions(requested, target_sdk)  # per file, exactly as aapt prints them

    defined = tuple(
        DefinedPermission(_a(el, "name") or "", protection_name(_a(el, "protectionLevel")),
                          _a(el, "permissionGroup"))
        for el in root.findall("permission") if _a(el, "name")
    )
    app = root.find("application")
    components: list[Component] = []
    app_meta: tuple[tuple[str, str], ...] = ()
    flags = AppFlags(uses_cleartext_traffic=target_sdk < 28)
    label = None
    if app is not None:
        for el in app:
            if isinstance(el.tag, str) and el.tag in COMPONENT_TAGS:
                components.append(_component(el, package, target_sdk, resolve))
        app_meta = _meta(app, resolve)
        nsc = _a(app, "networkSecurityConfig")
        flags = AppFlags(
            debuggable=bool(_bool(_a(app, "debuggable"), False)),
            allow_backup=bool(_bool(_a(app, "allowBackup"), True)),
            uses_cleartext_traffic=_bool(_a(app, "usesCleartextTraffic"), target_sdk < 28),
            network_security_config=resolve(nsc) if nsc else None,
            test_only=bool(_bool(_a(app, "testOnly"), False)),
            application_class=_class_name(package, _a(app, "name")) or None,
        )
        raw_label = _a(app, "label")
        label = resolve(raw_label) if raw_label else None
    queries = Queries()
    q = root.find("queries")
    if q is not None:
        queries = Queries(
            packages=tuple(p for p in (_a(x, "name") for x in q.findall("package")) if p),
            intent_actions=tuple(a for a in (_a(x, "name") for x in q.findall("intent/action")) if a),
            providers=tuple(p for p in (_a(x, "authorities") for x in q.findall("provider")) if p),
        )
    version_name = _a(root, "versionName")
    return Manifest(
        package=package,
        version_code=_int(_a(root, "versionCode")),
        version_name=resolve(version_name) if version_name is not None else None,
        min_sdk=min_sdk,
        target_sdk=target_sdk,
        compile_sdk=compile_sdk,
        max_sdk=max_sdk,
        label=label,
        uses_permissions=tuple(requested),
        defined_permissions=defined,
        components=tuple(components),
        meta_data=app_meta,
        queries=queries,
        flags=flags,
        split=root.get("split") or (module if module and module != "base" else None),
    )


def make_resolver(load_arsc: Callable[[], bytes] | None,
                  on_error: Callable[[str], None] | None = None) -> Resolver:
    """Resolve @XXXXXXXX string references through resources.arsc. The table is read and
    parsed only when a value actually is a reference (most manifests have a few, many none).
    An unreadable table leaves references as they are and is reported through `on_error`."""
    state: dict[str, object] = {}

    def resolve(value: str) -> str:
        m = _REF_RE.match(value or "")
        if not m or load_arsc is None:
            return value
        if "parser" not in state:
            try:
                state["parser"] = axml().ARSCParser(load_arsc())
            except Exception as exc:  # androguard raises many kinds on a damaged table
                state["parser"] = None
                if on_error is not None:
                    on_error(f"resource table cannot be read ({type(exc).__name__}: {str(exc)[:120]}); "
                             "references are shown unresolved")
        parser = state["parser"]
        if parser is None:
            return value
        try:
            configs = parser.get_resolved_res_configs(int(m.group(1), 16))
        except Exception:
            return value
        for _config, resolved in configs or ():
            if resolved is not None:
                return str(resolved)
        return value

    return resolve
