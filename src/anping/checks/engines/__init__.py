"""Where a check's table comes from: files through DuckDB, or any database through Ibis.

A check is written once, as an Ibis expression over a table whose columns are named by *role*
(account, time, …). This package turns the provider's input into such a table:

* files (NDJSON, CSV, Parquet; globs; gzip or zstd) are read by an in-process DuckDB with
  **explicit schemas** — every mapped column is read as text and typed by the check itself,
  because engines infer types differently and a guessed type would silently drop values
  (`duckdb_files`, with `files`, `encoding` and `readers` for what the files are);
* a connection URL (``duckdb://…``, ``postgres://…``, ``clickhouse://…``, ``trino://…``) is opened
  with Ibis, so the aggregate runs where the data lives and only a few hundred rows come back
  (`ibis_sources`).

Input that cannot be read is never passed over in silence: an unreadable file raises
`InputError` (the check then reports "cannot_decide"); lines DuckDB had to skip are counted
(`Source.rejected`) and reported. Memory stays flat: DuckDB streams aggregates under a
``memory_limit`` and spills to a temporary directory; nothing is loaded into Python.
"""

from anping.checks.engines.duckdb_files import EngineSettings, duckdb_connection, open_files
from anping.checks.engines.encoding import (
    FALLBACK_ENCODINGS,
    decodes_as,
    detect_encoding,
    transcode_to_utf8,
)
from anping.checks.engines.errors import InputError, first_line, unreadable
from anping.checks.engines.files import (
    COMPRESSIONS,
    FORMATS,
    SNIFF_BYTES,
    Compression,
    Format,
    detect_format,
    expand_inputs,
    open_decompressed,
    read_head,
)
from anping.checks.engines.ibis_sources import from_table, open_url, redact_url
from anping.checks.engines.progress import run_with_progress
from anping.checks.engines.readers import (
    SNIFF_RECORDS,
    CsvDialect,
    compression_for_duckdb,
    csv_sql,
    ndjson_sql,
    parquet_columns,
    parquet_sql,
    sniff_csv,
    sniff_ndjson_columns,
)
from anping.checks.engines.source import Source, project_roles, resolve_mapping
from anping.checks.engines.sql import sql_ident, sql_list, sql_str

__all__ = [
    "COMPRESSIONS",
    "FALLBACK_ENCODINGS",
    "FORMATS",
    "SNIFF_BYTES",
    "SNIFF_RECORDS",
    "Compression",
    "CsvDialect",
    "EngineSettings",
    "Format",
    "InputError",
    "Source",
    "compression_for_duckdb",
    "csv_sql",
    "decodes_as",
    "detect_encoding",
    "detect_format",
    "duckdb_connection",
    "expand_inputs",
    "first_line",
    "from_table",
    "ndjson_sql",
    "open_decompressed",
    "open_files",
    "open_url",
    "parquet_columns",
    "parquet_sql",
    "project_roles",
    "read_head",
    "redact_url",
    "resolve_mapping",
    "run_with_progress",
    "sniff_csv",
    "sniff_ndjson_columns",
    "sql_ident",
    "sql_list",
    "sql_str",
    "transcode_to_utf8",
    "unreadable",
]
