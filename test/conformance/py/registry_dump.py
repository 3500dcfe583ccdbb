"""Prints what the real MlflowClient reads from a registry, as one line of JSON.

Usage: python registry_dump.py <db file> <spec.json>

The spec says what to read (the TypeScript test reads the same through RunLens):
  {"models": [name...],                       get_registered_model
   "latest": [[name, [stage...] | null]...],  get_latest_versions
   "versions": [[name, version]...],          get_model_version + get_model_version_download_uri
   "aliases": [[name, alias]...],             get_model_version_by_alias
   "model_searches": [{filter, order_by, max_results}...],    search_registered_models, every page
   "version_searches": [{filter, order_by, max_results}...]}  search_model_versions, every page

A call that raises gives {"error": <error_code>}. Entities are canonical: snake_case keys,
versions as strings, tags and aliases sorted, a model's latest_versions sorted by version.
Search pages keep the client's order; page tokens are opaque, so only whether one was
returned is recorded.
"""

import json
import logging
import sys
import warnings

import mlflow
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException


def key_values(mapping):
    return [{"key": key, "value": mapping[key]} for key in sorted(mapping or {})]


def dump_version(mv):
    return {
        "name": mv.name,
        "version": str(mv.version),
        "creation_timestamp": mv.creation_timestamp,
        "last_updated_timestamp": mv.last_updated_timestamp,
        "description": mv.description,
        "user_id": mv.user_id,
        "current_stage": mv.current_stage,
        "source": mv.source,
        "run_id": mv.run_id,
        "status": mv.status,
        "status_message": mv.status_message,
        "run_link": mv.run_link,
        "tags": key_values(mv.tags),
        "aliases": sorted(mv.aliases),
        "model_id": mv.model_id,
    }


def dump_model(rm):
    return {
        "name": rm.name,
        "creation_timestamp": rm.creation_timestamp,
        "last_updated_timestamp": rm.last_updated_timestamp,
        "description": rm.description,
        # `_tags`, as the REST answer (to_proto) has it: the public property hides the prompt tag.
        "tags": key_values(rm._tags),
        "aliases": [{"alias": a, "version": str(v)} for a, v in sorted(rm.aliases.items())],
        "latest_versions": [dump_version(mv) for mv in sorted(rm.latest_versions, key=lambda m: int(m.version))],
    }


def guarded(read):
    try:
        return read()
    except MlflowException as error:
        return {"error": error.error_code}


def all_pages(search, case, dump):
    pages, token = [], None
    while True:
        page = search(
            filter_string=case.get("filter"),
            order_by=case.get("order_by"),
            max_results=case.get("max_results", 100),
            page_token=token,
        )
        token = page.token
        pages.append({"items": [dump(item) for item in page], "has_next": bool(token)})
        if not token or len(pages) > 50:
            return pages


def main():
    path, spec_file = sys.argv[1], sys.argv[2]
    with open(spec_file, encoding="utf-8") as f:
        spec = json.load(f)
    uri = f"sqlite:///{path}"
    mlflow.set_tracking_uri(uri)
    client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    out = {
        "models": [guarded(lambda n=n: dump_model(client.get_registered_model(n))) for n in spec.get("models", [])],
        "latest": [
            guarded(lambda n=n, s=s: [dump_version(mv) for mv in client.get_latest_versions(n, s)])
            for n, s in spec.get("latest", [])
        ],
        "versions": [
            guarded(lambda n=n, v=v: {
                "version": dump_version(client.get_model_version(n, v)),
                "download_uri": client.get_model_version_download_uri(n, v),
            })
            for n, v in spec.get("versions", [])
        ],
        "aliases": [
            guarded(lambda n=n, a=a: dump_version(client.get_model_version_by_alias(n, a)))
            for n, a in spec.get("aliases", [])
        ],
        "model_searches": [
            guarded(lambda c=c: all_pages(client.search_registered_models, c, dump_model))
            for c in spec.get("model_searches", [])
        ],
        "version_searches": [
            guarded(lambda c=c: all_pages(client.search_model_versions, c, dump_version))
            for c in spec.get("version_searches", [])
        ],
    }
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    main()
