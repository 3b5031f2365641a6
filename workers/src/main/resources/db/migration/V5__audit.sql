-- The audit log (seed 002: immutable audit logs, non-repudiation). Append-only and hash-chained per tenant: each
-- record's hash covers its content and the previous record's hash, so altering or removing a row breaks the chain.
create table audit_record (
  id           bigserial   primary key,
  tenant_id    text        not null,
  occurred_at  timestamptz not null,
  actor        text        not null,
  capability   text        not null,
  object_type  text        not null,
  object_id    text,
  outcome      text        not null,
  before_state jsonb,
  after_state  jsonb,
  request_id   text,
  prev_hash    text        not null,
  hash         text        not null
);
create index audit_record_tenant_time on audit_record (tenant_id, occurred_at, id);

create function refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'table % is append-only: % refused', tg_table_name, tg_op using errcode = 'P0001';
end $$;

create trigger audit_record_append_only before update or delete on audit_record
  for each row execute function refuse_change();
create trigger audit_record_no_truncate before truncate on audit_record
  for each statement execute function refuse_change();
