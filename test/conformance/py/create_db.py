"""Lets the real mlflow create a fresh SQLite tracking database, then reports what it used.

Usage: python create_db.py <db_file>   (run with the working directory where mlflow should
resolve its default artifact root, ./mlruns)

Prints one line of JSON: {"mlflow_version", "alembic_head", "default_artifact_root"}.
"""

import json
import os
import sys
import warnings

warnings.filterwarnings("ignore")

import mlflow  # noqa: E402
from mlflow.store.db.utils import _get_latest_schema_revision  # noqa: E402
from mlflow.store.tracking import DEFAULT_LOCAL_FILE_AND_ARTIFACT_PATH  # noqa: E402
from mlflow.utils.uri import resolve_uri_if_local  # noqa: E402


def main():
    db_file = os.path.abspath(sys.argv[1])
    mlflow.set_tracking_uri(f"sqlite:///{db_file}")
    # Any first call makes the store create the tables, stamp alembic and add experiment 0.
    mlflow.search_experiments()
    print(
        json.dumps({
            "mlflow_version": mlflow.__version__,
            "alembic_head": _get_latest_schema_revision(),
            "default_artifact_root": resolve_uri_if_local(DEFAULT_LOCAL_FILE_AND_ARTIFACT_PATH),
        })
    )


if __name__ == "__main__":
    main()
