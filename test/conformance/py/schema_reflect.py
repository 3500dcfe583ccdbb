"""Reflects a SQLite database the way mlflow's own tooling (SQLAlchemy, alembic) sees it.

Usage: python schema_reflect.py <db_file>

PRAGMAs do not report constraint names; SQLAlchemy's reflection reads them from the DDL text,
and alembic migrations address constraints by those names. Prints one line of JSON:
  {"tables": {table: {"primary_key", "foreign_keys", "unique_constraints",
                      "check_constraints", "indexes"}},
   "orm_drift": sorted alembic autogenerate differences between mlflow's ORM and the database}
"""

import json
import re
import sys
import warnings

warnings.filterwarnings("ignore")

import sqlalchemy  # noqa: E402
from alembic.autogenerate import compare_metadata  # noqa: E402
from alembic.migration import MigrationContext  # noqa: E402

import mlflow.store.model_registry.dbmodels.models  # noqa: E402, F401
import mlflow.store.tracking.dbmodels.models  # noqa: E402, F401
from mlflow.store.db.base_sql_model import Base  # noqa: E402


def by_name(items):
    return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, default=str))


def reflect(inspector, table):
    return {
        "primary_key": inspector.get_pk_constraint(table),
        "foreign_keys": by_name(inspector.get_foreign_keys(table)),
        "unique_constraints": by_name(inspector.get_unique_constraints(table)),
        "check_constraints": by_name(inspector.get_check_constraints(table)),
        "indexes": by_name(inspector.get_indexes(table)),
    }


def main():
    engine = sqlalchemy.create_engine(f"sqlite:///{sys.argv[1]}")
    inspector = sqlalchemy.inspect(engine)
    tables = {table: reflect(inspector, table) for table in sorted(inspector.get_table_names())}
    with engine.connect() as connection:
        drift = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    # Object addresses differ between processes; the rest of each repr is the difference.
    orm_drift = sorted(re.sub(r"<[^>]*>|0x[0-9a-f]+", "", repr(item)) for item in drift)
    print(json.dumps({"tables": tables, "orm_drift": orm_drift}, sort_keys=True, default=str))


if __name__ == "__main__":
    main()
