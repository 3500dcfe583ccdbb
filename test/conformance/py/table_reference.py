"""Writes table artifacts with Python's csv module and the real mlflow.log_table, and prints what
Python reads back, for RunLens's table parsing to match.

Usage: table_reference.py <folder>. Prints one JSON line: {"delimited": [{"file", "delimiter",
"rows"}], "logged": {"file", "columns", "nulls", "numeric": {column: [min, max, mean]}}}.
"""
import csv
import json
import os
import random
import sys

import mlflow
import pandas as pd

folder = sys.argv[1]
rng = random.Random(7)
awkward = ["plain", "with, comma", 'with "quotes"', "line\nbreak", "crlf\r\ninside", "", " spaced ", "ünïcødé ✓", "=SUM(A1)", "tab\there"]


def write(name, delimiter, rows):
    path = os.path.join(folder, name)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    with open(path, newline="", encoding="utf-8") as handle:
        read = [row for row in csv.reader(handle, delimiter=delimiter)]
    return {"file": path, "delimiter": delimiter, "rows": read}


quoted_rows = [["name", "note", "value"]] + [[f"r{i}", rng.choice(awkward), str(rng.random())] for i in range(200)]
wide_rows = [[f"c{j}" for j in range(300)]] + [[str(rng.randint(0, 9)) for _ in range(300)] for _ in range(20)]
delimited = [write("quoted.csv", ",", quoted_rows), write("quoted.tsv", "\t", quoted_rows), write("wide.csv", ",", wide_rows)]

mlflow.set_tracking_uri(f"sqlite:///{os.path.join(folder, 'mlflow.db')}")
table = {
    "accuracy": [0.91, None, 0.87, 0.95, 0.87],
    "label": ["cat", "dog", None, "cat", "cat"],
    "epochs": [10, 20, 30, 40, 50],
}
with mlflow.start_run():
    mlflow.log_table(table, artifact_file="eval/results.json")
    root = mlflow.get_artifact_uri().removeprefix("file://")
logged_file = os.path.join(root, "eval", "results.json")
frame = pd.read_json(logged_file, orient="split")
numeric = {c: [float(frame[c].min()), float(frame[c].max()), float(frame[c].mean())] for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])}
print(json.dumps({
    "delimited": delimited,
    "logged": {"file": logged_file, "columns": list(frame.columns), "nulls": {c: int(frame[c].isna().sum()) for c in frame.columns}, "numeric": numeric,
               "top": {c: frame[c].value_counts().head(5).to_dict() for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])}},
}))
