-- Bookings (blueprint B1, seed 000 §3): the inquiry a client made and the terms the process works on.
create table booking (
  tenant_id        text        not null references tenant,
  booking_id       uuid        not null,
  talent_id        text        not null,
  client_name      text        not null,
  starts_at        timestamptz not null,
  ends_at          timestamptz not null check (ends_at > starts_at),
  deliverables     text        not null,
  budget_minor     bigint      not null check (budget_minor > 0),
  currency         char(3)     not null,
  commission_model text        not null,
  initiated_by     text        not null,
  created_at       timestamptz not null default now(),
  primary key (tenant_id, booking_id)
);

-- Option holds on a talent's dates (first or second option). A second option is promoted when the first is released.
create table option_hold (
  hold_id     uuid        primary key,
  tenant_id   text        not null references tenant,
  booking_id  uuid        not null,
  talent_id   text        not null,
  starts_at   timestamptz not null,
  ends_at     timestamptz not null,
  rank        int         not null check (rank in (1, 2)),
  status      text        not null check (status in ('ACTIVE', 'CONFIRMED', 'RELEASED')),
  expires_at  timestamptz not null,
  released_reason text,
  promoted_by uuid,
  created_at  timestamptz not null default now(),
  unique (tenant_id, booking_id)
);
create index option_hold_talent on option_hold (tenant_id, talent_id) where status in ('ACTIVE', 'CONFIRMED');
