"""What the real MlflowClient reads from one registered model, for the audit-trail tests.

Usage: MLFLOW_TRACKING_URI=<sqlite:///… or http://…> python audit_read.py <model name> [--strip-trail]

--strip-trail first deletes the model's runlens.audit.* tags with MLflow's own client (the copy
"without the trail" that every other answer is compared with).
Prints one JSON line: the model, searches, latest versions, each version with its download URI,
each alias, predictions of the model loaded by alias and by stage, and the audit tags as stored
with their lengths in characters (code points, as MLflow's and PostgreSQL's limits count).
"""

import json
import logging
import sys
import warnings

import mlflow
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException
from sklearn.datasets import load_iris

PREFIX = "runlens.audit."


def version(mv):
    return {
        "version": str(mv.version),
        "current_stage": mv.current_stage,
        "description": mv.description,
        "source": mv.source,
        "run_id": mv.run_id,
        "status": mv.status,
        "tags": dict(sorted(mv.tags.items())),
        "aliases": sorted(mv.aliases),
        "creation_timestamp": mv.creation_timestamp,
        "last_updated_timestamp": mv.last_updated_timestamp,
        "model_id": mv.model_id,
    }


def model(rm):
    return {
        "name": rm.name,
        "description": rm.description,
        "tags": dict(sorted(rm._tags.items())),
        "aliases": {a: str(v) for a, v in sorted(rm.aliases.items())},
        "latest_versions": [version(mv) for mv in sorted(rm.latest_versions, key=lambda m: int(m.version))],
        "creation_timestamp": rm.creation_timestamp,
        "last_updated_timestamp": rm.last_updated_timestamp,
    }


def guarded(read):
    try:
        return read()
    except MlflowException as error:
        return {"error": error.error_code}


def pages(search, **query):
    out, token = [], None
    while True:
        page = search(page_token=token, **query)
        out.append([item.name if hasattr(item, "latest_versions") else f"{item.name}/{item.version}" for item in page])
        token = page.token
        if not token or len(out) > 20:
            return out


def main():
    name = sys.argv[1]
    client = MlflowClient()
    if "--strip-trail" in sys.argv:
        for key in list(client.get_registered_model(name)._tags):
            if key.startswith(PREFIX):
                client.delete_registered_model_tag(name, key)

    registered = client.get_registered_model(name)
    X, _ = load_iris(return_X_y=True)
    quoted = f"name = '{name}'"
    out = {
        "model": model(registered),
        "model_searches": [
            [model(m) for m in client.search_registered_models(filter_string=quoted)],
            pages(client.search_registered_models, filter_string=f"name LIKE '{name[:3]}%'", max_results=1),
            pages(client.search_registered_models, filter_string="tags.team = 'vision'", order_by=["last_updated_timestamp DESC"]),
        ],
        "version_searches": [
            [version(v) for v in client.search_model_versions(quoted, order_by=["version_number ASC"])],
            pages(client.search_model_versions, filter_string=quoted, order_by=["version_number DESC"], max_results=1),
            pages(client.search_model_versions, filter_string="tags.validated = 'yes'"),
        ],
        "latest": [
            guarded(lambda s=s: [version(v) for v in client.get_latest_versions(name, s)])
            for s in [None, ["Production"], ["Staging", "Archived"]]
        ],
        "versions": {
            str(v.version): {"version": version(v), "download_uri": client.get_model_version_download_uri(name, v.version)}
            for v in client.search_model_versions(quoted)
        },
        "aliases": {a: version(client.get_model_version_by_alias(name, a)) for a in sorted(registered.aliases)},
        "predictions": {
            uri: mlflow.pyfunc.load_model(uri).predict(X[:10]).tolist()
            for uri in [f"models:/{name}@champion", f"models:/{name}/Production"]
        },
        "trail": [
            {"key": k, "value": v, "key_chars": len(k), "value_chars": len(v)}
            for k, v in sorted(registered._tags.items()) if k.startswith(PREFIX)
        ],
    }
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    main()
