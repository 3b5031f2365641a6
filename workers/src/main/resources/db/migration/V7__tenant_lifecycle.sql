-- Tenant lifecycle (seed 003 §3): self-serve signup creates a PENDING tenant and names its owner; a super admin
-- approves, suspends or terminates it. Every transition is kept.
alter table tenant add column owner_user text;
alter table tenant add column status_reason text;

create table tenant_status_change (
  id          bigserial   primary key,
  tenant_id   text        not null references tenant,
  from_status text,
  to_status   text        not null,
  actor       text        not null,
  reason      text,
  changed_at  timestamptz not null default now()
);
create trigger tenant_status_change_append_only before update or delete on tenant_status_change
  for each row execute function refuse_change();
