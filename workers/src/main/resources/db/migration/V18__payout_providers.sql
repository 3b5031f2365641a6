-- Payout providers (issue 4): a tenant that pays out through RazorpayX keeps its API account here, and each talent's
-- fund account; without an account, payouts go through the offline provider (paid by hand, recorded in the ledger).
create table payout_provider_account (
  tenant_id      text        primary key references tenant,
  provider       text        not null check (provider in ('razorpayx')),
  api_base_url   text        not null,
  key_id         text        not null,
  key_secret     text        not null,
  account_number text        not null,
  updated_at     timestamptz not null default now()
);

create table payee_account (
  tenant_id         text        not null references tenant,
  talent_id         text        not null,
  provider          text        not null check (provider in ('razorpayx')),
  account_reference text        not null,
  updated_at        timestamptz not null default now(),
  primary key (tenant_id, talent_id, provider)
);

select enable_tenant_isolation('payout_provider_account');
select enable_tenant_isolation('payee_account');

-- what a provider answered for each payout, once per idempotency key: a retried job reuses it instead of calling again
create table provider_payout (
  tenant_id          text        not null references tenant,
  idempotency_key    text        not null,
  provider           text        not null,
  provider_payout_id text        not null,
  status             text        not null,
  amount_minor       bigint      not null,
  currency           char(3)     not null,
  created_at         timestamptz not null default now(),
  primary key (tenant_id, idempotency_key)
);

select enable_tenant_isolation('provider_payout');
