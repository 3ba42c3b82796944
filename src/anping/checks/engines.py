"""Where a check's table comes from: files through DuckDB, or any database through Ibis.

A check is written once, as an Ibis expression over a table whose columns are named by *role*
(account, time, …). This module turns the provider's input into such a table:

* files (NDJSON, CSV, Parquet; globs; gzip or zstd) are read by an in-process DuckDB with
  **explicit schemas** — every mapped column is read as text and typed by the check itself,
  because engines infer types differently and a guessed type would silently drop values;
* a connection URL (``duckdb://…``, ``postgres://…``, ``clickhouse://…``, ``trino://…``) is opened
  with Ibis, so the aggregate runs where the data lives and only a few hundred rows come back.

Input that cannot be read is never passed over in silence: an unreadable file raises
`InputError` (the check then reports "cannot_decide"); lines DuckDB had to skip are counted
(`Source.rejected_rows`) and reported. Memory stays flat: DuckDB streams aggregates under a
``memory_limit`` and spills to a temporary directory; nothing is loaded into Python.
"""

from __future__ import annotations

import codecs
import csv
import glob
import gzip
import io
import json
import os
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal, TypeVar

import ibis  # type: ignore[import-untyped]
import ibis.expr.types as ir  # type: ignore[import-untyped]

from anping.checks.registry import Progress
from anping.checks.result import InputFingerprint, fingerprint

_T = TypeVar("_T")

Format = Literal["ndjson", "csv", "parquet"]
Compression = Literal["none", "gzip", "zstd"]

FORMATS: dict[str, Format] = {
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
    ".json": "ndjson",
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}
COMPRESSIONS: dict[str, Compression] = {
    ".gz": "gzip",
    ".gzip": "gzip",
    ".zst": "zstd",
    ".zstd": "zstd",
}
SNIFF_BYTES = 1 << 16  # enough for a CSV header or a hundred NDJSON records
SNIFF_RECORDS = 200
FALLBACK_ENCODINGS = ("gb18030",)  # a superset of GBK and GB2312: Chinese exports use these


class InputError(Exception):
    """The input cannot be read as asked; the message says why, in Chinese and English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en


@dataclass(frozen=True)
class EngineSettings:
    """Resource limits for the in-process engine: a small machine must not run out of memory."""

    memory_limit: str = "1GB"
    threads: int | None = None  # None: all cores
    temp_directory: str | None = None  # where DuckDB spills; None: the system temp directory


@dataclass
class Source:
    """A table ready for a check, plus what is known about how it was read."""

    table: ir.Table
    engine: str
    inputs: tuple[InputFingerprint, ...] = ()
    notes: list[str] = field(default_factory=list)  # e.g. transcoded from GBK
    rejected: Callable[[], int] = lambda: 0  # lines the reader skipped; ask after the scan
    tolerate: Callable[[BaseException], bool] = lambda exc: False  # retry skipping bad lines?
    progress: Callable[[], float | None] = lambda: None  # 0–100 while a query runs, if known


# --- role mapping ---------------------------------------------------------------------------


def _norm(name: str) -> str:
    return name.strip().lower().replace("-", "_").replace(" ", "_")


def resolve_mapping(
    columns: Sequence[str],
    roles: Mapping[str, tuple[str, ...]],
    explicit: Mapping[str, str] | None = None,
) -> dict[str, str | None]:
    """Which column plays which role: the explicit mapping first, then the common names.

    A role nobody maps and no column recognises maps to None (the check then reports the field
    as missing). An explicit mapping that names an unknown role or a missing column is an
    error: a typo must not turn into "field missing" or, worse, into a different column.
    """
    explicit = dict(explicit or {})
    unknown = sorted(set(explicit) - set(roles))
    if unknown:
        raise InputError(
            f"未知的字段角色：{', '.join(unknown)}（可用：{', '.join(roles)}）",
            f"unknown field role(s) {', '.join(unknown)}; known roles: {', '.join(roles)}",
        )
    by_norm = {_norm(c): c for c in reversed(columns)}
    mapping: dict[str, str | None] = {}
    for role, candidates in roles.items():
        if role in explicit:
            wanted = explicit[role]
            if wanted not in columns:
                raise InputError(
                    f"映射的列 {wanted!r}（{role}）在输入中不存在；现有列：{', '.join(columns)}",
                    f"mapped column {wanted!r} (role {role}) is not in the input;"
                    f" columns present: {', '.join(columns)}",
                )
            mapping[role] = wanted
            continue
        mapping[role] = next((by_norm[_norm(c)] for c in candidates if _norm(c) in by_norm), None)
    return mapping


def project_roles(table: ir.Table, mapping: Mapping[str, str | None]) -> ir.Table:
    """The table with one column per mapped role, named by the role (unmapped roles absent)."""
    return table.select(**{role: table[col] for role, col in mapping.items() if col is not None})


# --- files ------------------------------------------------------------------------------------


def expand_inputs(patterns: Sequence[str]) -> list[Path]:
    """Paths and globs to a sorted list of files; a pattern matching nothing is an error."""
    files: list[Path] = []
    for pattern in patterns:
        path = Path(pattern).expanduser()
        if path.is_file():
            matches = [path]
        elif path.is_dir():
            matches = sorted(p for p in path.iterdir() if p.is_file())
        else:
            matches = sorted(Path(p) for p in glob.glob(str(path), recursive=True))
            matches = [p for p in matches if p.is_file()]
        if not matches:
            raise InputError(f"找不到输入文件：{pattern}", f"no input file matches {pattern!r}")
        files.extend(matches)
    if not files:
        raise InputError("未指定输入文件", "no input files given")
    return list(dict.fromkeys(files))


def detect_format(path: Path) -> tuple[Format, Compression]:
    """Format and compression from the file name, e.g. ``app.ndjson.zst`` → (ndjson, zstd)."""
    suffixes = [s.lower() for s in path.suffixes]
    compression: Compression = "none"
    if suffixes and suffixes[-1] in COMPRESSIONS:
        compression = COMPRESSIONS[suffixes.pop()]
    fmt = FORMATS.get(suffixes[-1]) if suffixes else None
    if fmt is None:
        raise InputError(
            f"无法识别文件格式：{path.name}（支持 .ndjson/.jsonl/.csv/.parquet，可加 .gz/.zst）",
            f"unknown file format: {path.name} (use .ndjson/.jsonl/.csv/.parquet,"
            " optionally .gz/.zst)",
        )
    return fmt, compression


@contextmanager
def open_decompressed(path: Path, compression: Compression) -> Iterator[IO[bytes]]:
    """A byte stream of the file's content, decompressed on the fly (never all in memory)."""
    with path.open("rb") as raw:
        if compression == "gzip":
            with gzip.GzipFile(fileobj=raw) as stream:
                yield stream  # type: ignore[misc]
        elif compression == "zstd":
            import zstandard

            with zstandard.ZstdDecompressor().stream_reader(raw) as zstream:
                yield io.BufferedReader(zstream)
        else:
            yield raw


