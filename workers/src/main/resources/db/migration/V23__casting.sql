-- Casting pipeline (issue 6; seed 000 §3 B2, §8.2 CastingCall: DRAFT → OPEN → SHORTLIST → AUDITION → OFFER → CLOSED).
-- A casting call posts one role. Talent (or their agent) submit to it with media references; casting shortlists,
-- shares the shortlist with the client through an expiring, watermarked client view (talent details redacted until
-- the client's NDA is signed, §7.4), holds auditions in slots (no double booking of the talent's time), and makes an
-- offer: ACCEPTED starts a booking with the agreed terms, DECLINED returns to the shortlist.
create table casting_call (
  tenant_id            text        not null references tenant,
  casting_call_id      uuid        not null,
  title                text        not null,
  role_name            text        not null,
  description          text        not null,
  client_name          text        not null,
  client_email         text        not null,
  agency_signer_name   text        not null,
  agency_signer_email  text        not null,
  quota                int         not null check (quota between 1 and 1000),
  closes_at            timestamptz not null,
  shoot_starts_at      timestamptz not null,
  shoot_ends_at        timestamptz not null check (shoot_ends_at > shoot_starts_at),
  budget_minor         bigint      not null check (budget_minor > 0),
  currency             char(3)     not null,
  commission_model     text        not null,
  status               text        not null default 'DRAFT' check (status in
                         ('DRAFT', 'OPEN', 'SHORTLIST', 'AUDITION', 'OFFER', 'CLOSED')),
  closed_reason        text check (closed_reason in ('DATE', 'QUOTA', 'CASTING')), -- why submissions closed
  nda_contract_id      uuid,
  booking_id           uuid,
  process_instance_key bigint,
  created_by           text        not null,
  created_at           timestamptz not null default now(),
  opened_at            timestamptz,
  submissions_closed_at timestamptz,
  decision_breach_due_at timestamptz, -- the decision deadline whose breach was reported (once per deadline)
  decision_breach_job  bigint,       -- the job that reported it (its retry reports it again)
  primary key (tenant_id, casting_call_id)
);

create table casting_submission (
  tenant_id        text        not null,
  submission_id    uuid        not null,
  casting_call_id  uuid        not null,
  talent_id        text        not null,
  talent_name      text        not null,
  submitted_by     text        not null,
  media            jsonb       not null default '[]'::jsonb,
  note             text,
  status           text        not null default 'SUBMITTED' check (status in ('SUBMITTED', 'WITHDRAWN')),
  shortlisted      boolean     not null default false,
  offer_declined   boolean     not null default false,
  submitted_at     timestamptz not null,
  viewed_at        timestamptz,
  viewed_by        text,
  review_overdue_at timestamptz, -- when the review KPI breach was raised for it (once per submission)
  withdrawn_at     timestamptz,
  primary key (tenant_id, submission_id),
  foreign key (tenant_id, casting_call_id) references casting_call
);
create index casting_submission_call on casting_submission (tenant_id, casting_call_id);
-- a talent submits to a role once (a withdrawn submission may be replaced)
create unique index casting_submission_once on casting_submission (tenant_id, casting_call_id, talent_id)
  where status = 'SUBMITTED';

-- The client's view of the shortlist: a single link per share, stored as its SHA-256, that expires.
create table casting_client_view (
  tenant_id       text        not null,
  view_id         uuid        not null,
  casting_call_id uuid        not null,
  token_sha256    text        not null unique,
  viewer_name     text        not null,
  viewer_email    text        not null,
  expires_at      timestamptz not null,
  created_at      timestamptz not null default now(),
  opened          int         not null default 0,
  last_opened_at  timestamptz,
  primary key (tenant_id, view_id),
  foreign key (tenant_id, casting_call_id) references casting_call
);

create table casting_audition (
  tenant_id       text        not null,
  audition_id     uuid        not null,
  casting_call_id uuid        not null,
  submission_id   uuid        not null,
  talent_id       text        not null,
  starts_at       timestamptz not null,
  ends_at         timestamptz not null check (ends_at > starts_at),
  status          text        not null default 'SCHEDULED' check (status in
                    ('SCHEDULED', 'ATTENDED', 'NO_SHOW', 'CANCELLED')),
  scheduled_by    text        not null,
  outcome_at      timestamptz,
  primary key (tenant_id, audition_id),
  foreign key (tenant_id, submission_id) references casting_submission
);
create index casting_audition_talent on casting_audition (tenant_id, talent_id, starts_at);

create table casting_offer (
  tenant_id       text        not null,
  offer_id        uuid        not null,
  casting_call_id uuid        not null,
  submission_id   uuid        not null,
  talent_id       text        not null,
  fee_minor       bigint      not null check (fee_minor > 0),
  currency        char(3)     not null,
  status          text        not null default 'SENT' check (status in ('SENT', 'ACCEPTED', 'DECLINED')),
  decline_reason  text,
  offered_by      text        not null,
  offered_at      timestamptz not null,
  answered_by     text,
  answered_at     timestamptz,
  booking_id      uuid,
  primary key (tenant_id, offer_id),
  foreign key (tenant_id, submission_id) references casting_submission
);
-- one open offer per casting call at a time
create unique index casting_offer_one_open on casting_offer (tenant_id, casting_call_id) where status = 'SENT';

select enable_tenant_isolation('casting_call');
select enable_tenant_isolation('casting_submission');
select enable_tenant_isolation('casting_client_view');
select enable_tenant_isolation('casting_audition');
select enable_tenant_isolation('casting_offer');
