-- Every access-policy decision with its inputs, outcome and the version of the DMN that made it (seed 000 §7, 002 §10
-- "explainable decisions"). Append-only like the audit log.
create table policy_decision (
  id               bigserial   primary key,
  tenant_id        text        not null,
  occurred_at      timestamptz not null default now(),
  actor            text        not null,
  capability       text        not null,
  object_type      text        not null,
  object_id        text,
  inputs           jsonb       not null,
  decision         text        not null check (decision in ('ALLOW', 'DENY')),
  reason           text        not null,
  obligation       text        not null,
  decision_id      text        not null,
  decision_version int         not null,
  decision_key     bigint      not null
);
create index policy_decision_tenant on policy_decision (tenant_id, occurred_at);
create trigger policy_decision_append_only before update or delete on policy_decision
  for each row execute function refuse_change();