def read_head(path: Path, compression: Compression, size: int = SNIFF_BYTES) -> bytes:
    """The first `size` bytes of content; an unreadable or empty file raises `InputError`."""
    try:
        with open_decompressed(path, compression) as stream:
            head = stream.read(size)
    except Exception as exc:  # OSError, EOFError, zstandard.ZstdError: damaged or truncated
        raise unreadable(path, exc) from exc
    if not head.strip():
        raise InputError(f"文件为空：{path.name}", f"empty file: {path.name}")
    return head


def unreadable(path: Path, exc: BaseException) -> InputError:
    """A bilingual error for a file that cannot be opened or decompressed."""
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return InputError(
        f"无法读取文件 {path.name}（损坏、截断或压缩格式不符）：{reason}",
        f"cannot read {path.name} (damaged, truncated or wrongly compressed): {reason}",
    )


def detect_encoding(head: bytes, forced: str | None = None) -> str:
    """UTF-8 if the head decodes as UTF-8 (a cut multi-byte character at the end is fine),
    else GB18030 (GBK) if that decodes; otherwise an error naming the file's problem."""
    if forced:
        return codecs.lookup(forced).name
    for encoding in ("utf-8", *FALLBACK_ENCODINGS):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return encoding
    raise InputError(
        "无法识别文件编码（既非 UTF-8 也非 GBK/GB18030），请用 encoding 参数指定",
        "cannot tell the file's encoding (neither UTF-8 nor GBK/GB18030); set the encoding"
        " parameter",
    )


def sniff_ndjson_columns(path: Path, compression: Compression) -> list[str]:
    """Keys of the first records of an NDJSON file, in order of first appearance."""
    head = read_head(path, compression)
    keys: dict[str, None] = {}
    records = 0
    for line in head.splitlines()[:SNIFF_RECORDS]:
        with suppress(ValueError):
            record = json.loads(line)
            if isinstance(record, dict):
                keys.update(dict.fromkeys(record))
                records += 1
    if not records:
        raise InputError(
            f"{path.name} 的开头没有可读的 JSON 记录（每行一条 JSON 对象）",
            f"{path.name} does not start with readable JSON records (one object per line)",
        )
    return list(keys)


