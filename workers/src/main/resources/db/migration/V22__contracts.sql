-- Contracts (issue 5; seed 000 §8.1 lifecycle DRAFT → APPROVED → SIGNED → ACTIVE → EXPIRED/RENEWED, §11 CLM).
-- A contract is drafted from a template (processes/contracts/templates), negotiated in versions, approved, signed
-- through a signature packet and then carries obligations. Versions are append-only, and once the contract has left
-- DRAFT no version can be added: only an addendum (a contract of its own, parent_contract_id) changes its terms.
create table contract (
  tenant_id            text        not null references tenant,
  contract_id          uuid        not null,
  contract_type        text        not null,
  title                text        not null,
  booking_id           uuid,
  parent_contract_id   uuid,
  kind                 text        not null default 'CONTRACT' check (kind in ('CONTRACT', 'ADDENDUM', 'RENEWAL')),
  status               text        not null default 'DRAFT' check (status in
                         ('DRAFT', 'IN_APPROVAL', 'APPROVED', 'SIGNED', 'ACTIVE', 'EXPIRED', 'RENEWED', 'VOIDED')),
  status_reason        text,
  value_minor          bigint      not null default 0 check (value_minor >= 0),
  currency             char(3),
  confidential         boolean     not null default false,
  current_version      int         not null default 1,
  expires_at           timestamptz,
  milestone_plan       jsonb       not null default '[]'::jsonb,
  process_instance_key bigint,
  sealed_item_id       uuid,
  created_by           text        not null,
  created_at           timestamptz not null default now(),
  signed_at            timestamptz,
  activated_at         timestamptz,
  primary key (tenant_id, contract_id)
);
create index contract_booking on contract (tenant_id, booking_id);
-- one live contract per booking; a VOIDED one (declined, expired) may be replaced by a new draft
create unique index contract_one_per_booking on contract (tenant_id, booking_id)
  where kind = 'CONTRACT' and status <> 'VOIDED';

-- Each version of the terms: the typed variables, the clauses (id, category, title, text) and the rendered text.
create table contract_version (
  tenant_id          text        not null,
  contract_id        uuid        not null,
  version            int         not null check (version >= 1),
  variables          jsonb       not null,
  clauses            jsonb       not null,
  rendered_text      text        not null,
  sha256             char(64)    not null,
  changed_categories jsonb       not null default '[]'::jsonb,
  note               text,
  created_by         text        not null,
  created_at         timestamptz not null default now(),
  primary key (tenant_id, contract_id, version),
  foreign key (tenant_id, contract_id) references contract
);

create trigger contract_version_append_only before update or delete on contract_version
  for each row execute function evidence_refuse_change();
create trigger contract_version_no_truncate before truncate on contract_version
  for each statement execute function evidence_refuse_change();

-- Immutable after signing (seed 000 §11.5): a new version only while the contract is a DRAFT.
create function contract_version_only_in_draft() returns trigger language plpgsql as $$
begin
  if (select status from contract where tenant_id = new.tenant_id and contract_id = new.contract_id) <> 'DRAFT' then
    raise exception 'contract % is no longer a draft: its terms change only by an addendum', new.contract_id
      using errcode = 'P0001';
  end if;
  return new;
end $$;
create trigger contract_version_in_draft before insert on contract_version
  for each row execute function contract_version_only_in_draft();

-- The signature packet (seed 000 §11.4): one row per signer, the group gives the order (groups sign one after the
-- other, the signers of a group in parallel). The signing link and the one-time password are stored as SHA-256 only.
create table contract_signer (
  signer_id         uuid        primary key,
  tenant_id         text        not null,
  contract_id       uuid        not null,
  version           int         not null,
  signing_group     int         not null check (signing_group >= 1),
  party_role        text        not null,
  name              text        not null,
  email             text        not null,
  minor             boolean     not null default false,
  status            text        not null default 'PENDING' check (status in
                      ('PENDING', 'SENT', 'VIEWED', 'SIGNED', 'DECLINED', 'EXPIRED', 'VOIDED')),
  link_sha256       char(64)    unique,
  link_expires_at   timestamptz,
  otp_sha256        char(64),
  otp_expires_at    timestamptz,
  otp_attempts      int         not null default 0,
  otp_sent          int         not null default 0,
  reminders_sent    int         not null default 0,
  sent_at           timestamptz,
  viewed_at         timestamptz,
  decided_at        timestamptz,
  ip_address        text,
  user_agent        text,
  channel           text,
  decline_reason    text,
  foreign key (tenant_id, contract_id) references contract
);
create index contract_signer_contract on contract_signer (tenant_id, contract_id, signing_group);

-- Obligations a signed contract starts (seed 000 §11.2, §11.4): invoices, escrow milestones and deliverables with a
-- due time (SLA timers in contract-signing.bpmn).
create table contract_obligation (
  obligation_id   uuid        primary key,
  tenant_id       text        not null,
  contract_id     uuid        not null,
  kind            text        not null check (kind in ('INVOICE', 'ESCROW_MILESTONE', 'DELIVERABLE')),
  description     text        not null,
  amount_minor    bigint,
  currency        char(3),
  due_at          timestamptz,
  correlation_key text,
  status          text        not null default 'OPEN' check (status in ('OPEN', 'FULFILLED', 'OVERDUE', 'WAIVED')),
  fulfilled_at    timestamptz,
  created_at      timestamptz not null default now(),
  foreign key (tenant_id, contract_id) references contract
);
create index contract_obligation_contract on contract_obligation (tenant_id, contract_id);

-- Expiring read links to a contract's sealed PDF (seed 000 §11.5 access expiry), stored as SHA-256 only.
create table contract_access_link (
  link_sha256  char(64)    primary key,
  tenant_id    text        not null,
  contract_id  uuid        not null,
  created_by   text        not null,
  expires_at   timestamptz not null,
  created_at   timestamptz not null default now(),
  foreign key (tenant_id, contract_id) references contract
);

select enable_tenant_isolation('contract');
select enable_tenant_isolation('contract_version');
select enable_tenant_isolation('contract_signer');
select enable_tenant_isolation('contract_obligation');
select enable_tenant_isolation('contract_access_link');
