"""Known third-party SDKs: which are embedded, what they collect, and whether the policy says so.

app-pi-2019 cat2.1 counts embedded third-party code and plug-ins as part of the app: their
purposes, manner and scope must be listed too. The catalogue (`checks/data/sdks.yaml`) is
typical, not exhaustive; an SDK it does not know is reported as unrecognised, never as fine.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field

from anping.checks.privacy.text import PolicyReadError, decode_bytes

MAX_SDK_LIST_LINES = 5000


class SdkInfo(BaseModel):
    """One known SDK (see the header of sdks.yaml for the fields)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    vendor: str
    purpose_en: str
    prefixes: tuple[str, ...] = Field(min_length=1)
    meta_data: tuple[str, ...] = ()
    aliases: tuple[str, ...] = Field(min_length=1)
    collects: tuple[str, ...] = Field(min_length=1)
    collects_en: tuple[str, ...] = Field(min_length=1)


class SdkCatalogue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    typical_not_exhaustive: bool
    sdks: tuple[SdkInfo, ...]


@dataclass(frozen=True)
class SdkHit:
    """An SDK found in the app, and the manifest entry or list line that revealed it."""

    sdk: SdkInfo
    found_as: str


@functools.cache
def load_sdks() -> tuple[SdkInfo, ...]:
    """The packaged SDK catalogue."""
    source = resources.files("anping.checks").joinpath("data", "sdks.yaml")
    catalogue = SdkCatalogue.model_validate(yaml.safe_load(source.read_text(encoding="utf-8")))
    return catalogue.sdks


def parse_sdk_list(data: bytes) -> tuple[str, ...]:
    """An SDK list: one package prefix or SDK name per line; `#` starts a comment.

    Raises `PolicyReadError` (same bilingual shape) when the bytes are not text.
    """
    text, _ = decode_bytes(data)
    entries: list[str] = []
    for line in text.splitlines()[:MAX_SDK_LIST_LINES]:
        entry = line.split("#", 1)[0].strip().strip(",;")
        if entry:
            entries.append(entry)
    if not entries:
        raise PolicyReadError("SDK清单为空", "the SDK list is empty")
    return tuple(dict.fromkeys(entries))


def match_sdk(name: str, sdks: Iterable[SdkInfo]) -> SdkInfo | None:
    """The known SDK a package/class name, meta-data key or product name belongs to."""
    lowered = name.strip().lower()
    for sdk in sdks:
        for prefix in sdk.prefixes:
            p = prefix.lower()
            if lowered.startswith(p) or lowered == p.rstrip("."):
                return sdk
        if name in sdk.meta_data:
            return sdk
    for sdk in sdks:  # product names, e.g. a line "友盟统计 SDK" in a hand-written list
        if any(_alias_in(alias, name) for alias in sdk.aliases):
            return sdk
    return None


def detect_sdks(names: Iterable[str], sdks: Iterable[SdkInfo] | None = None) -> list[SdkHit]:
    """Known SDKs among manifest components, meta-data keys or SDK-list lines (first hit each)."""
    known = tuple(sdks) if sdks is not None else load_sdks()
    hits: dict[str, SdkHit] = {}
    for name in names:
        sdk = match_sdk(name, known)
        if sdk is not None and sdk.id not in hits:
            hits[sdk.id] = SdkHit(sdk, name)
    return list(hits.values())


def unrecognised(entries: Iterable[str], sdks: Iterable[SdkInfo] | None = None) -> list[str]:
    """SDK-list lines that match no known SDK (the catalogue is not exhaustive)."""
    known = tuple(sdks) if sdks is not None else load_sdks()
    return [entry for entry in entries if match_sdk(entry, known) is None]


def disclosed_in(sdk: SdkInfo, policy_text: str) -> str | None:
    """The alias or package prefix under which the policy names the SDK, if it does."""
    for alias in sdk.aliases:
        if _alias_in(alias, policy_text):
            return alias
    lowered = policy_text.lower()
    for prefix in sdk.prefixes:
        if prefix.lower().rstrip(".") in lowered:
            return prefix
    return None


def _alias_in(alias: str, text: str) -> bool:
    """Alias match: Latin aliases as whole, case-sensitive words ("Mob" ≠ "Mobile", "adjust")."""
    if re.search(r"[A-Za-z]", alias):
        pattern = r"(?<![A-Za-z])" + re.escape(alias) + r"(?![A-Za-z])"
        return re.search(pattern, text) is not None
    return alias in text
