"""Android manifests: the permissions an app asks for and the components its SDKs bring.

app-pi-2019 cat2.3 asks that every permission able to collect personal information has a stated
purpose; cat2.1 that embedded third-party code is disclosed. A manifest tells which permissions
and which SDK components the app declares. Accepted forms:

* plain XML (`AndroidManifest.xml` from the source tree or decoded by apktool), parsed with
  defusedxml with DTDs forbidden, so entity expansion and external entities (XXE) are refused;
* the text dumps of `aapt2 dump xmltree` / `aapt dump permissions`.

Binary AXML (inside an APK) is recognised and refused with a message saying how to decode it:
we would rather ask for the decoded file than parse a hostile binary with home-made code.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as StdET
from dataclasses import dataclass
from typing import Any

import defusedxml.ElementTree as SafeET  # type: ignore[import-untyped,unused-ignore]
from defusedxml import DefusedXmlException  # type: ignore[import-untyped,unused-ignore]

MAX_MANIFEST_BYTES = 4 * 1024 * 1024
ANDROID_NS = "{http://schemas.android.com/apk/res/android}"
_AXML_MAGIC = b"\x03\x00\x08\x00"
_COMPONENT_TAGS = frozenset({"activity", "activity-alias", "service", "receiver", "provider"})
_PERMISSION_TAGS = frozenset({"uses-permission", "uses-permission-sdk-23", "uses-permission-sdk-m"})
_AAPT_ELEMENT = re.compile(r"^\s*E:\s*([\w\-]+)")
_AAPT_NAME = re.compile(r"""^\s*A:\s*(?:[^=]*:)?name(?:\(0x[0-9a-f]+\))?=["']?([^"'\s]+)""")
_AAPT_PACKAGE = re.compile(r"""^\s*A:\s*package=["']?([^"'\s]+)""")
_AAPT_PERMISSION_LINE = re.compile(r"""uses-permission(?:-sdk-23)?:\s*(?:name=)?'([^']+)'""")
_AAPT_PACKAGE_LINE = re.compile(r"""^package:\s*(?:name=)?'?([\w.]+)""")


class ManifestError(ValueError):
    """The manifest could not be read safely; `zh` and `en` say why (cannot_decide)."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en
        super().__init__(f"{zh} / {en}")


@dataclass(frozen=True)
class Manifest:
    """What a manifest declares: package, permissions, components and meta-data keys."""

    package: str | None
    permissions: tuple[str, ...]
    components: tuple[str, ...]
    meta_data: tuple[str, ...]
    form: str  # "xml" or "aapt"


@dataclass(frozen=True)
class SensitivePermission:
    """A permission that can collect personal information, and how a policy names it."""

    zh: str
    en: str
    keywords: re.Pattern[str]


def _kw(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_LOCATION = SensitivePermission(
    "位置信息", "location", _kw(r"位置|定位|地理|GPS|经纬度|行踪|location|geolocat")
)
_CONTACTS = SensitivePermission(
    "通讯录", "contacts", _kw(r"通讯录|联系人|contacts?\b|address book")
)
_PHONE = SensitivePermission(
    "电话/设备信息",
    "phone state and device identifiers",
    _kw(r"电话|设备信息|设备标识|IMEI|IMSI|手机状态|phone|device (identifier|information|ID)"),
)
_CALL_LOG = SensitivePermission("通话记录", "call log", _kw(r"通话记录|call (log|history)"))
_SMS = SensitivePermission("短信", "SMS", _kw(r"短信|SMS|text message"))
_STORAGE = SensitivePermission(
    "存储/相册", "storage and photos", _kw(r"存储|相册|照片|图片|文件|storage|photo|media|files?\b")
)
_CAMERA = SensitivePermission("相机", "camera", _kw(r"相机|摄像头|拍照|拍摄|扫码|扫一扫|camera"))
_MIC = SensitivePermission("麦克风", "microphone", _kw(r"麦克风|录音|语音|microphone|voice|audio"))
_CALENDAR = SensitivePermission("日历", "calendar", _kw(r"日历|日程|calendar"))
_SENSORS = SensitivePermission(
    "身体传感器/运动",
    "body sensors and activity",
    _kw(r"传感器|运动|步数|健康|sensor|activity|fitness|health"),
)
_NEARBY = SensitivePermission(
    "蓝牙/附近设备", "Bluetooth and nearby devices", _kw(r"蓝牙|附近设备|Bluetooth|nearby")
)
_APPS = SensitivePermission(
    "已安装应用列表",
    "installed-app list",
    _kw(r"应用列表|安装列表|已安装(的)?应用|软件列表|installed (apps|applications)|app list"),
)

#: Android permissions that can collect personal information (Android "dangerous" protection
#: level, plus the app-list permission regulators single out), keyed by short name.
SENSITIVE_PERMISSIONS: dict[str, SensitivePermission] = {
    "ACCESS_FINE_LOCATION": _LOCATION,
    "ACCESS_COARSE_LOCATION": _LOCATION,
    "ACCESS_BACKGROUND_LOCATION": _LOCATION,
    "ACCESS_MEDIA_LOCATION": _LOCATION,
    "READ_CONTACTS": _CONTACTS,
    "WRITE_CONTACTS": _CONTACTS,
    "GET_ACCOUNTS": _CONTACTS,
    "READ_PHONE_STATE": _PHONE,
    "READ_PHONE_NUMBERS": _PHONE,
    "CALL_PHONE": _PHONE,
    "ANSWER_PHONE_CALLS": _PHONE,
    "READ_CALL_LOG": _CALL_LOG,
    "WRITE_CALL_LOG": _CALL_LOG,
    "PROCESS_OUTGOING_CALLS": _CALL_LOG,
    "READ_SMS": _SMS,
    "SEND_SMS": _SMS,
    "RECEIVE_SMS": _SMS,
    "RECEIVE_MMS": _SMS,
    "RECEIVE_WAP_PUSH": _SMS,
    "READ_EXTERNAL_STORAGE": _STORAGE,
    "WRITE_EXTERNAL_STORAGE": _STORAGE,
    "MANAGE_EXTERNAL_STORAGE": _STORAGE,
    "READ_MEDIA_IMAGES": _STORAGE,
    "READ_MEDIA_VIDEO": _STORAGE,
    "READ_MEDIA_AUDIO": _STORAGE,
    "CAMERA": _CAMERA,
    "RECORD_AUDIO": _MIC,
    "READ_CALENDAR": _CALENDAR,
    "WRITE_CALENDAR": _CALENDAR,
    "BODY_SENSORS": _SENSORS,
    "BODY_SENSORS_BACKGROUND": _SENSORS,
    "ACTIVITY_RECOGNITION": _SENSORS,
    "BLUETOOTH_SCAN": _NEARBY,
    "BLUETOOTH_CONNECT": _NEARBY,
    "NEARBY_WIFI_DEVICES": _NEARBY,
    "QUERY_ALL_PACKAGES": _APPS,
    "GET_TASKS": _APPS,
}


def short_name(permission: str) -> str:
    """`android.permission.CAMERA` → `CAMERA`; custom permissions keep their full name."""
    prefix = "android.permission."
    return permission[len(prefix) :] if permission.startswith(prefix) else permission


def sensitive_permissions(manifest: Manifest) -> dict[str, SensitivePermission]:
    """The manifest's permissions that can collect personal information (cat2.3)."""
    found: dict[str, SensitivePermission] = {}
    for permission in manifest.permissions:
        if permission.startswith("android.permission."):
            info = SENSITIVE_PERMISSIONS.get(short_name(permission))
            if info is not None:
                found[permission] = info
    return found


def parse_manifest(data: bytes) -> Manifest:
    """Parse a manifest given as XML or an aapt text dump; raises `ManifestError` otherwise."""
    if not data.strip():
        raise ManifestError("清单文件为空", "the manifest file is empty")
    if len(data) > MAX_MANIFEST_BYTES:
        raise ManifestError(
            f"清单文件超过{MAX_MANIFEST_BYTES // (1024 * 1024)} MiB上限，未读取",
            f"the manifest is larger than {MAX_MANIFEST_BYTES // (1024 * 1024)} MiB; not read",
        )
    if data.startswith(_AXML_MAGIC):
        raise ManifestError(
            "这是二进制AXML格式的清单（APK内原样文件），本检查不解析二进制；"
            "请用 apktool d 或 aapt2 dump xmltree 解码后再提供",
            "this is a binary AXML manifest (as stored inside an APK), which this check does not "
            "parse; decode it with `apktool d` or `aapt2 dump xmltree` and supply the result",
        )
    stripped = data.lstrip(b"\xef\xbb\xbf\xff\xfe\r\n\t ")
    if stripped.startswith(b"<") or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _parse_xml(data)
    return _parse_aapt(_decode(data))


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ManifestError("无法识别清单文件编码", "cannot determine the manifest's text encoding")


def _parse_xml(data: bytes) -> Manifest:
    """defusedxml with `forbid_dtd=True`: a manifest never needs a DTD, so any is refused."""
    try:
        root: Any = SafeET.fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as exc:
        raise ManifestError(
            f"清单含有DTD、实体或外部引用，出于安全（XXE）拒绝解析：{type(exc).__name__}",
            "the manifest contains a DTD, entities or external references and is refused for "
            f"safety (XXE): {type(exc).__name__}",
        ) from None
    except StdET.ParseError as exc:
        raise ManifestError(
            f"清单XML格式错误：{exc}", f"the manifest is not well-formed XML: {exc}"
        ) from None
    if _local(root.tag) != "manifest":
        raise ManifestError(
            f"根元素是<{_local(root.tag)}>而不是<manifest>，不是Android清单",
            f"the root element is <{_local(root.tag)}>, not <manifest>: not an Android manifest",
        )
    package = root.get("package")
    permissions: list[str] = []
    components: list[str] = []
    meta: list[str] = []
    for element in root.iter():
        tag = _local(element.tag)
        name = element.get(ANDROID_NS + "name") or element.get("name")
        if not name:
            continue
        if tag in _PERMISSION_TAGS:
            permissions.append(name)
        elif tag in _COMPONENT_TAGS:
            components.append(_qualify(name, package))
        elif tag == "meta-data":
            meta.append(name)
    return Manifest(package, _unique(permissions), _unique(components), _unique(meta), "xml")


def _parse_aapt(text: str) -> Manifest:
    """`aapt2 dump xmltree` (E:/A: lines) and `aapt dump permissions` (uses-permission: lines)."""
    package: str | None = None
    permissions: list[str] = []
    components: list[str] = []
    meta: list[str] = []
    element: str | None = None
    for line in text.splitlines():
        if match := _AAPT_PERMISSION_LINE.search(line):
            permissions.append(match.group(1))
        elif match := _AAPT_PACKAGE_LINE.match(line) or _AAPT_PACKAGE.match(line):
            package = package or match.group(1)
        elif match := _AAPT_ELEMENT.match(line):
            element = match.group(1)
        elif (match := _AAPT_NAME.match(line)) and element:
            name = match.group(1)
            if element in _PERMISSION_TAGS:
                permissions.append(name)
            elif element in _COMPONENT_TAGS:
                components.append(name)
            elif element == "meta-data":
                meta.append(name)
            element = None  # only the element's own name attribute counts
    if not (permissions or components or meta or package):
        raise ManifestError(
            "既不是XML清单，也不是可识别的aapt输出",
            "neither an XML manifest nor a recognised aapt dump",
        )
    components = [_qualify(c, package) for c in components]
    return Manifest(package, _unique(permissions), _unique(components), _unique(meta), "aapt")


def _local(tag: object) -> str:
    text = str(tag)
    return text.rsplit("}", 1)[-1]


def _qualify(name: str, package: str | None) -> str:
    if name.startswith(".") and package:
        return package + name
    return name


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
