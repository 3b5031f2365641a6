-- Provider refunds (issue 4): the API credentials a tenant gives TalentOS to refund through Razorpay or Stripe
-- (without them, refunds are returned by hand), and one row per refund the ledger posted, keyed by the journal
-- entry's idempotency key, so the refund process asks the provider once however often a job or message repeats.
alter table payment_provider_account
  add column api_base_url text,
  add column api_key_id   text,
  add column api_secret   text;

create table provider_refund (
  tenant_id            text        not null references tenant,
  refund_key           text        not null,  -- the idempotency key of the journal entry that posted the refund
  booking_id           uuid        not null,
  amount_minor         bigint      not null check (amount_minor > 0),
  currency             char(3)     not null,
  reason               text        not null,
  status               text        not null check (status in ('REQUESTED', 'SUBMITTING', 'SUBMITTED', 'PROCESSED',
                         'REFUSED', 'FAILED', 'MANUAL', 'RETURNED_BY_HAND')),
  process_instance_key bigint,
  provider             text,
  payment_id           text,
  provider_refund_id   text,
  failure_reason       text,
  returned_reference   text,
  returned_by          text,
  requested_at         timestamptz not null default now(),
  updated_at           timestamptz not null default now(),
  primary key (tenant_id, refund_key)
);

create index provider_refund_booking on provider_refund (tenant_id, booking_id);

select enable_tenant_isolation('provider_refund');
