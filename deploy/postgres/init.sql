-- Runs once, when the postgres container starts on an empty data volume (/docker-entrypoint-initdb.d),
-- connected as POSTGRES_USER (hall). Each service owns its own database; no service reads another's.
-- The services apply their own migrations at boot.

CREATE DATABASE catalog OWNER hall;
CREATE DATABASE intake OWNER hall;
CREATE DATABASE approval OWNER hall;
CREATE DATABASE licence OWNER hall;
CREATE DATABASE supervision OWNER hall;
CREATE DATABASE disclosure OWNER hall;

-- The services run as hall_app: a login role that owns nothing. Each service migrates as hall (MIGRATION_DATABASE_URL)
-- and then grants hall_app data privileges only (libs/persistence runtime-role.ts), so the running service cannot
-- disable the audit log's append-only triggers, truncate or drop tables, or change the schema.
CREATE ROLE hall_app LOGIN PASSWORD 'hall_app';

-- Keycloak gets its own role and database (credentials match KC_DB_* in docker-compose.yml).
CREATE ROLE keycloak LOGIN PASSWORD 'keycloak';
CREATE DATABASE keycloak OWNER keycloak;
REVOKE CONNECT ON DATABASE keycloak FROM PUBLIC;
