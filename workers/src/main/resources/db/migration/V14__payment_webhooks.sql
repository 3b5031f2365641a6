-- Payment providers (issue 4): each tenant's account with Razorpay or Stripe (its webhook signing secret), and every
-- provider event received, once per event id (deduplication), with the message it became.
create table payment_provider_account (
  tenant_id      text        not null references tenant,
  provider       text        not null check (provider in ('razorpay', 'stripe')),
  webhook_secret text        not null,
  updated_at     timestamptz not null default now(),
  primary key (tenant_id, provider)
);

create table provider_event (
  tenant_id      text        not null references tenant,
  provider       text        not null,
  event_id       text        not null,
  event_type     text        not null,
  message_name   text,
  booking_id     text,
  received_at    timestamptz not null default now(),
  payload        jsonb       not null,
  primary key (tenant_id, provider, event_id)
);

select enable_tenant_isolation('payment_provider_account');
select enable_tenant_isolation('provider_event');
