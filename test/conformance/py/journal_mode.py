"""The real mlflow makes, writes and reads a SQLite store; reports the file's journal mode.

Usage:
  python journal_mode.py create <db_file>          mlflow creates the database with one run
  python journal_mode.py log <db_file> <run_id> N  mlflow logs N metric steps into a run
  python journal_mode.py read <db_file>            what mlflow reads back

Prints one line of JSON.
"""

import json
import os
import sqlite3
import sys
import warnings

warnings.filterwarnings("ignore")

import mlflow  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402


def journal_mode(db_file):
    connection = sqlite3.connect(db_file)
    try:
        return connection.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        connection.close()


def main():
    command, db_file = sys.argv[1], os.path.abspath(sys.argv[2])
    client = MlflowClient(tracking_uri=f"sqlite:///{db_file}")
    report = {}
    if command == "create":
        run = client.create_run("0", run_name="made-by-mlflow")
        client.log_metric(run.info.run_id, "loss", 1.0, step=0)
        client.set_terminated(run.info.run_id)
        report["run_id"] = run.info.run_id
    elif command == "log":
        run_id, count = sys.argv[3], int(sys.argv[4])
        for step in range(count):
            client.log_metric(run_id, "python_loss", float(step), step=step)
    elif command == "read":
        runs = client.search_runs(["0"])
        report["runs"] = {
            r.info.run_name: {
                "metrics": {
                    key: len(client.get_metric_history(r.info.run_id, key)) for key in r.data.metrics
                },
                "params": r.data.params,
            }
            for r in runs
        }
    report["journal_mode"] = journal_mode(db_file)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
