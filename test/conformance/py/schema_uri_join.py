"""Prints how mlflow derives an experiment's artifact location from an artifact root.

Usage: python schema_uri_join.py '<json list of roots>' <experiment_id>
Prints one line of JSON: a list of append_to_uri_path(root, experiment_id), in input order.
"""

import json
import sys
import warnings

warnings.filterwarnings("ignore")

from mlflow.utils.uri import append_to_uri_path  # noqa: E402


def main():
    roots = json.loads(sys.argv[1])
    print(json.dumps([append_to_uri_path(root, sys.argv[2]) for root in roots]))


if __name__ == "__main__":
    main()
