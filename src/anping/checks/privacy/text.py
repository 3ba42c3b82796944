"""Reading a privacy policy: HTML, plain text or PDF, Chinese or English, into sentences.

A policy that cannot be read must never look like a policy that lacks something, so every
failure here raises `PolicyReadError` with a bilingual message and the check turns it into
"cannot_decide" (app-pi-2019 cat1.1 and every text-decided item). Caps on bytes, pages and
characters keep a huge or hostile file from exhausting the runner; when a cap cuts the text the
result says so (`PolicyText.truncated`).
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bs4 import BeautifulSoup, Tag

Format = Literal["auto", "html", "text", "pdf"]

DEFAULT_MAX_BYTES = 8 * 1024 * 1024
DEFAULT_MAX_CHARS = 400_000
MAX_PDF_PAGES = 300
#: Longest sentence kept whole as evidence; longer ones are cut with an ellipsis.
QUOTE_CHARS = 240
#: Longest run the rules see as one sentence: real policy sentences are far shorter, and the
#: bound keeps every pattern's work linear in the text however the text is shaped.
MAX_SENTENCE_CHARS = 1000

_BLOCK_TAGS = (
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "ul",
    "ol",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "header",
    "footer",
    "title",
)
_CELL_TAGS = ("td", "th")
_DROP_TAGS = ("script", "style", "noscript", "template", "svg")
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_HTML_SNIFF = re.compile(r"<\s*(!doctype\s+html|html|body|head|p|div|h[1-6]|table)\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|(?<=[.])(?=\s)")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")


class PolicyReadError(ValueError):
    """The policy could not be read; `zh` and `en` say why (the check reports cannot_decide)."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en
        super().__init__(f"{zh} / {en}")


@dataclass(frozen=True)
class Sentence:
    """One sentence of the policy, with the paragraph (line) it came from."""

    text: str
    paragraph: int
    index: int

    def quote(self) -> str:
        """The sentence as evidence: verbatim, cut at `QUOTE_CHARS` characters."""
        if len(self.text) <= QUOTE_CHARS:
            return self.text
        return self.text[: QUOTE_CHARS - 1] + "…"


@dataclass(frozen=True)
class PolicyText:
    """The readable text of a policy and how it was obtained."""

    text: str
    source_format: Literal["html", "text", "pdf"]
    encoding: str | None = None
    truncated: bool = False
    notes: tuple[str, ...] = ()

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return split_sentences(self.text)


def read_policy(
    path: Path,
    *,
    fmt: Format = "auto",
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> PolicyText:
    """Read a policy file, reading at most `max_bytes` (a larger file is cut and flagged)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise PolicyReadError(
            f"无法读取隐私政策文件 {path.name}：{exc.strerror or exc}",
            f"cannot read the privacy policy file {path.name}: {exc.strerror or exc}",
        ) from None
    cut = len(data) > max_bytes
    data = data[:max_bytes]
    chosen = fmt if fmt != "auto" else _format_from_suffix(path.suffix)
    return extract_policy(data, fmt=chosen, max_chars=max_chars, bytes_cut=cut)


_SUFFIX_FORMATS: dict[str, Format] = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".md": "text",
}


def _format_from_suffix(suffix: str) -> Format:
    return _SUFFIX_FORMATS.get(suffix.lower(), "auto")


def sniff_format(data: bytes) -> Literal["html", "text", "pdf"]:
    """Guess the format from the first bytes: `%PDF`, an HTML tag, else plain text."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf\r\n\t ")
    if head.startswith(b"%PDF"):
        return "pdf"
    try:
        sample = head.decode("utf-8", errors="ignore")
    except LookupError:  # pragma: no cover - utf-8 always exists
        sample = ""
    return "html" if _HTML_SNIFF.search(sample) else "text"


def extract_policy(
    data: bytes,
    *,
    fmt: Format = "auto",
    max_chars: int = DEFAULT_MAX_CHARS,
    bytes_cut: bool = False,
) -> PolicyText:
    """Turn a policy's bytes into text; raises `PolicyReadError` if there is nothing to read."""
    if not data.strip():
        raise PolicyReadError("隐私政策文件为空", "the privacy policy file is empty")
    kind = sniff_format(data) if fmt == "auto" else fmt
    notes: list[str] = []
    encoding: str | None = None
    if kind == "pdf":
        if bytes_cut:
            raise PolicyReadError(
                "PDF文件超过读取上限，无法截断读取；请提高上限或提供文本版",
                "the PDF is larger than the read cap and cannot be read in part; "
                "raise the cap or supply a text version",
            )
        text = pdf_to_text(data)
    else:
        decoded, encoding = decode_bytes(data, allow_cut_tail=True)
        if not bytes_cut and _cut_mid_character(data, encoding):
            notes.append("the file ends in the middle of a character: it may be truncated")
            bytes_cut = True  # treat like a cut: an absence may be in the missing part
        text = html_to_text(decoded) if kind == "html" else decoded
    text = _normalise(text)
    if bytes_cut and not notes:
        notes.append("read cap reached: only the first part of the file was read")
    if len(text) > max_chars:
        text = text[:max_chars]
        bytes_cut = True
        notes.append(f"text cap reached: only the first {max_chars} characters were assessed")
    if not _has_words(text):
        raise PolicyReadError(
            "隐私政策中没有可读取的文字（空白、扫描件或乱码）",
            "the privacy policy has no readable text (blank, a scanned image, or garbled)",
        )
    return PolicyText(text, kind, encoding, bytes_cut, tuple(notes))


