"""Logs table artifacts through the real mlflow into <folder>/mlflow.db (artifacts under <folder>):
a 1M-row CSV, a 300-column CSV, a small Parquet file (pandas + pyarrow) and a mlflow.log_table
JSON, on one run.

Prints JSON: what the UI test should find — row counts, the last row, the sorted first row, how
many rows a filter keeps, and a column's min / max as pandas computes them.
"""
import csv
import json
import os
import sys
import warnings

import mlflow
import pandas as pd

warnings.filterwarnings("ignore")
folder = sys.argv[1]
ROWS = 1_000_000
os.chdir(folder)
mlflow.set_tracking_uri(f"sqlite:///{os.path.join(folder, 'mlflow.db')}")
mlflow.set_experiment("tables")

csv_path = os.path.join(folder, "predictions.csv")
# Written line by line with plain text: fast enough for a test's setup (a second or two).
with open(csv_path, "w", encoding="utf-8", newline="") as handle:
    handle.write("id,label,score,split\n")
    handle.writelines(
        f"{i},{'needle-' if i % 83_333 == 0 else 'row-'}{i},{(i * 7919) % 1_000_003 / 1000},{('train', 'test', 'valid')[i % 3]}\n"
        for i in range(ROWS)
    )
frame = pd.read_csv(csv_path)
by_score = frame.sort_values("score", ascending=False, kind="stable")

parquet_path = os.path.join(folder, "features.parquet")
features = pd.DataFrame({
    "feature": [f"f{i}" for i in range(40)],
    "importance": [round(1 / (i + 1), 6) for i in range(40)],
    "kept": [i % 4 != 0 for i in range(40)],
    "note": [None if i % 5 == 0 else f"note {i}" for i in range(40)],
})
features.to_parquet(parquet_path, engine="pyarrow", index=False)
# A Parquet file of the workspace itself (not an artifact): VS Code opens it in the table editor by default.
features.head(7).to_parquet(os.path.join(folder, "local.parquet"), engine="pyarrow", index=False)

wide_path = os.path.join(folder, "wide.csv")
with open(wide_path, "w", encoding="utf-8", newline="") as handle:
    csv.writer(handle).writerows([[f"c{j}" for j in range(300)]] + [[f"r{i}c{j}" for j in range(300)] for i in range(50)])

with mlflow.start_run(run_name="big-table") as run:
    mlflow.log_artifact(csv_path, artifact_path="data")
    mlflow.log_artifact(parquet_path, artifact_path="data")
    mlflow.log_artifact(wide_path, artifact_path="data")
    mlflow.log_table({"class": ["cat", "dog", "bird"], "precision": [0.91, 0.87, 0.78]}, artifact_file="eval/per_class.json")
parquet_rows = len(pd.read_parquet(parquet_path))
# The run's copies are what the test opens.
os.remove(csv_path)
os.remove(parquet_path)
os.remove(wide_path)

print(json.dumps({
    "runId": run.info.run_id,
    "rows": ROWS,
    "lastLabel": frame["label"].iloc[-1],
    "topByScore": by_score["label"].iloc[0],
    "needles": int(frame["label"].str.contains("needle").sum()),
    "score": {"min": float(frame["score"].min()), "max": float(frame["score"].max())},
    "parquetRows": parquet_rows,
    "parquetTop": features.sort_values("importance", ascending=False)["feature"].iloc[0],
}))