@dataclass(frozen=True)
class CsvDialect:
    """What DuckDB needs to read a CSV without guessing: delimiter, header and encoding."""

    delimiter: str
    columns: tuple[str, ...]
    encoding: str


def sniff_csv(path: Path, compression: Compression, encoding: str | None) -> CsvDialect:
    """Header, delimiter and encoding of a CSV file, from its first 64 KiB."""
    head = read_head(path, compression)
    enc = detect_encoding(head, encoding)
    text = codecs.getincrementaldecoder(enc)(errors="replace").decode(head, final=False)
    text = text.lstrip("\ufeff")
    first = text.splitlines()[0] if text.splitlines() else ""
    try:
        delimiter = csv.Sniffer().sniff(first, delimiters=",\t;|").delimiter
    except csv.Error:
        delimiter = ","
    columns = tuple(next(csv.reader([first], delimiter=delimiter)))
    if not any(c.strip() for c in columns):
        raise InputError(f"{path.name} 没有表头行", f"{path.name} has no header row")
    return CsvDialect(delimiter, columns, enc)


def transcode_to_utf8(path: Path, compression: Compression, encoding: str, directory: str) -> Path:
    """Stream a non-UTF-8 CSV (e.g. a GBK export from Excel) into a UTF-8 temporary file.

    DuckDB reads UTF-8 (and UTF-16/Latin-1) only; GBK needs transcoding. Chunks of 1 MiB keep
    memory flat; a byte sequence that is not valid in the encoding is an error, not a guess.
    """
    target = Path(tempfile.mkstemp(suffix=".csv", prefix="anping-utf8-", dir=directory)[1])
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with open_decompressed(path, compression) as src, target.open("w", encoding="utf-8") as out:
            while block := src.read(1 << 20):
                out.write(decoder.decode(block))
            out.write(decoder.decode(b"", final=True))
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path.name} 含有不符合 {encoding} 编码的字节（位置约 {exc.start}）",
            f"{path.name} has bytes that are not valid {encoding} (near byte {exc.start})",
        ) from exc
    except Exception as exc:
        raise unreadable(path, exc) from exc
    return target


def sql_str(value: str) -> str:
    """A SQL string literal (file names and column names are data, never SQL)."""
    return "'" + value.replace("'", "''") + "'"


def sql_ident(value: str) -> str:
    """A quoted SQL identifier."""
    return '"' + value.replace('"', '""') + '"'


def _columns_struct(columns: Sequence[str]) -> str:
    return "{" + ", ".join(f"{sql_str(c)}: 'VARCHAR'" for c in columns) + "}"


def _file_list(paths: Sequence[Path]) -> str:
    return "[" + ", ".join(sql_str(str(p)) for p in paths) + "]"


def ndjson_sql(
    paths: Sequence[Path],
    columns: Sequence[str],
    compression: Compression,
    ignore_errors: bool = False,
) -> str:
    """DuckDB's NDJSON reader with every column typed VARCHAR.

    Strict by default (the fast path: a clean file is parsed once). With ``ignore_errors`` a
    garbled line becomes a row of NULLs instead of failing the run; the check counts the rows
    that came back empty as unreadable and reports them, so nothing passes in silence.
    """
    return (
        f"read_json({_file_list(paths)},"
        f" format='newline_delimited', columns={_columns_struct(columns)},"
        f" compression='{compression_for_duckdb(compression)}', "
        f" ignore_errors={str(ignore_errors).lower()}, maximum_object_size=16777216)"
    )


def csv_sql(paths: Sequence[Path], dialect: CsvDialect, compression: Compression) -> str:
    """DuckDB's CSV reader with the sniffed header, all text, and rejected lines stored."""
    return (
        f"read_csv({_file_list(paths)}, header=true, auto_detect=false,"
        f" delim={sql_str(dialect.delimiter)}, quote='\"', escape='\"',"
        f" columns={_columns_struct(dialect.columns)},"
        f" compression='{compression_for_duckdb(compression)}', store_rejects=true,"
        " max_line_size=16777216)"
    )


def parquet_sql(paths: Sequence[Path]) -> str:
    """Parquet carries its own schema; the check types each column from it."""
    return f"read_parquet({_file_list(paths)})"


def compression_for_duckdb(compression: Compression) -> str:
    return {"none": "none", "gzip": "gzip", "zstd": "zstd"}[compression]


