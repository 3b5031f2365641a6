-- Row-level tenant isolation (seed 002: tenant isolation; docs/adr/0006). The application connects as (or switches to)
-- the role talentos_app, which neither owns the tables nor bypasses row-level security. Every connection it takes
-- carries the thread's tenant in the session setting talentos.tenant_id (io.talentos.isolation.TenantScopedDataSource),
-- so a query that forgets "where tenant_id = ?" still sees only that tenant's rows, and an insert for another tenant
-- is refused. System components that work across tenants by design (the engine journal, restart, the demo seeder) set
-- talentos.platform = 'on' instead. Flyway runs as the owner (spring.flyway.user), whom the policies do not bind.
do $$
begin
  if not exists (select from pg_roles where rolname = 'talentos_app') then
    create role talentos_app nologin nosuperuser nobypassrls;
  end if;
end $$;

grant usage on schema public to talentos_app;
grant select, insert, update, delete on all tables in schema public to talentos_app;
grant usage, select on all sequences in schema public to talentos_app;
alter default privileges in schema public grant select, insert, update, delete on tables to talentos_app;
alter default privileges in schema public grant usage, select on sequences to talentos_app;

-- The rows the current connection may see and write.
create function tenant_row_visible(row_tenant text) returns boolean language sql stable as $$
  select coalesce(current_setting('talentos.platform', true), '') = 'on'
      or row_tenant = nullif(current_setting('talentos.tenant_id', true), '')
$$;

do $$
declare
  t text;
begin
  foreach t in array array['process_instance', 'inbound_message', 'booking', 'option_hold', 'ledger_account',
      'journal_entry', 'posting', 'user_task', 'audit_record', 'policy_decision', 'tenant_status_change',
      'blueprint_install', 'tenant_role']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy tenant_isolation on %I using (tenant_row_visible(tenant_id)) '
        || 'with check (tenant_row_visible(tenant_id))', t);
  end loop;
end $$;
