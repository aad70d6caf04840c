#!/bin/bash
# Runs once, when the ehrbase-postgres volume is empty (docker-entrypoint-initdb.d): the roles, database, schemas,
# extension and settings EHRbase 2.16 expects before Flyway creates its tables (see EHRbase's docker setup).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<-SQL
  CREATE ROLE ehrbase WITH LOGIN PASSWORD '${EHRBASE_DB_ADMIN_PASSWORD}';
  CREATE ROLE ehrbase_restricted WITH LOGIN PASSWORD '${EHRBASE_DB_PASSWORD}';
  CREATE DATABASE ehrbase ENCODING 'UTF-8' LOCALE 'C' TEMPLATE template0;
  GRANT ALL PRIVILEGES ON DATABASE ehrbase TO ehrbase;
  GRANT ALL PRIVILEGES ON DATABASE ehrbase TO ehrbase_restricted;
SQL
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname ehrbase <<-SQL
  REVOKE CREATE ON SCHEMA public FROM PUBLIC;
  CREATE SCHEMA IF NOT EXISTS ehr AUTHORIZATION ehrbase;
  CREATE SCHEMA IF NOT EXISTS ext AUTHORIZATION ehrbase;
  GRANT USAGE ON SCHEMA ehr TO ehrbase_restricted;
  GRANT USAGE ON SCHEMA ext TO ehrbase_restricted;
  ALTER DEFAULT PRIVILEGES FOR USER ehrbase IN SCHEMA ehr GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ehrbase_restricted;
  ALTER DEFAULT PRIVILEGES FOR USER ehrbase IN SCHEMA ehr GRANT SELECT ON SEQUENCES TO ehrbase_restricted;
  CREATE EXTENSION IF NOT EXISTS "uuid-ossp" SCHEMA ext;
  ALTER DATABASE ehrbase SET search_path TO ext;
  ALTER DATABASE ehrbase SET intervalstyle = 'iso_8601';
  ALTER FUNCTION jsonb_path_query(jsonb,jsonpath,jsonb,boolean) ROWS 1;
SQL
