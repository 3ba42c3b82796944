"""Valid network addresses and ports as regular expressions every engine can run (RE2- and
Java-compatible: no look-arounds), so the check is the same in DuckDB, ClickHouse or Spark."""

from __future__ import annotations

import re

_DEC_OCTET = r"(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
IPV4_BODY = rf"{_DEC_OCTET}(\.{_DEC_OCTET}){{3}}"
_H16 = "[0-9A-Fa-f]{1,4}"
_LS32 = rf"({_H16}:{_H16}|{IPV4_BODY})"


def _ipv6_body() -> str:
    """RFC 3986 §3.2.2 IPv6address, branch by branch (no zone ids)."""

    def head(n: int) -> str:  # [ *n( h16 ":" ) h16 ]
        return "" if n < 0 else rf"({_H16}:){{0,{n}}}{_H16}" if n else _H16

    def reps(n: int) -> str:  # n( h16 ":" )
        return rf"({_H16}:){{{n}}}" if n else ""

    branches = [rf"{reps(6)}{_LS32}", rf"::{reps(5)}{_LS32}"]
    for k, tail in enumerate([4, 3, 2, 1, 0]):
        branches.append(rf"({head(k)})?::{reps(tail)}{_LS32}")
    branches.append(rf"({head(5)})?::{_H16}")
    branches.append(rf"({head(6)})?::")
    return "(" + "|".join(branches) + ")"


IPV4_PATTERN = rf"^{IPV4_BODY}$"
IPV6_PATTERN = rf"^{_ipv6_body()}$"
PORT_PATTERN = r"^[0-9]{1,5}$"


def is_valid_ip(text: str) -> bool:
    """The patterns the engines use, in Python (for tests and the pure-Python baseline)."""
    pattern = IPV6_PATTERN if ":" in text else IPV4_PATTERN
    return re.fullmatch(pattern.strip("^$"), text) is not None
