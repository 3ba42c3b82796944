"""Finding a CJK font the PDF can embed, or saying clearly which package is missing.

A report filed under sa-2018 Art. 7 is read by the authority on whatever machine it has, so every
glyph must travel inside the PDF: the fonts are embedded (subset), never referenced. The PDF
library (reportlab) embeds TrueType outlines only; the OpenType/CFF fonts of `fonts-noto-cjk` are
refused, so the candidates are Debian's TrueType CJK fonts:

- body text: AR PL UMing CN (`fonts-arphic-uming`, a Ming/Song face, as 宋体 in an official
  document), else WenQuanYi Zen Hei;
- headings: WenQuanYi Zen Hei (`fonts-wqy-zenhei`, a Hei face, as 黑体), else the body font;
- Latin text in the body: DejaVu Serif (`fonts-dejavu-core`) when present;
- fallbacks for characters the chosen face lacks: Droid Sans Fallback (`fonts-droid-fallback`)
  and DejaVu Sans (`fonts-dejavu-core`), per character.

`ANPING_CJK_FONT` (a path, optionally `path#index` for a .ttc collection) overrides the body and
heading font; `ANPING_CJK_HEADING_FONT` overrides the heading font alone. A missing or unusable
font raises `MissingCJKFont` naming the Debian package to install: a report must never render
Chinese as empty boxes.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

ENV_FONT = "ANPING_CJK_FONT"
ENV_HEADING_FONT = "ANPING_CJK_HEADING_FONT"
#: The Debian package the error message asks for.
RECOMMENDED_PACKAGE = "fonts-wqy-zenhei"
#: A font must cover these to be used as the main face: the report's own words, digits, Latin.
PROBE = "安全评估报告结论其他应当说明的相关情况一二三四（）：；ABCXYZabcxyz0123456789"

_TRUETYPE = Path("/usr/share/fonts/truetype")


@dataclass(frozen=True, slots=True)
class Candidate:
    path: Path
    index: int
    package: str


BODY_CANDIDATES: tuple[Candidate, ...] = (
    Candidate(_TRUETYPE / "arphic" / "uming.ttc", 0, "fonts-arphic-uming"),
    Candidate(_TRUETYPE / "wqy" / "wqy-zenhei.ttc", 0, "fonts-wqy-zenhei"),
    Candidate(_TRUETYPE / "wqy" / "wqy-microhei.ttc", 0, "fonts-wqy-microhei"),
)
HEADING_CANDIDATES: tuple[Candidate, ...] = (
    Candidate(_TRUETYPE / "wqy" / "wqy-zenhei.ttc", 0, "fonts-wqy-zenhei"),
    Candidate(_TRUETYPE / "wqy" / "wqy-microhei.ttc", 0, "fonts-wqy-microhei"),
    Candidate(_TRUETYPE / "arphic" / "uming.ttc", 0, "fonts-arphic-uming"),
)
#: Latin text in body paragraphs and cells: a proportional serif reads better than the Latin glyphs
#: of a Ming face (optional: without it the body font draws Latin too).
LATIN_CANDIDATES: tuple[Candidate, ...] = (
    Candidate(_TRUETYPE / "dejavu" / "DejaVuSerif.ttf", 0, "fonts-dejavu-core"),
)
FALLBACK_CANDIDATES: tuple[Candidate, ...] = (
    Candidate(_TRUETYPE / "droid" / "DroidSansFallbackFull.ttf", 0, "fonts-droid-fallback"),
    Candidate(_TRUETYPE / "dejavu" / "DejaVuSans.ttf", 0, "fonts-dejavu-core"),
)


class MissingCJKFont(RuntimeError):
    """No usable TrueType CJK font: the message names the Debian package to install."""


@dataclass(frozen=True, slots=True)
class Font:
    """A parsed TrueType font: where it is, its PostScript name and the characters it covers."""

    path: Path
    index: int
    name: str
    chars: frozenset[int]

    def covers(self, ch: str) -> bool:
        return ord(ch) in self.chars

    @property
    def key(self) -> str:
        """A name to register it under in the PDF library, unique per file and face."""
        return f"{self.name}-{self.index}"


@dataclass(frozen=True, slots=True)
class FontSet:
    """The faces a PDF uses: body, heading, and per-character fallbacks."""

    body: Font
    heading: Font
    fallbacks: tuple[Font, ...]
    latin: Font | None = None

    def all(self) -> tuple[Font, ...]:
        seen: dict[str, Font] = {}
        extra = (self.latin,) if self.latin else ()
        for font in (self.body, self.heading, *self.fallbacks, *extra):
            seen.setdefault(font.key, font)
        return tuple(seen.values())


def _parse_spec(spec: str) -> tuple[Path, int]:
    path, _, index = spec.partition("#")
    try:
        return Path(path).expanduser(), int(index or 0)
    except ValueError:
        raise MissingCJKFont(f"{spec!r}: the index after '#' must be a number") from None


@functools.cache
def load(path: Path, index: int = 0) -> Font:
    """Parse a TrueType font (raises MissingCJKFont if it is absent or not TrueType)."""
    # reportlab's parser, imported here so that `anping.reports` imports without reportlab
    from reportlab.pdfbase.ttfonts import TTFError, TTFontFile  # type: ignore[import-untyped]

    if not path.is_file():
        raise MissingCJKFont(f"font file {path} does not exist")
    try:
        parsed = TTFontFile(str(path), subfontIndex=index, validate=0)
    except TTFError as exc:
        raise MissingCJKFont(
            f"{path}#{index} cannot be embedded: {exc}. Use a TrueType font (glyf outlines), "
            f"e.g. `apt-get install {RECOMMENDED_PACKAGE}`; OpenType/CFF fonts such as "
            "fonts-noto-cjk are not supported by the PDF library."
        ) from exc
    name = parsed.name.decode("latin-1") if isinstance(parsed.name, bytes) else str(parsed.name)
    return Font(path, index, name, frozenset(parsed.charToGlyph))


def _usable(font: Font) -> bool:
    return all(font.covers(ch) for ch in PROBE)


def _from_env(variable: str) -> Font | None:
    spec = os.environ.get(variable, "").strip()
    if not spec:
        return None
    font = load(*_parse_spec(spec))
    if not _usable(font):
        missing = "".join(ch for ch in PROBE if not font.covers(ch))
        raise MissingCJKFont(f"{variable}={spec}: the font lacks {missing!r}; choose a CJK font")
    return font


def _first(candidates: tuple[Candidate, ...]) -> Font | None:
    for cand in candidates:
        if not cand.path.is_file():
            continue
        try:
            font = load(cand.path, cand.index)
        except MissingCJKFont:
            continue
        if _usable(font):
            return font
    return None


def find() -> FontSet:
    """The fonts for a PDF report, from the environment or the Debian font packages."""
    body = _from_env(ENV_FONT) or _first(BODY_CANDIDATES)
    if body is None:
        packages = ", ".join(sorted({c.package for c in BODY_CANDIDATES}))
        raise MissingCJKFont(
            "No TrueType font with Chinese characters was found, so the PDF report cannot be "
            f"rendered. Install one: `apt-get install {RECOMMENDED_PACKAGE}` (or one of "
            f"{packages}), or set {ENV_FONT} to the path of a TrueType CJK font "
            "(`path#index` for a .ttc collection)."
        )
    heading = _from_env(ENV_HEADING_FONT)
    if heading is None:
        heading = body if os.environ.get(ENV_FONT) else (_first(HEADING_CANDIDATES) or body)
    fallbacks: list[Font] = []
    for cand in (*BODY_CANDIDATES, *FALLBACK_CANDIDATES):
        if cand.path.is_file():
            try:
                fallbacks.append(load(cand.path, cand.index))
            except MissingCJKFont:
                continue
    latin = None
    for cand in LATIN_CANDIDATES:
        if cand.path.is_file():
            try:
                latin = load(cand.path, cand.index)
            except MissingCJKFont:
                continue
            break
    return FontSet(body, heading, tuple(f for f in fallbacks if f.key != body.key), latin)
