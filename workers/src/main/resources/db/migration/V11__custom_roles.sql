-- Custom roles per tenant (seed 003 §4): a tenant owner bundles capabilities of the catalogue
-- (processes/blueprints/capabilities.yaml) into a role and assigns it to users. Blueprint roles keep capabilities null
-- (their bundles are the built-in ones).
alter table tenant_role add column capabilities jsonb;
alter table tenant_role add column description text;

create table tenant_role_member (
  tenant_id   text        not null,
  role        text        not null,
  user_id     text        not null,
  assigned_by text        not null,
  assigned_at timestamptz not null default now(),
  primary key (tenant_id, role, user_id),
  foreign key (tenant_id, role) references tenant_role
);

alter table tenant_role_member enable row level security;
create policy tenant_isolation on tenant_role_member using (tenant_row_visible(tenant_id))
  with check (tenant_row_visible(tenant_id));
