-- Break-glass overrides (seed 000 §6.8 admin.policy.emergency_override, §7.3): asked for with a reason, approved by
-- the tenant owner in the break-glass process, time-boxed, and audited at the enhanced level. The audit log holds
-- every transition; this table is the current state the policy check reads.
create table policy_override (
  override_id  uuid        primary key,
  tenant_id    text        not null references tenant,
  capability   text        not null,
  object_type  text        not null,
  object_id    text        not null,
  reason       text        not null check (length(reason) >= 10),
  requested_by text        not null,
  requested_at timestamptz not null default now(),
  status       text        not null check (status in ('REQUESTED', 'GRANTED', 'REFUSED', 'ENDED')),
  decided_by   text,
  decided_at   timestamptz,
  expires_at   timestamptz
);
create index policy_override_active on policy_override (tenant_id, requested_by, capability, object_id)
  where status = 'GRANTED';

alter table policy_override enable row level security;
create policy tenant_isolation on policy_override using (tenant_row_visible(tenant_id))
  with check (tenant_row_visible(tenant_id));
