-- Provider settlement reports (issue 4, reconciliation): each import keeps its lines; the settlement-reconciliation
-- process compares them with the ledger and opens a finance task for each mismatch.
create table settlement_import (
  import_id   uuid        primary key,
  tenant_id   text        not null references tenant,
  imported_by text        not null,
  imported_at timestamptz not null default now(),
  lines       jsonb       not null,
  mismatches  jsonb
);

select enable_tenant_isolation('settlement_import');
