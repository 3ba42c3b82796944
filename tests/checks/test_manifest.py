"""Android manifests and SDK lists (app-pi-2019 cat2.1, cat2.3): safe parsing and the rules."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anping.checks.privacy.manifest import ManifestError, parse_manifest, sensitive_permissions
from anping.checks.privacy.sdks import (
    detect_sdks,
    disclosed_in,
    load_sdks,
    parse_sdk_list,
    unrecognised,
)
from anping.checks.privacy_policy import (
    MANIFEST_CHECK_ID,
    PrivacyPolicyParams,
    item_statuses,
    run_items,
    run_manifest_permissions,
)
from anping.checks.registry import get
from anping.checks.result import CheckResult, Criterion, Status

FIXTURES = Path(__file__).parent / "fixtures" / "privacy"
GOOD_ZH = FIXTURES / "good_zh.html"
GOOD_EN = FIXTURES / "good_en.txt"
MANIFEST = FIXTURES / "manifest.xml"
AAPT = FIXTURES / "manifest_aapt.txt"
SDK_LIST = FIXTURES / "sdks.txt"

XXE = """<?xml version="1.0"?>
<!DOCTYPE manifest [<!ENTITY secret SYSTEM "file://{path}">]>
<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="x.y">
  <uses-permission android:name="&secret;" />
</manifest>
"""
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<manifest package="x.y"><uses-permission name="&lol3;"/></manifest>
"""


def run(**params: object) -> CheckResult:
    return run_items(PrivacyPolicyParams.model_validate(params))


def crit(result: CheckResult, criterion_id: str) -> Criterion:
    return next(c for c in result.criteria if c.id == criterion_id)


def en(c: Criterion) -> str:
    """The criterion's English detail (every decided criterion has one)."""
    assert c.detail is not None
    return c.detail.en


def with_extra(tmp_path: Path, extra: str) -> Path:
    """The fixture manifest with extra lines before </application>."""
    path = tmp_path / "AndroidManifest.xml"
    path.write_text(
        MANIFEST.read_text(encoding="utf-8").replace("</application>", extra + "</application>"),
        encoding="utf-8",
    )
    return path


# --- parsing -------------------------------------------------------------------------------


def test_xml_manifest_parsed_with_permissions_components_and_meta_data() -> None:
    manifest = parse_manifest(MANIFEST.read_bytes())
    assert manifest.package == "cn.anping.example"
    assert "android.permission.CAMERA" in manifest.permissions
    assert "cn.anping.example.MainActivity" in manifest.components
    assert "UMENG_APPKEY" in manifest.meta_data
    assert set(sensitive_permissions(manifest)) == {
        "android.permission.ACCESS_FINE_LOCATION",
        "android.permission.ACCESS_COARSE_LOCATION",
        "android.permission.CAMERA",
        "android.permission.RECORD_AUDIO",
        "android.permission.READ_PHONE_STATE",
        "android.permission.READ_MEDIA_IMAGES",
    }


def test_aapt2_xmltree_dump_parsed() -> None:
    manifest = parse_manifest(AAPT.read_bytes())
    assert manifest.form == "aapt"
    assert manifest.package == "cn.anping.example"
    assert manifest.permissions == ("android.permission.CAMERA", "android.permission.READ_CONTACTS")
    assert "com.igexin.sdk.PushService" in manifest.components
    assert "cn.anping.example.MainActivity" in manifest.components
    assert manifest.meta_data == ("UMENG_APPKEY",)


def test_aapt_dump_permissions_output_parsed() -> None:
    text = b"package: cn.anping.example\nuses-permission: name='android.permission.READ_SMS'\n"
    manifest = parse_manifest(text)
    assert manifest.permissions == ("android.permission.READ_SMS",)


def test_xxe_external_entity_refused_and_file_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    with pytest.raises(ManifestError, match="XXE") as caught:
        parse_manifest(XXE.format(path=secret).encode())
    assert "TOP-SECRET-VALUE" not in str(caught.value)


