"""Benchmark: screening account names against protected and closed names (anping.checks.names).

Generates 1,000,000 account names (at --scale 1), 10,000 protected names (government bodies,
media, well-known people) and 100,000 closed-account names; about 1% of the account names are
injected variants of a protected or closed name (traditional characters, look-alikes, Kangxi
radicals, full-width, inserted punctuation/emoji/zero-width characters, sound-alike swaps, an
added character). Then it times the full screen (normalisation, blocking, scoring, keywords) and
measures recall of the blocked fuzzy screen against brute-force RapidFuzz `cdist` at the same
threshold on a sample of queries (brute force on everything would take ~20 minutes).

    python benchmarks/name_screening.py              # the full size
    python benchmarks/name_screening.py --scale 0.05 # a quick run
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import time
import unicodedata
from collections.abc import Callable, Sequence
from importlib import resources

import numpy as np
from rapidfuzz import fuzz, process

from anping.checks.name_normalise import forms, homoglyph_pairs, normalise
from anping.checks.names import Match, ReferenceIndex, screen


def _words(text: str) -> list[str]:
    return text.split()


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤欧阳"
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红建华飞鹏宇浩然子轩梓涵欣怡"
    "一诺思远雨桐博文嘉怡俊杰晨曦佳琪志强海燕文静丹丹晓东春梅国庆建国立新永红德华振宇天佑若曦"
    "梦琪紫萱诗涵晓明婷婷雪梅凤英秋菊冬梅慧敏宏伟家豪昊天逸飞晨阳安琪"
)
REGIONS = _words(
    "北京市 天津市 上海市 重庆市 河北省 山西省 辽宁省 吉林省 黑龙江省 江苏省 浙江省 安徽省 福建省 江西省 "
    "山东省 河南省 湖北省 湖南省 广东省 海南省 四川省 贵州省 云南省 陕西省 甘肃省 青海省 内蒙古自治区 "
    "广西壮族自治区 西藏自治区 宁夏回族自治区 新疆维吾尔自治区 石家庄市 太原市 沈阳市 大连市 长春市 "
    "哈尔滨市 南京市 苏州市 无锡市 杭州市 宁波市 温州市 合肥市 福州市 厦门市 南昌市 济南市 青岛市 郑州市 "
    "武汉市 长沙市 广州市 深圳市 珠海市 佛山市 东莞市 南宁市 海口市 成都市 贵阳市 昆明市 西安市 兰州市 "
    "西宁市 银川市 乌鲁木齐市 呼和浩特市 拉萨市 朝阳区 海淀区 东城区 西城区 浦东新区 徐汇区 黄浦区 "
    "天河区 越秀区 南山区 福田区 宝安区 龙岗区 江北区 渝中区 锦江区 武侯区 西湖区 余杭区 鼓楼区 玄武区 "
    "洪山区 江汉区 岳麓区 雁塔区 历下区 市南区 金水区 思明区 昆山市 义乌市 慈溪市 晋江市 顺德区"
)
DEPARTMENTS = _words(
    "公安局 市场监督管理局 教育局 卫生健康委员会 税务局 人民法院 人民检察院 交通运输局 生态环境局 应急管理局 "
    "文化和旅游局 人力资源和社会保障局 民政局 财政局 自然资源局 住房和城乡建设局 农业农村局 商务局 审计局 "
    "统计局 网信办 发展和改革委员会 司法局 退役军人事务局 体育局 医疗保障局 信访局 消防救援支队 气象局 "
    "人民政府 总工会 团委 妇联 科学技术局 工业和信息化局 水利局 林业局 外事办公室 融媒体中心 交通警察支队"
)
MEDIA = _words("日报 晚报 电视台 广播电视台 新闻网 发布 新闻 都市报 商报 晨报")
TOPICS = _words(
    "美食 旅行 财经 科技 育儿 健身 读书 电影 音乐 摄影 数码 汽车 房产 教育 职场 情感 搞笑 娱乐 体育 游戏 "
    "动漫 时尚 美妆 宠物 健康 养生 历史 法律 心理 英语 考研 股票 基金 理财 装修 园艺 钓鱼 户外 烘焙 茶艺"
)
SUFFIXES = _words(
    "攻略 日记 频道 小站 研究所 工作室 说 观察 笔记 指南 圈 之家 头条 速递 百科 君 酱 控 生活 分享 课堂 "
    "实验室 杂谈 手记 物语 大全 早知道 情报局 俱乐部 联盟"
)
ADJ = _words(
    "快乐 可爱 温柔 勇敢 安静 阳光 自由 简单 认真 热情 清新 文艺 佛系 硬核 元气 神秘 低调 独立"
)
LATIN = ["CCTV", "Vlog", "TV", "Daily", "News", "Studio", "Club", "Lab", "Go", "Pro"]
EMOJI = ["😀", "🔥", "✨", "👍", "🌸", "❤", "★", "☆"]
PUNCT = [" ", "·", "-", "_", ".", "!", "~", "、", "|", "【", "】"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]


def _gb2312_level1() -> str:
    """The 3,755 most common characters (GB 2312 level 1), for words no vocabulary lists."""
    out = []
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(out)


COMMON = _gb2312_level1()


def word(r: random.Random) -> str:
    """A two-character word: from the lists above half of the time, else common characters."""
    if r.random() < 0.5:
        return r.choice(TOPICS)
    return r.choice(COMMON) + r.choice(COMMON)


def person(r: random.Random) -> str:
    pool = GIVEN if r.random() < 0.5 else COMMON
    return r.choice(SURNAMES) + "".join(r.choice(pool) for _ in range(r.choice((1, 2, 2))))


def nickname(r: random.Random) -> str:
    g = r.choice(GIVEN)
    return r.choice([f"小{g}", f"阿{g}", f"老{r.choice(SURNAMES)}", g + g, f"大{g}", person(r)])


def account_name(r: random.Random) -> str:
    """A plausible public-account name."""
    k = r.random()
    if k < 0.25:
        return f"{nickname(r)}的{word(r)}{r.choice(SUFFIXES) if r.random() < 0.5 else ''}"
    if k < 0.45:
        return f"{r.choice(REGIONS)[:-1]}{word(r)}{r.choice(SUFFIXES)}"
    if k < 0.55:
        return f"{r.choice(ADJ)}{word(r)}{r.choice(SUFFIXES)}"
    if k < 0.65:
        return f"{word(r)}{word(r)}"
    if k < 0.75:
        return f"{nickname(r)}{r.choice(SUFFIXES)}"
    if k < 0.85:
        return f"{word(r)}{r.choice(LATIN)}{r.randint(1, 999)}"
    return person(r) + r.choice(["", "", str(r.randint(1, 99)), word(r)])


def protected_names(r: random.Random, n: int) -> list[str]:
    """Government bodies, media and well-known people (invented), n unique names."""
    out = [f"{reg}{dept}" for reg in REGIONS for dept in DEPARTMENTS]
    out += [f"{reg[:-1]}{m}" for reg in REGIONS for m in MEDIA]
    out += [
        "国家互联网信息办公室",
        "公安部",
        "新华社",
        "人民日报",
        "中央广播电视总台",
        "中国新闻社",
    ]
    r.shuffle(out)
    names = dict.fromkeys(out[: int(n * 0.8)])
    while len(names) < n:
        names[person(r) if r.random() < 0.7 else f"{person(r)}{r.choice(['工作室', '基金会'])}"] = (
            None
        )
    return list(names)[:n]


def unique_names(r: random.Random, n: int, avoid: set[str]) -> list[str]:
    names: dict[str, None] = {}
    while len(names) < n:
        name = account_name(r)
        if name not in avoid:
            names[name] = None
    return list(names)


# --- variants ---------------------------------------------------------------------------


def _s2t_table() -> dict[int, str]:
    text = resources.files("opencc").joinpath("dictionary", "STCharacters.txt").read_text("utf-8")
    table = {}
    for line in text.splitlines():
        src, _, tgt = line.partition("\t")
        if len(src) == 1 and tgt.split() and len(tgt.split()[0]) == 1:
            table[ord(src)] = tgt.split()[0]
    return table


def _kangxi_table() -> dict[int, str]:
    return {
        ord(unicodedata.normalize("NFKC", chr(c))): chr(c)
        for c in range(0x2F00, 0x2FD6)
        if len(unicodedata.normalize("NFKC", chr(c))) == 1
    }


def _homophones() -> dict[str, list[str]]:
    by_sound: dict[str, list[str]] = {}
    common = set(SURNAMES + GIVEN + "".join(REGIONS + DEPARTMENTS + MEDIA + TOPICS + SUFFIXES))
    common |= set("安按岸暗案公工功攻宫共供局居据聚举网往望忘旺信心新星兴报保宝抱日人")
    for ch in common:
        f = forms(ch)
        if f.norm == ch and f.pinyin:
            by_sound.setdefault(f.pinyin, []).append(ch)
    return {
        ch: [o for o in by_sound[forms(ch).pinyin] if o != ch]
        for ch in common
        if forms(ch).pinyin in by_sound
    }


S2T = _s2t_table()
KANGXI = _kangxi_table()
HOMOGLYPH_OF: dict[str, list[str]] = {}
for _variant, _canon in homoglyph_pairs().items():
    HOMOGLYPH_OF.setdefault(_canon, []).append(_variant)
HOMOPHONES = _homophones()


def _insert(r: random.Random, name: str, pool: Sequence[str]) -> str:
    pos = r.randint(1, max(len(name) - 1, 1))
    return name[:pos] + r.choice(pool) + name[pos:]


def _swap_one(r: random.Random, name: str, table: dict[str, list[str]]) -> str | None:
    spots = [i for i, c in enumerate(name) if table.get(c)]
    if not spots:
        return None
    i = r.choice(spots)
    return name[:i] + r.choice(table[name[i]]) + name[i + 1 :]


def _fullwidth(name: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in name)


VARIANTS: dict[str, Callable[[random.Random, str], str | None]] = {
    "traditional": lambda r, s: s.translate(S2T) if s.translate(S2T) != s else None,
    "homoglyph": lambda r, s: _swap_one(r, s, HOMOGLYPH_OF),
    "kangxi": lambda r, s: _swap_one(r, s, {chr(k): [v] for k, v in KANGXI.items()}),
    "fullwidth": lambda r, s: _fullwidth(s + str(r.randint(1, 9))),
    "punctuation": lambda r, s: _insert(r, s, PUNCT),
    "emoji": lambda r, s: _insert(r, s, EMOJI),
    "zero_width": lambda r, s: _insert(r, s, INVISIBLE),
    "pinyin_swap": lambda r, s: _swap_one(r, s, HOMOPHONES),
    "extra_char": lambda r, s: _insert(r, s, list("的之号新")),
}


def variant(r: random.Random, name: str) -> tuple[str, str] | None:
    kinds = r.sample(list(VARIANTS), k=r.choice((1, 1, 2)))
    out: str | None = name
    for kind in kinds:
        out = VARIANTS[kind](r, out) if out is not None else None
    return (out, "+".join(kinds)) if out is not None and out != name else None


# --- measuring ----------------------------------------------------------------------------


def build(scale: float, seed: int) -> dict[str, object]:
    r = random.Random(seed)
    n_accounts, n_protected, n_closed = (
        int(1_000_000 * scale),
        int(10_000 * scale),
        int(100_000 * scale),
    )
    protected = protected_names(r, n_protected)
    closed = unique_names(r, n_closed, set(protected))
    accounts = unique_names(r, n_accounts, set(protected) | set(closed))
    injected: dict[int, tuple[str, str, str]] = {}  # position → (list, source, kind)
    positions = r.sample(range(n_accounts), k=n_accounts // 100)
    for pos in positions:
        which, pool = ("protected", protected) if r.random() < 0.5 else ("closed", closed)
        source = r.choice(pool)
        made = variant(r, source)
        if made is not None:
            accounts[pos] = made[0]
            injected[pos] = (which, source, made[1])
    return {"protected": protected, "closed": closed, "accounts": accounts, "injected": injected}


def brute_pairs(queries: list[str], refs: list[str], threshold: float) -> set[tuple[int, int]]:
    """Every (query, reference) pair with fuzz.ratio ≥ threshold, by exhaustive cdist."""
    out: set[tuple[int, int]] = set()
    step = 200
    for start in range(0, len(queries), step):
        m = process.cdist(
            queries[start : start + step],
            refs,
            scorer=fuzz.ratio,
            score_cutoff=threshold,
            workers=-1,
            dtype=np.uint8,
        )
        rows, cols = np.nonzero(m)
        out.update((start + int(a), int(b)) for a, b in zip(rows, cols, strict=True))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="1.0 = 10^6 accounts, 10^4 protected, 10^5 closed"
    )
    parser.add_argument("--threshold", type=float, default=85.0)
    parser.add_argument(
        "--sample", type=int, default=2000, help="queries compared with brute force"
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=20240901)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    t0 = time.perf_counter()
    data = build(args.scale, args.seed)
    protected, closed, accounts = data["protected"], data["closed"], data["accounts"]
    injected = data["injected"]
    assert isinstance(protected, list)
    assert isinstance(closed, list)
    assert isinstance(accounts, list)
    assert isinstance(injected, dict)
    generated = time.perf_counter() - t0
    keywords = _packaged_keywords()

    cpu0 = _cpu()
    t1 = time.perf_counter()
    p_index = ReferenceIndex(protected, threshold=args.threshold, keywords=keywords)
    c_index = ReferenceIndex(closed, threshold=args.threshold, contain_min_len=4)
    indexed = time.perf_counter() - t1
    t2 = time.perf_counter()
    chunk = max(10_000, -(-len(accounts) // (args.workers * 2)))
    screened_all = screen(accounts, [p_index, c_index], workers=args.workers, chunk=chunk)
    results = {pos: matches for pos, (_, matches) in screened_all.items()}
    screened = time.perf_counter() - t2
    total = indexed + screened
    cpu = _cpu() - cpu0

    flagged = {i: [m for m in ms if m] for i, ms in results.items()}
    by_reason: dict[str, int] = {}
    for ms in flagged.values():
        for per_list in ms:
            for m in per_list[:1]:
                by_reason[m.reason] = by_reason.get(m.reason, 0) + 1
    detected = _detection(injected, results, p_index, c_index)

    sample_pos = _sample(args.sample, len(accounts), list(injected), args.seed)
    t3 = time.perf_counter()
    recall = _recall(sample_pos, accounts, results, (p_index, c_index), args.threshold)
    brute_s = time.perf_counter() - t3

    figures = {
        "accounts": len(accounts),
        "protected": len(protected),
        "closed": len(closed),
        "threshold": args.threshold,
        "workers": args.workers,
        "generate_s": round(generated, 1),
        "index_s": round(indexed, 2),
        "screen_s": round(screened, 2),
        "total_s": round(total, 2),
        "names_per_s": round(len(accounts) / total),
        "cpu_s": round(cpu, 1),
        "load_average_1min": round(os.getloadavg()[0], 1),
        "accounts_flagged": len(flagged),
        "first_reason_counts": by_reason,
        "injected_variants": len(injected),
        "injected_detected": detected,
        **recall,
        "brute_force_sample_s": round(brute_s, 2),
        "brute_force_full_estimate_s": round(brute_s * len(accounts) / max(len(sample_pos), 1)),
    }
    print(json.dumps(figures, ensure_ascii=False, indent=2) if args.json else _table(figures))


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the screening workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _packaged_keywords() -> list[str]:
    text = (
        resources.files("anping.checks")
        .joinpath("data", "protected_keywords.txt")
        .read_text("utf-8")
    )
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _sample(n: int, total: int, injected: list[int], seed: int) -> list[int]:
    """Half random queries, half injected variants (so the sample holds matches worth finding)."""
    r = random.Random(seed + 1)
    half = min(n // 2, len(injected))
    chosen = set(r.sample(injected, k=half))
    while len(chosen) < min(n, total):
        chosen.add(r.randrange(total))
    return sorted(chosen)


def _recall(
    positions: list[int],
    accounts: list[str],
    results: dict[int, list[list[Match]]],
    indexes: tuple[ReferenceIndex, ReferenceIndex],
    threshold: float,
) -> dict[str, object]:
    queries = [normalise(accounts[p]) for p in positions]
    figures: dict[str, object] = {"sample_queries": len(positions)}
    for li, (name, index) in enumerate(zip(("protected", "closed"), indexes, strict=True)):
        brute = brute_pairs(queries, index.norms, threshold)
        found = {
            (qi, index.exact[m.reference_norm])
            for qi, p in enumerate(positions)
            for m in (results.get(p) or [[], []])[li]
            if m.reason != "keyword"
        }
        hit = len(brute & found)
        figures[f"recall_{name}"] = round(hit / len(brute), 4) if brute else None
        figures[f"brute_pairs_{name}"] = len(brute)
        figures[f"pairs_compared_brute_{name}"] = len(queries) * len(index)
    return figures


def _detection(
    injected: dict[int, tuple[str, str, str]],
    results: dict[int, list[list[Match]]],
    p_index: ReferenceIndex,
    c_index: ReferenceIndex,
) -> dict[str, object]:
    """Share of injected variants whose source name is among the matches, by variant kind."""
    per_kind: dict[str, list[int]] = {}
    for pos, (which, source, kind) in injected.items():
        li = 0 if which == "protected" else 1
        source_norm = normalise(source)
        found = any(m.reference_norm == source_norm for m in (results.get(pos) or [[], []])[li])
        for k in kind.split("+"):
            per_kind.setdefault(k, [0, 0])
            per_kind[k][0] += found
            per_kind[k][1] += 1
    hits = sum(1 for pos, (w, s, _) in injected.items() if _found(results, pos, w, s))
    return {
        "overall": round(hits / len(injected), 4) if injected else None,
        **{k: round(h / n, 4) for k, (h, n) in sorted(per_kind.items())},
    }


def _found(results: dict[int, list[list[Match]]], pos: int, which: str, source: str) -> bool:
    li = 0 if which == "protected" else 1
    source_norm = normalise(source)
    return any(m.reference_norm == source_norm for m in (results.get(pos) or [[], []])[li])


def _table(figures: dict[str, object]) -> str:
    return "\n".join(f"{k:32} {v}" for k, v in figures.items())


if __name__ == "__main__":
    main()
