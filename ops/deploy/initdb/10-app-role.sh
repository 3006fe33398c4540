#!/bin/sh
# Runs once when the postgres container creates its data directory: the app's own role (issue 15). It may read and
# append events and hashes but never change or delete them; `db-grant` (the migrate service) grants it its rights.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v pw="$APP_DB_PASSWORD" -c "create role supervision_app login password :'pw'"
