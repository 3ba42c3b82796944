"""How a failure to read the input is told: one bilingual exception, raised by every reader.

The table checks (`anping.checks.tables`) and the log engines raise the same `InputError`, so
a check has one thing to catch and turn into "cannot_decide" with the reason.
"""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """The input cannot be read as asked; the message says why, in Chinese and English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en


def unreadable(path: Path, exc: BaseException) -> InputError:
    """A bilingual error for a file that cannot be opened or decompressed."""
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return InputError(
        f"无法读取文件 {path.name}（损坏、截断或压缩格式不符）：{reason}",
        f"cannot read {path.name} (damaged, truncated or wrongly compressed): {reason}",
    )


def first_line(exc: BaseException) -> str:
    """The first line of an error message: enough to act on, no stack trace."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
