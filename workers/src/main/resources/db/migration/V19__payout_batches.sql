-- Revenue recognition (seed 000 §10.6): CASH recognises the agency's commission when the client's money is released
-- from escrow, ACCRUAL when the invoice is issued (PRO and ENTERPRISE plans).
alter table finance_settings add column revenue_recognition text not null default 'CASH'
  check (revenue_recognition in ('CASH', 'ACCRUAL'));

-- Payout batches (issue 4): a tenant in BATCH payout mode queues each booking's payout when its escrow is released;
-- a batch collects the queued payouts of one currency, goes through maker-checker (payout-approval.bpmn) and is paid
-- by the automation.finance service identity, which records each provider payout id.
alter table finance_settings add column payout_mode text not null default 'PER_BOOKING'
  check (payout_mode in ('PER_BOOKING', 'BATCH'));

create table payout_batch (
  batch_id     uuid        primary key,
  tenant_id    text        not null references tenant,
  currency     char(3)     not null,
  status       text        not null check (status in ('COLLECTING', 'EMPTY', 'AWAITING_APPROVAL', 'PAYING', 'PAID',
                                                     'PARTLY_PAID', 'CANCELLED')),
  requested_by text        not null,
  item_count   int         not null default 0,
  total_minor  bigint      not null default 0 check (total_minor >= 0),
  failures     jsonb       not null default '[]',
  requested_at timestamptz not null default now(),
  closed_at    timestamptz
);

-- one open batch per tenant and currency: the next one collects what the open one did not
create unique index payout_batch_one_open on payout_batch (tenant_id, currency)
  where status in ('COLLECTING', 'AWAITING_APPROVAL', 'PAYING');

create index payout_batch_by_tenant on payout_batch (tenant_id, requested_at desc);

-- one row per booking: QUEUED until a batch collects it, then IN_BATCH, then PAID (or back to QUEUED when the provider
-- refused it, with the reason, so finance can fix the payee and the next batch tries again)
create table payout_batch_item (
  tenant_id          text        not null references tenant,
  booking_id         text        not null,
  talent_id          text        not null,
  currency           char(3)     not null,
  status             text        not null check (status in ('QUEUED', 'IN_BATCH', 'PAID')),
  batch_id           uuid        references payout_batch,
  amount_minor       bigint      check (amount_minor >= 0),
  provider           text,
  provider_payout_id text,
  last_failure       text,
  queued_at          timestamptz not null default now(),
  paid_at            timestamptz,
  primary key (tenant_id, booking_id)
);

create index payout_batch_item_queued on payout_batch_item (tenant_id, currency) where status = 'QUEUED';
create index payout_batch_item_by_batch on payout_batch_item (batch_id);

select enable_tenant_isolation('payout_batch');
select enable_tenant_isolation('payout_batch_item');