def test_xxe_manifest_reported_cannot_decide_in_the_check(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    path = tmp_path / "AndroidManifest.xml"
    path.write_text(XXE.format(path=secret), encoding="utf-8")
    result = run(policy=GOOD_ZH, manifest=path)
    c = crit(result, "cat2.3:manifest_permissions")
    assert c.status == Status.CANNOT_DECIDE
    assert "XXE" in en(c)
    assert "TOP-SECRET-VALUE" not in result.model_dump_json()
    assert crit(result, "cat2.1:sdks_disclosed").status == Status.CANNOT_DECIDE


def test_entity_expansion_bomb_refused() -> None:
    with pytest.raises(ManifestError, match="DTD"):
        parse_manifest(BILLION_LAUGHS.encode())


def test_any_doctype_refused() -> None:
    with pytest.raises(ManifestError):
        parse_manifest(b'<?xml version="1.0"?><!DOCTYPE manifest><manifest package="a.b"/>')


@pytest.mark.parametrize(
    "data",
    [
        b"<manifest><uses-permission",  # truncated
        b"<manifest></application>",  # malformed
        b'<?xml version="1.0"?>\n<manifest package="a"><x></manifest>',
    ],
)
def test_malformed_xml_refused_with_message(data: bytes) -> None:
    with pytest.raises(ManifestError, match="well-formed"):
        parse_manifest(data)


def test_not_an_android_manifest_refused() -> None:
    with pytest.raises(ManifestError, match="not an Android manifest"):
        parse_manifest(b"<html><body>hi</body></html>")


def test_binary_axml_cannot_decide_with_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "AndroidManifest.xml"
    path.write_bytes(b"\x03\x00\x08\x00" + b"\x00" * 200)
    c = crit(run(policy=GOOD_ZH, manifest=path), "cat2.3:manifest_permissions")
    assert c.status == Status.CANNOT_DECIDE
    assert "aapt2 dump xmltree" in en(c)


@pytest.mark.parametrize("data", [b"", b"\n  \n", b"just some words"])
def test_empty_or_unrecognised_manifest_refused(data: bytes) -> None:
    with pytest.raises(ManifestError):
        parse_manifest(data)


def test_missing_manifest_file_cannot_decide(tmp_path: Path) -> None:
    c = crit(run(policy=GOOD_ZH, manifest=tmp_path / "nope.xml"), "cat2.3:manifest_permissions")
    assert c.status == Status.CANNOT_DECIDE
    assert "cannot read" in en(c)


def test_oversized_manifest_refused(tmp_path: Path) -> None:
    path = tmp_path / "AndroidManifest.xml"
    path.write_bytes(b"<manifest>" + b" " * 5000 + b"</manifest>")
    result = run(policy=GOOD_ZH, manifest=path, max_read_bytes=2048)
    c = crit(result, "cat2.3:manifest_permissions")
    assert c.status == Status.CANNOT_DECIDE
    assert "read cap" in en(c)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_manifest_parser_raises_only_manifest_error(data: bytes) -> None:
    error: ManifestError | None = None
    try:
        parse_manifest(data)
    except ManifestError as exc:
        error = exc
    assert error is None or (error.zh != "" and error.en != "")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_manifest_parser_on_arbitrary_xmlish_text(text: str) -> None:
    with contextlib.suppress(ManifestError):
        parse_manifest(("<manifest>" + text).encode())


# --- cat2.3: permissions without purpose ---------------------------------------------------


def test_cat2_3_manifest_permissions_all_explained_met() -> None:
    c = crit(run(policy=GOOD_ZH, manifest=MANIFEST), "cat2.3:manifest_permissions")
    assert c.status == Status.MET
    assert all(r["state"] == "purpose_stated" for r in c.figures["sensitive_permissions"])
    assert c.evidence


def test_cat2_3_manifest_permissions_without_purpose_listed(tmp_path: Path) -> None:
    path = tmp_path / "AndroidManifest.xml"
    text = MANIFEST.read_text(encoding="utf-8").replace(
        "<application",
        '<uses-permission android:name="android.permission.READ_CONTACTS" />\n'
        '    <uses-permission android:name="android.permission.QUERY_ALL_PACKAGES" />\n'
        "    <application",
    )
    path.write_text(text, encoding="utf-8")
    c = crit(run(policy=GOOD_ZH, manifest=path), "cat2.3:manifest_permissions")
    assert c.status == Status.NOT_MET
    listed = {r["permission"]: r["state"] for r in c.figures["sensitive_permissions"]}
    assert listed["READ_CONTACTS"] == "not_mentioned"
    assert listed["QUERY_ALL_PACKAGES"] == "not_mentioned"
    assert listed["CAMERA"] == "purpose_stated"
    assert "READ_CONTACTS" in en(c)


def test_cat2_3_english_policy_against_aapt_dump() -> None:
    c = crit(run(policy=GOOD_EN, manifest=AAPT), "cat2.3:manifest_permissions")
    assert c.status == Status.NOT_MET
    states = {r["permission"]: r["state"] for r in c.figures["sensitive_permissions"]}
    assert states == {"CAMERA": "purpose_stated", "READ_CONTACTS": "not_mentioned"}


def test_cat2_3_manifest_without_sensitive_permissions_met(tmp_path: Path) -> None:
    path = tmp_path / "AndroidManifest.xml"
    path.write_text(
        '<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="a.b">'
        '<uses-permission android:name="android.permission.INTERNET"/></manifest>',
        encoding="utf-8",
    )
    c = crit(run(policy=GOOD_ZH, manifest=path), "cat2.3:manifest_permissions")
    assert c.status == Status.MET


# --- cat2.1: SDKs --------------------------------------------------------------------------


def test_sdk_catalogue_loads_and_is_marked_typical() -> None:
    sdks = load_sdks()
    assert len(sdks) >= 30
    ids = {s.id for s in sdks}
    for known in ("umeng", "jpush", "getui", "bugly", "amap", "baidu_location", "facebook"):
        assert known in ids
    assert "TYPICAL, NOT EXHAUSTIVE" in (
        Path(__file__).resolve().parents[2] / "src/anping/checks/data/sdks.yaml"
    ).read_text(encoding="utf-8")


def test_cat2_1_sdks_in_manifest_named_with_what_they_collect() -> None:
    c = crit(run(policy=GOOD_ZH, manifest=MANIFEST), "cat2.1:sdks_disclosed")
    assert c.status == Status.MET
    rows = {r["id"]: r for r in c.figures["embedded"]}
    assert set(rows) == {"umeng", "jpush", "amap", "bugly"}
    assert rows["umeng"]["found_as"] == "UMENG_APPKEY"
    assert any("IMEI" in item for item in rows["umeng"]["collects"])
    assert rows["jpush"]["named_as"] == "极光"


def test_cat2_1_undisclosed_sdk_listed_not_met(tmp_path: Path) -> None:
    path = with_extra(
        tmp_path,
        '<activity android:name="com.bytedance.sdk.openadsdk.activity.TTLandingPageActivity"/>\n'
        '<service android:name="com.igexin.sdk.PushService"/>\n',
    )
    result = run(policy=GOOD_ZH, manifest=path)
    c = crit(result, "cat2.1:sdks_disclosed")
    assert c.status == Status.NOT_MET
    assert "Pangle" in en(c)
    assert "Getui" in en(c)
    assert "device identifiers" in en(c)
    assert item_statuses(result)["cat2.1"] == Status.NOT_MET


def test_cat2_1_sdk_list_detects_known_and_reports_unknown() -> None:
    entries = parse_sdk_list(SDK_LIST.read_bytes())
    assert entries[0] == "com.umeng.analytics"
    assert {h.sdk.id for h in detect_sdks(entries)} == {"umeng", "jpush", "pangle"}
    assert unrecognised(entries) == ["com.example.inhouse.tracker"]


def test_cat2_1_sdk_list_with_undisclosed_known_sdk_not_met() -> None:
    c = crit(run(policy=GOOD_ZH, sdk_list=SDK_LIST), "cat2.1:sdks_disclosed")
    assert c.status == Status.NOT_MET
    assert [r["id"] for r in c.figures["embedded"] if r["named_as"] is None] == ["pangle"]
    assert c.figures["unrecognised"] == ["com.example.inhouse.tracker"]


def test_cat2_1_unknown_sdk_only_cannot_decide(tmp_path: Path) -> None:
    path = tmp_path / "sdks.txt"
    path.write_text("com.umeng.analytics\ncom.example.inhouse.tracker\n", encoding="utf-8")
    c = crit(run(policy=GOOD_ZH, sdk_list=path), "cat2.1:sdks_disclosed")
    assert c.status == Status.CANNOT_DECIDE


def test_cat2_1_sdk_product_names_in_a_list_are_recognised() -> None:
    hits = detect_sdks(["友盟统计 SDK", "极光推送", "AppsFlyer"])
    assert [h.sdk.id for h in hits] == ["umeng", "jpush", "appsflyer"]


def test_cat2_1_common_english_word_is_not_an_sdk_name() -> None:
    adjust = next(s for s in load_sdks() if s.id == "adjust")
    assert disclosed_in(adjust, "You can adjust your settings at any time.") is None


def test_cat2_1_policy_naming_no_third_party_while_app_embeds_sdks_not_met(tmp_path: Path) -> None:
    policy = tmp_path / "policy.txt"
    policy.write_text("隐私政策\n我们收集您的手机号码，用于注册账号。", encoding="utf-8")
    result = run(policy=policy, manifest=MANIFEST)
    assert crit(result, "cat2.1:third_parties").status == Status.NOT_MET
    assert crit(result, "cat2.1:sdks_disclosed").status == Status.NOT_MET


def test_empty_sdk_list_cannot_decide(tmp_path: Path) -> None:
    path = tmp_path / "sdks.txt"
    path.write_text("# nothing here\n\n", encoding="utf-8")
    c = crit(run(policy=GOOD_ZH, sdk_list=path), "cat2.1:sdks_disclosed")
    assert c.status == Status.CANNOT_DECIDE
    assert "empty" in en(c)


def test_unreadable_sdk_list_keeps_manifest_result_from_reporting_met(tmp_path: Path) -> None:
    path = tmp_path / "sdks.txt"
    path.write_bytes(b"\x00\x01\x02binary")
    c = crit(run(policy=GOOD_ZH, manifest=MANIFEST, sdk_list=path), "cat2.1:sdks_disclosed")
    assert c.status == Status.CANNOT_DECIDE
    assert "binary" in en(c)


# --- the separate manifest check -----------------------------------------------------------


def test_manifest_permissions_check_registered_and_runs() -> None:
    check = get(MANIFEST_CHECK_ID)
    assert check.points == ("app-pi-2019:cat2.1", "app-pi-2019:cat2.3")
    result = check({"policy": str(GOOD_ZH), "manifest": str(MANIFEST)})
    assert {c.id for c in result.criteria} == {
        "cat2.1:sdks_disclosed",
        "cat2.3:manifest_permissions",
    }
    assert result.status == Status.MET


def test_manifest_check_without_inputs_cannot_decide() -> None:
    result = run_manifest_permissions(PrivacyPolicyParams(policy=GOOD_ZH))
    assert result.status == Status.CANNOT_DECIDE
    result = run_manifest_permissions(PrivacyPolicyParams(manifest=MANIFEST))
    assert result.status == Status.CANNOT_DECIDE
