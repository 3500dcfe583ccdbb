"""Writes table files as a user's code would (Python's csv module, pandas' to_parquet with pyarrow)
and prints what Python reads back from them, sorted and filtered, for RunLens's table worker to match.

Usage: table_model_reference.py <folder>. Prints one JSON line: {"csv": {...}, "tsv": {...},
"wide": {...}, "parquet": {...}}; see the keys below.
"""
import csv
import json
import math
import os
import random
import sys

import pandas as pd

folder = sys.argv[1]
rng = random.Random(11)
words = ["alpha", "Beta", 'say "hi"', "comma, inside", "line\nbreak", "crlf\r\ninside", "ünïcødé", "日本語", "", " padded "]


def read_back(path, delimiter):
    with open(path, newline="", encoding="utf-8") as handle:
        return [row for row in csv.reader(handle, delimiter=delimiter)]


def delimited(name, delimiter, count):
    path = os.path.join(folder, name)
    rows = [["id", "word", "score", "flag"]]
    for i in range(count):
        # Scores repeat (ties keep file order) and are missing now and then.
        score = "" if i % 17 == 0 else str(rng.randint(0, 400) / 4)
        rows.append([str(i), rng.choice(words), score, rng.choice(["true", "false"])])
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    read = read_back(path, delimiter)
    body = read[1:]
    # Sorted by score ascending and descending, missing last, ties in file order (a stable sort).
    present = [r for r in body if r[2] != ""]
    missing = [r for r in body if r[2] == ""]
    ascending = sorted(present, key=lambda r: float(r[2])) + missing
    descending = sorted(present, key=lambda r: -float(r[2])) + missing
    # Sorted by word: text by code point.
    by_word = sorted([r for r in body if r[1] != ""], key=lambda r: r[1]) + [r for r in body if r[1] == ""]
    needle = "LINE"
    scores = [float(r[2]) for r in body if r[2] != ""]
    return {
        "file": path,
        "columns": read[0],
        "rows": body,
        "ascending": [r[0] for r in ascending],
        "descending": [r[0] for r in descending],
        "byWord": [r[0] for r in by_word],
        "filterAll": [r[0] for r in body if any(needle.lower() in cell.lower() for cell in r)],
        "filterWord": [r[0] for r in body if "a" in r[1].lower()],
        "score": {"nulls": len(body) - len(scores), "min": min(scores), "max": max(scores), "mean": sum(scores) / len(scores)},
    }


def wide():
    path = os.path.join(folder, "wide.csv")
    rows = [[f"c{j}" for j in range(400)]] + [[str(rng.randint(-5, 5)) for _ in range(400)] for _ in range(50)]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    read = read_back(path, ",")
    frame = pd.read_csv(path)
    return {"file": path, "columns": read[0], "rows": read[1:], "c399": {"min": float(frame["c399"].min()), "max": float(frame["c399"].max()), "mean": float(frame["c399"].mean())}}


def parquet():
    path = os.path.join(folder, "table.parquet")
    n = 2500
    frame = pd.DataFrame({
        "id": pd.Series(range(n), dtype="int64"),
        "maybe": pd.array([None if i % 7 == 0 else i * 3 for i in range(n)], dtype="Int64"),
        "ratio": [float("nan") if i % 5 == 0 else rng.random() for i in range(n)],
        "label": [None if i % 11 == 0 else rng.choice(words) for i in range(n)],
        "ok": [i % 3 == 0 for i in range(n)],
    })
    # Small row groups, so the file is read a group at a time.
    frame.to_parquet(path, engine="pyarrow", index=False, row_group_size=1000)
    back = pd.read_parquet(path, engine="pyarrow")

    def cell(value):
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            return None
        if isinstance(value, bool) or hasattr(value, "dtype") and value.dtype == bool:
            return bool(value)
        if isinstance(value, (int,)) or hasattr(value, "dtype") and "int" in str(value.dtype):
            return int(value)
        if isinstance(value, float) or hasattr(value, "dtype") and "float" in str(value.dtype):
            return float(value)
        return str(value)

    rows = [[cell(v) for v in row] for row in back.itertuples(index=False, name=None)]
    ratio = back["ratio"].dropna()
    return {
        "file": path,
        "columns": list(back.columns),
        "rows": rows,
        "ratio": {"nulls": int(back["ratio"].isna().sum()), "min": float(ratio.min()), "max": float(ratio.max()), "mean": float(ratio.mean())},
        "labelNulls": int(back["label"].isna().sum()),
        "maybeDescending": [int(i) for i in back.sort_values("maybe", ascending=False, na_position="last", kind="stable")["id"]],
    }


print(json.dumps({
    # Over 1 MB, so the worker reads it in several chunks and quoted newlines meet chunk ends.
    "csv": delimited("scores.csv", ",", 45000),
    "tsv": delimited("scores.tsv", "\t", 500),
    "wide": wide(),
    "parquet": parquet(),
}))
