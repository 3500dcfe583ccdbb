"""Objects under a cloud artifact root, read and written with the vendor SDK directly (boto3,
google-cloud-storage, azure-storage-blob), configured from the variables MLflow's own repositories
read. Tests use it as the independent witness of what is in the bucket.

  cloud_objects.py put <root_uri> <local_folder>   uploads every file under the folder below the root
  cloud_objects.py snapshot <root_uri>...          prints {root_uri: {relative_key: {sha256, size}}}
  cloud_objects.py sizes <root_uri>                 prints {relative_key: size} from the listing alone (quick)
"""
import hashlib
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse


def parse(root_uri):
    """(provider, bucket or container, key prefix without slashes, account host or None)."""
    parsed = urlparse(root_uri)
    prefix = parsed.path.strip("/")
    if parsed.scheme in ("s3", "s3a", "s3n"):
        return "s3", parsed.netloc, prefix, None
    if parsed.scheme == "gs":
        return "gcs", parsed.netloc, prefix, None
    if parsed.scheme in ("wasbs", "wasb", "abfss", "abfs"):
        container, _, host = parsed.netloc.partition("@")
        return "azure", container, prefix, host
    raise SystemExit(f"not a cloud root: {root_uri}")


class S3:
    def __init__(self, bucket):
        import boto3
        from botocore.config import Config

        endpoint = os.environ.get("MLFLOW_S3_ENDPOINT_URL") or None
        # Path-style addressing for S3-compatible servers, as MLflow configures boto3 for them.
        config = Config(s3={"addressing_style": "path"}, max_pool_connections=16) if endpoint else Config(max_pool_connections=16)
        self.client = boto3.client("s3", endpoint_url=endpoint, config=config)
        self.bucket = bucket

    def keys(self, prefix):
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix):
            for item in page.get("Contents", []):
                yield item["Key"], item["Size"]

    def get(self, key):
        return self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def put(self, key, data):
        self.client.put_object(Bucket=self.bucket, Key=key, Body=data)


class Gcs:
    def __init__(self, bucket):
        from google.cloud import storage

        if os.environ.get("STORAGE_EMULATOR_HOST"):
            from google.auth.credentials import AnonymousCredentials

            client = storage.Client(project=os.environ.get("GOOGLE_CLOUD_PROJECT", "test"), credentials=AnonymousCredentials())
        else:
            client = storage.Client()
        self.bucket = client.bucket(bucket)

    def keys(self, prefix):
        for blob in self.bucket.list_blobs(prefix=prefix):
            yield blob.name, blob.size

    def get(self, key):
        return self.bucket.blob(key).download_as_bytes()

    def put(self, key, data):
        self.bucket.blob(key).upload_from_string(data)


class Azure:
    def __init__(self, container, host):
        from azure.storage.blob import BlobServiceClient

        connection = os.environ.get("AZURE_STORAGE_CONNECTION_STRING")
        if connection:
            service = BlobServiceClient.from_connection_string(connection)
        else:
            account_url = "https://" + host.replace(".dfs.", ".blob.")
            key = os.environ.get("AZURE_STORAGE_ACCESS_KEY")
            if key:
                credential = {"account_name": host.split(".")[0], "account_key": key}
            else:
                from azure.identity import DefaultAzureCredential

                credential = DefaultAzureCredential()
            service = BlobServiceClient(account_url, credential=credential)
        self.container = service.get_container_client(container)

    def keys(self, prefix):
        for blob in self.container.list_blobs(name_starts_with=prefix):
            yield blob.name, blob.size

    def get(self, key):
        return self.container.download_blob(key).readall()

    def put(self, key, data):
        self.container.upload_blob(key, data, overwrite=True)


def store_for(root_uri):
    provider, bucket, prefix, host = parse(root_uri)
    store = S3(bucket) if provider == "s3" else Gcs(bucket) if provider == "gcs" else Azure(bucket, host)
    return store, prefix


def sizes(root_uri):
    store, prefix = store_for(root_uri)
    under = prefix + "/" if prefix else ""
    return {key[len(under):]: size for key, size in store.keys(under)}


def snapshot(root_uri):
    store, prefix = store_for(root_uri)
    under = prefix + "/" if prefix else ""
    keys = [key for key, _ in store.keys(under)]

    def describe(key):
        data = store.get(key)
        return key[len(under):], {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}

    with ThreadPoolExecutor(8) as pool:
        return dict(pool.map(describe, keys))


def put(root_uri, folder):
    store, prefix = store_for(root_uri)
    files = []
    for parent, _, names in os.walk(folder):
        for name in names:
            local = os.path.join(parent, name)
            files.append((local, "/".join(filter(None, [prefix, os.path.relpath(local, folder).replace(os.sep, "/")]))))

    def upload(item):
        with open(item[0], "rb") as f:
            store.put(item[1], f.read())

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(upload, files))
    return len(files)


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "put":
        print(json.dumps({"uploaded": put(args[0], args[1])}))
    elif command == "sizes":
        print(json.dumps(sizes(args[0])))
    elif command == "snapshot":
        print(json.dumps({root: snapshot(root) for root in args}))
    else:
        raise SystemExit(f"unknown command {command}")