def parquet_columns(path: Path) -> list[str]:
    """Column names from a Parquet footer; a truncated file fails here, clearly."""
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    try:
        return list(pq.read_schema(path).names)
    except Exception as exc:
        raise unreadable(path, exc) from exc


def _check_nonempty(paths: Sequence[Path]) -> None:
    for path in paths:
        if path.stat().st_size == 0:
            raise InputError(f"文件为空：{path.name}", f"empty file: {path.name}")


def _one_format(paths: Sequence[Path]) -> tuple[Format, Compression]:
    kinds = {detect_format(p) for p in paths}
    if len(kinds) > 1:
        raise InputError(
            "一次检查的输入文件须为同一格式和压缩方式",
            "all input files of one run must have the same format and compression",
        )
    return kinds.pop()


def duckdb_connection(settings: EngineSettings) -> Any:
    """An in-process DuckDB with memory and thread limits and a spill directory."""
    import duckdb

    con = duckdb.connect(":memory:")
    con.execute(f"SET memory_limit={sql_str(settings.memory_limit)}")
    if settings.threads:
        con.execute(f"SET threads={int(settings.threads)}")
    con.execute(f"SET temp_directory={sql_str(settings.temp_directory or tempfile.gettempdir())}")
    con.execute("SET preserve_insertion_order=false")  # lets aggregates stream
    con.execute("SET TimeZone='UTC'")  # epoch values are UTC; wall-clock text stays as written
    con.execute("SET enable_progress_bar=true")
    con.execute("SET enable_progress_bar_print=false")
    return con


@contextmanager
def open_files(
    patterns: Sequence[str],
    roles: Mapping[str, tuple[str, ...]],
    mapping: Mapping[str, str] | None = None,
    *,
    encoding: str | None = None,
    settings: EngineSettings | None = None,
    fingerprints: bool = True,
) -> Iterator[tuple[Source, dict[str, str | None]]]:
    """Open log files in DuckDB as a role-named Ibis table; yields (source, resolved mapping).

    Raises `InputError` for anything that makes the input unreadable before the scan: no file,
    unknown format, empty file, undecodable header, a mapped column the file does not have.
    """
    settings = settings or EngineSettings()
    paths = expand_inputs(patterns)
    _check_nonempty(paths)
    fmt, compression = _one_format(paths)
    workdir = tempfile.mkdtemp(prefix="anping-", dir=settings.temp_directory)
    notes: list[str] = []
    try:
        sql, columns = _reader_sql(paths, fmt, compression, encoding, workdir, notes)
        resolved = resolve_mapping(columns, roles, mapping)
        con = duckdb_connection(settings)
        backend = ibis.duckdb.from_connection(con)
        con.execute(f"CREATE TEMP VIEW anping_input AS FROM {sql}")
        tolerate = (
            _tolerant_json(con, paths, columns, compression, notes) if fmt == "ndjson" else None
        )
        table = project_roles(backend.table("anping_input"), resolved)
        source = Source(
            table=table,
            engine="duckdb",
            inputs=tuple(fingerprint(p) for p in paths) if fingerprints else (),
            notes=notes,
            rejected=_rejects_counter(con) if fmt == "csv" else (lambda: 0),
            progress=lambda: _duckdb_progress(con),
        )
        if tolerate is not None:
            source.tolerate = tolerate
        try:
            yield source, resolved
        finally:
            con.close()
    finally:
        _remove_tree(workdir)


def _reader_sql(
    paths: list[Path],
    fmt: Format,
    compression: Compression,
    encoding: str | None,
    workdir: str,
    notes: list[str],
) -> tuple[str, list[str]]:
    """The DuckDB reader for the files and the columns they have (explicit schema)."""
    if fmt == "parquet":
        columns = parquet_columns(paths[0])
        for path in paths[1:]:
            parquet_columns(path)
        return parquet_sql(paths), columns
    if fmt == "ndjson":
        seen: dict[str, None] = {}
        for path in paths:
            seen.update(dict.fromkeys(sniff_ndjson_columns(path, compression)))
        return ndjson_sql(paths, list(seen), compression), list(seen)
    dialects = [sniff_csv(p, compression, encoding) for p in paths]
    if len({d.columns for d in dialects}) > 1:
        raise InputError("各 CSV 文件的表头不一致", "the CSV files do not share one header")
    readable: list[Path] = []
    for path, dialect in zip(paths, dialects, strict=True):
        if dialect.encoding in ("utf-8", "utf_8"):
            readable.append(path)
            continue
        notes.append(f"{path.name}: transcoded from {dialect.encoding} to UTF-8")
        readable.append(transcode_to_utf8(path, compression, dialect.encoding, workdir))
    plain = any(dialect.encoding not in ("utf-8", "utf_8") for dialect in dialects)
    return csv_sql(readable, dialects[0], "none" if plain else compression), list(
        dialects[0].columns
    )


