-- Evidence vault (issue 5; seed 000 §11.2 EvidenceVault, seed 002 non-repudiation): every version of a contract's
-- documents (their SHA-256, size and where the bytes are stored) and its signing events, tenant-scoped and
-- append-only like the ledger: nothing is updated, deleted or truncated.
create table evidence_item (
  item_id     uuid        primary key,
  tenant_id   text        not null references tenant,
  contract_id text        not null,
  kind        text        not null check (kind in ('DOCUMENT', 'EVENT')),
  name        text        not null,
  sha256      char(64),
  size_bytes  bigint,
  storage_key text,
  detail      jsonb       not null default '{}'::jsonb,
  recorded_by text        not null,
  recorded_at timestamptz not null default now(),
  check ((kind = 'DOCUMENT') = (sha256 is not null and storage_key is not null and size_bytes is not null))
);

create index evidence_item_contract on evidence_item (tenant_id, contract_id, recorded_at);

create function evidence_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'evidence table % is append-only: % refused; record a new item instead', tg_table_name, tg_op
    using errcode = 'P0001';
end $$;

create trigger evidence_item_append_only before update or delete on evidence_item
  for each row execute function evidence_refuse_change();
create trigger evidence_item_no_truncate before truncate on evidence_item
  for each statement execute function evidence_refuse_change();

select enable_tenant_isolation('evidence_item');
