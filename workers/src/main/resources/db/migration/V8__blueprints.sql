-- Blueprint installs per tenant (seed 000 §3 "add-on blueprint installation"): what was installed, by whom, which of
-- its models exist and which are still missing; installing twice is a no-op.
create table blueprint_install (
  tenant_id    text        not null references tenant,
  blueprint_id text        not null,
  installed_at timestamptz not null default now(),
  installed_by text        not null,
  available    jsonb       not null,
  missing      jsonb       not null,
  primary key (tenant_id, blueprint_id)
);

-- The roles a tenant has (from its blueprints; custom roles come later). Adding a blueprint only ever adds roles.
create table tenant_role (
  tenant_id text not null references tenant,
  role      text not null,
  source    text not null,
  primary key (tenant_id, role)
);