def _tolerant_json(
    con: Any, paths: list[Path], columns: list[str], compression: Compression, notes: list[str]
) -> Callable[[BaseException], bool]:
    """After a JSON parse error, swap the view for a reader that skips bad lines (once)."""
    done: list[bool] = []

    def tolerate(exc: BaseException) -> bool:
        if done or "json" not in str(exc).lower():
            return False
        done.append(True)
        notes.append(f"malformed JSON lines skipped and counted: {first_line(exc)}")
        reader = ndjson_sql(paths, columns, compression, ignore_errors=True)
        con.execute(f"CREATE OR REPLACE TEMP VIEW anping_input AS FROM {reader}")
        return True

    return tolerate


def _rejects_counter(con: Any) -> Callable[[], int]:
    def count() -> int:
        try:
            row = con.execute(
                "SELECT count(DISTINCT (file_id, line)) FROM reject_errors"
            ).fetchone()
        except Exception:  # no rejects table: nothing was rejected
            return 0
        return int(row[0]) if row else 0

    return count


def _duckdb_progress(con: Any) -> float | None:
    try:
        value = float(con.query_progress())
    except Exception:
        return None
    return value if value >= 0 else None


def _remove_tree(directory: str) -> None:
    for root, dirs, files in os.walk(directory, topdown=False):
        for name in files:
            with suppress(OSError):
                os.remove(os.path.join(root, name))
        for name in dirs:
            with suppress(OSError):
                os.rmdir(os.path.join(root, name))
    with suppress(OSError):
        os.rmdir(directory)


# --- connection URLs --------------------------------------------------------------------------


@contextmanager
def open_url(
    url: str,
    table_name: str,
    roles: Mapping[str, tuple[str, ...]],
    mapping: Mapping[str, str] | None = None,
) -> Iterator[tuple[Source, dict[str, str | None]]]:
    """Open a table through an Ibis connection URL; the check's aggregate runs in that engine.

    Examples: ``duckdb:///data/logs.duckdb``, ``postgres://user@host/db``,
    ``clickhouse://user@host:9000/db``, ``trino://user@host:8080/catalog/schema``.
    """
    try:
        backend = ibis.connect(url)
    except Exception as exc:
        raise InputError(
            f"无法连接 {redact_url(url)}：{first_line(exc)}",
            f"cannot connect to {redact_url(url)}: {first_line(exc)}",
        ) from exc
    try:
        try:
            raw = backend.table(table_name)
        except Exception as exc:
            raise InputError(
                f"表 {table_name!r} 不存在或无法读取：{first_line(exc)}",
                f"table {table_name!r} does not exist or cannot be read: {first_line(exc)}",
            ) from exc
        resolved = resolve_mapping(list(raw.columns), roles, mapping)
        source = Source(table=project_roles(raw, resolved), engine=f"ibis:{backend.name}")
        yield source, resolved
    finally:
        with suppress(Exception):
            backend.disconnect()


def from_table(
    table: ir.Table,
    roles: Mapping[str, tuple[str, ...]],
    mapping: Mapping[str, str] | None = None,
    engine: str = "ibis",
) -> tuple[Source, dict[str, str | None]]:
    """A source from any Ibis table, e.g. a Spark DataFrame registered in a pyspark backend."""
    resolved = resolve_mapping(list(table.columns), roles, mapping)
    return Source(table=project_roles(table, resolved), engine=engine), resolved


def redact_url(url: str) -> str:
    """A URL without its password, fit for messages and stored parameters."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    creds, _, host = rest.rpartition("@")
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in creds else url


def first_line(exc: BaseException) -> str:
    """The first line of an error message: enough to act on, no stack trace."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# --- running with progress ---------------------------------------------------------------------


def run_with_progress(
    work: Callable[[], _T], source: Source, progress: Progress | None, interval: float = 0.2
) -> _T:
    """Run `work` (one query) while reporting the engine's progress as (percent, 100).

    DuckDB reports how far a query has come; other engines report nothing until the end.
    """
    if progress is None:
        return work()
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = work()
        except BaseException as exc:
            result["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    progress(0, 100)
    while worker.is_alive():
        worker.join(interval)
        percent = source.progress()
        if percent is not None:
            progress(min(int(percent), 99), 100)
    if "error" in result:
        raise result["error"]
    progress(100, 100)
    return result["value"]  # type: ignore[no-any-return]