def decode_bytes(data: bytes, *, allow_cut_tail: bool = False) -> tuple[str, str]:
    """Decode text in UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030.

    UTF-8 is tried before GB18030 because GB18030 accepts many UTF-8 byte runs as garbage; a
    charset declared in an HTML `<meta>` is honoured first. A file cut by the read cap (or
    truncated before it reached us) may end in the middle of a character; with `allow_cut_tail`
    up to three trailing bytes are then dropped.
    """
    bom = _bom_encoding(data)
    if bom is not None:
        try:
            return _strict(data, bom, allow_cut_tail), bom
        except UnicodeDecodeError:
            raise PolicyReadError(
                f"文件声明为{bom}编码（BOM），但内容无法按该编码解码",
                f"the file starts with a {bom} byte-order mark but does not decode as {bom}",
            ) from None
    if b"\x00" in data[:4096]:
        raise PolicyReadError(
            "文件含有二进制内容，不是文本格式的隐私政策",
            "the file contains binary data; it is not a text privacy policy",
        )
    candidates = ["utf-8", "gb18030"]
    declared = _declared_charset(data)
    if declared:
        candidates.insert(0, declared)
    for encoding in candidates:
        try:
            return _strict(data, encoding, allow_cut_tail), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    raise PolicyReadError(
        "无法识别文件编码（已尝试UTF-8和GBK/GB18030）",
        "cannot determine the file's encoding (tried UTF-8 and GBK/GB18030)",
    )


def _bom_encoding(data: bytes) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    return None


def _declared_charset(data: bytes) -> str | None:
    match = _CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", errors="ignore").lower()
    return "gb18030" if name in {"gbk", "gb2312", "gb18030", "cp936", "x-gbk"} else name


def _cut_mid_character(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return True
    return False


def _strict(data: bytes, encoding: str, allow_cut_tail: bool) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        if not allow_cut_tail:
            raise
        for cut in (1, 2, 3):
            try:
                return data[:-cut].decode(encoding)
            except UnicodeDecodeError:
                continue
        raise


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, one block element per line, table rows as `a | b` lines.

    Python's own `html.parser` is used: it resolves no external entities and fetches nothing.
    Rows stay on one line so that a table's "information | purpose" pairs stay together
    (cat2.1 asks for purposes item by item, and policies often give them as tables).
    """
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for cell in soup.find_all(_CELL_TAGS):
        if isinstance(cell, Tag):
            cell.append(" | ")
    for block in soup.find_all(_BLOCK_TAGS):
        if isinstance(block, Tag):
            block.insert_before("\n")
            block.append("\n")
    return soup.get_text()


def pdf_to_text(data: bytes, *, max_pages: int = MAX_PDF_PAGES) -> str:
    """Text of a PDF's first `max_pages` pages with pypdf; any parser failure is a read error.

    pypdf raises many exception types on damaged files; on untrusted input every one of them
    means the same thing to the assessor ("this PDF cannot be read"), so all are converted.
    """
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise PolicyReadError("PDF已加密，无法读取", "the PDF is encrypted and cannot be read")
        pages = [page.extract_text() or "" for page in reader.pages[:max_pages]]
    except PolicyReadError:
        raise
    except Exception as exc:  # a damaged or truncated PDF, whatever pypdf raises
        raise PolicyReadError(
            f"PDF文件损坏或不完整，无法读取（{type(exc).__name__}）",
            f"the PDF is damaged or truncated and cannot be read ({type(exc).__name__})",
        ) from None
    return "\n".join(pages)


def _normalise(text: str) -> str:
    """Unify line breaks and spaces, drop control characters; keep the wording verbatim."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    lines = (re.sub(r"[ \t\xa0]+", " ", line).strip(" |") for line in text.split("\n"))
    return "\n".join(line.strip() for line in lines if line.strip())


def _has_words(text: str) -> bool:
    return bool(_CJK.search(text)) or len(_LATIN_WORD.findall(text)) >= 3


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Split into sentences: at Chinese and Western sentence ends and at every line break."""
    out: list[Sentence] = []
    for number, paragraph in enumerate(text.split("\n")):
        for sentence in _SENTENCE_END.split(paragraph):
            for start in range(0, len(sentence), MAX_SENTENCE_CHARS):
                piece = sentence[start : start + MAX_SENTENCE_CHARS].strip()
                if piece:
                    out.append(Sentence(piece, number, len(out)))
    return tuple(out)


def cjk_count(text: str) -> int:
    """How many Chinese characters the text has."""
    return len(_CJK.findall(text))


def latin_words(text: str) -> int:
    """How many Latin-script words the text has."""
    return len(_LATIN_WORD.findall(text))
