-- Runs once, when the PostgreSQL volume is first initialised (docker-entrypoint-initdb.d).
-- The service logs in as invoice_service: not superuser, no BYPASSRLS, owns nothing, so the
-- row-level security policies the migrations create apply to every query it makes. Migrations
-- run as the owner (POSTGRES_USER) through DB_MIGRATION_URL and grant it what it needs.
CREATE ROLE invoice_service LOGIN PASSWORD 'invoice_service' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
