-- Runs once, when the postgres container starts on an empty data volume (/docker-entrypoint-initdb.d),
-- connected as POSTGRES_USER (hall). Each service owns its own database; no service reads another's.
-- The services apply their own migrations at boot.

CREATE DATABASE catalog OWNER hall;
CREATE DATABASE intake OWNER hall;
CREATE DATABASE approval OWNER hall;
CREATE DATABASE licence OWNER hall;
CREATE DATABASE supervision OWNER hall;

-- Keycloak gets its own role and database (credentials match KC_DB_* in docker-compose.yml).
CREATE ROLE keycloak LOGIN PASSWORD 'keycloak';
CREATE DATABASE keycloak OWNER keycloak;
REVOKE CONNECT ON DATABASE keycloak FROM PUBLIC;
