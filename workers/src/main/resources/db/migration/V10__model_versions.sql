-- A tenant's own versions of blueprint models (issue 3: process designers deploy BPMN, DMN and forms for their
-- tenant). Append-only: a deployment adds a version, a rollback adds a version that restores an earlier content, and
-- the newest version of each model is the one in force. Row-level security as for every tenant table (ADR 0006).
create table model_version (
  tenant_id     text        not null references tenant,
  model_id      text        not null,
  version       int         not null check (version > 0),
  kind          text        not null check (kind in ('BPMN', 'DMN', 'FORM')),
  resource_name text        not null,
  content       bytea       not null,
  sha256        text        not null,
  deployed_by   text        not null,
  deployed_at   timestamptz not null default now(),
  restores      int,
  primary key (tenant_id, model_id, version)
);

create trigger model_version_append_only before update or delete on model_version
  for each row execute function refuse_change();

alter table model_version enable row level security;
create policy tenant_isolation on model_version using (tenant_row_visible(tenant_id))
  with check (tenant_row_visible(tenant_id));
