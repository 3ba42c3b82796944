"""Normalising account names before screening (pa-2020d Art. 8 ¶2-3; pa-2017 Art. 7, 13).

Evasions the screen must see through: traditional characters, full-width letters, zero-width
characters, emoji and punctuation, Cyrillic look-alikes, Kangxi radicals and sound-alikes.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from anping.checks.name_normalise import forms, normalise, pinyin_key, translation_table


def test_pa2020d_art8_traditional_becomes_simplified() -> None:
    assert normalise("國家互聯網信息辦公室") == "国家互联网信息办公室"
    assert normalise("人民日報") == "人民日报"


def test_pa2020d_art8_fullwidth_and_case_fold_to_ascii() -> None:
    assert normalise("ＣＣＴＶ新闻") == "cctv新闻"
    assert normalise("CCTV新闻") == normalise("cctv 新闻")


def test_pa2020d_art8_zero_width_and_invisible_characters_are_removed() -> None:
    for hidden in ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"):
        assert normalise(f"公{hidden}安{hidden}局") == "公安局"


def test_pa2020d_art8_emoji_punctuation_and_spaces_are_removed() -> None:
    assert normalise("人民😀日报!!") == "人民日报"
    assert normalise("【人民·日报】 ✨") == "人民日报"
    assert normalise("新华社🇨🇳") == "新华社"


def test_pa2020d_art8_cyrillic_and_greek_lookalikes_fold_to_latin() -> None:
    assert normalise("gоv") == "gov"  # Cyrillic о
    assert normalise("сctv") == "cctv"  # Cyrillic с
    assert normalise("Аpple") == normalise("apple")  # Cyrillic capital А
    assert normalise("ναlue") == "value"  # Greek ν, α


def test_pa2020d_art8_kangxi_radicals_become_unified_ideographs() -> None:
    assert normalise("⼈民日报") == "人民日报"  # U+2F08 KANGXI RADICAL MAN
    assert normalise("⽇报") == "日报"  # U+2F47 KANGXI RADICAL SUN
    assert normalise("⻢云") == "马云"  # U+2EE2 CJK RADICAL C-SIMPLIFIED HORSE (NFKC keeps it)


def test_pa2020d_art8_chinese_lookalike_substitutions() -> None:
    assert normalise("囯家网信办") == normalise("国家网信办")
    assert normalise("中央电视台") == normalise("中央电视台")


def test_pa2020d_art8_pinyin_key_catches_sound_alikes() -> None:
    assert forms("公安局").pinyin == forms("公按局").pinyin == "gonganju"
    assert pinyin_key("绿色") == "lvse"  # ü is written v
    assert forms("gonganju").pinyin == "gonganju"  # a name written in pinyin meets its characters


def test_normalise_of_nothing_comparable_is_empty() -> None:
    assert normalise("") == ""
    assert normalise("😀 !!! \u200b") == ""


def test_translation_table_values_are_fixed_points() -> None:
    table = translation_table()
    assert all(ord(c) not in table for value in table.values() for c in value)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40))
def test_normalise_is_idempotent_and_never_raises(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert pinyin_key(once) == pinyin_key(normalise(once))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=20))
def test_forms_never_raise_on_any_code_point(text: str) -> None:
    f = forms(text)
    assert f.raw == text
    assert isinstance(f.norm, str)
    assert isinstance(f.pinyin, str)
