-- Pageant seasons (issue 6; seed 000 §3 B3, §8.3 Season: DRAFT → REGISTRATION → ROUNDS → SCORING → RESULTS (freeze)
-- → PUBLISHED → ARCHIVED; §9.3 Pageant Integrity Pack; seed 002 §3.4). Contestants register and are checked by the
-- DMN pageant-eligibility; judges are assigned to stages and score blind (contestant codes, never names); every
-- scorecard is an append-only row, hash-chained per season and signed with the judge's key held by the server.
create table pageant_season (
  tenant_id              text        not null references tenant,
  season_id              uuid        not null,
  name                   text        not null,
  status                 text        not null default 'DRAFT' check (status in
                           ('DRAFT', 'REGISTRATION', 'ROUNDS', 'SCORING', 'RESULTS', 'PUBLISHED', 'ARCHIVED')),
  registration_closes_at timestamptz not null,
  reference_date         date        not null,
  min_age                int         not null,
  max_age                int         not null,
  regions                jsonb       not null default '[]'::jsonb,
  max_prior_titles       int         not null default 0,
  prize_pool             jsonb       not null default '[]'::jsonb, -- [amountMinor for rank 1, rank 2, …]
  currency               char(3)     not null,
  embargo_until          timestamptz not null,
  result                 jsonb,
  result_fingerprint     text,
  process_instance_key   bigint,
  created_by             text        not null,
  created_at             timestamptz not null default now(),
  published_at           timestamptz,
  event_seq              bigint      not null default 0, -- orders conflict declarations against freezes
  primary key (tenant_id, season_id)
);

create table pageant_stage (
  tenant_id          text        not null,
  season_id          uuid        not null,
  stage_key          text        not null,
  name               text        not null,
  position           int         not null,
  weight_percent     int         not null check (weight_percent between 1 and 100),
  rules              jsonb       not null,
  status             text        not null default 'PENDING' check (status in ('PENDING', 'SCORING', 'FROZEN')),
  frozen_at          timestamptz,
  frozen_event       bigint,      -- the season's event counter at freeze (conflicts declared before it count)
  frozen_by          text,
  result             jsonb,
  result_fingerprint text,
  reminders_sent     int         not null default 0,
  anomalies          jsonb,       -- the anomaly flags as they stood at freeze
  chain_head_seq     bigint,      -- the season's score chain at freeze: its last row and that row's hash, so rows
  chain_head_hash    text,        -- removed from the end afterwards are found too
  scoring_closed_by  text,        -- a director who closed scoring with scorecards missing
  primary key (tenant_id, season_id, stage_key),
  foreign key (tenant_id, season_id) references pageant_season
);

create table pageant_judge (
  tenant_id   text        not null,
  season_id   uuid        not null,
  stage_key   text        not null,
  judge_id    text        not null,
  assigned_by text        not null,
  assigned_at timestamptz not null default now(),
  primary key (tenant_id, season_id, stage_key, judge_id),
  foreign key (tenant_id, season_id, stage_key) references pageant_stage
);

-- The judge's Ed25519 key pair: the public key verifies the chain; the private key is encrypted with the server's
-- key (AES-GCM) and used only when the judge submits a scorecard.
create table pageant_judge_key (
  tenant_id        text        not null,
  judge_id         text        not null,
  public_key       bytea       not null,
  private_key_enc  bytea       not null,
  created_at       timestamptz not null default now(),
  primary key (tenant_id, judge_id)
);

create table pageant_contestant (
  tenant_id          text        not null,
  season_id          uuid        not null,
  registration_id    uuid        not null,
  full_name          text        not null,
  birth_date         date        not null,
  region             text        not null,
  prior_titles       int         not null default 0,
  registered_by      text        not null,
  status             text        not null check (status in ('REGISTERED', 'INELIGIBLE', 'VERIFIED')),
  eligibility_reason text        not null,
  minor              boolean     not null,
  guardian_consent   boolean     not null default false,
  contestant_code    text,
  registered_at      timestamptz not null,
  verified_at        timestamptz,
  verified_by        text,
  primary key (tenant_id, registration_id),
  foreign key (tenant_id, season_id) references pageant_season
);
create unique index pageant_contestant_code on pageant_contestant (tenant_id, season_id, contestant_code);

create table pageant_conflict (
  tenant_id       text        not null,
  season_id       uuid        not null,
  judge_id        text        not null,
  contestant_code text        not null,
  reason          text        not null,
  declared_at     timestamptz not null,
  declared_event  bigint      not null,
  primary key (tenant_id, season_id, judge_id, contestant_code)
);

create table pageant_score (
  tenant_id         text        not null,
  season_id         uuid        not null,
  seq               bigint      not null,
  score_id          uuid        not null,
  stage_key         text        not null,
  judge_id          text        not null,
  contestant_code   text        not null,
  criterion_scores  jsonb       not null,
  corrects_score_id uuid,
  submitted_at      timestamptz not null,
  previous_hash     text        not null,
  hash              text        not null,
  signature         text        not null,
  primary key (tenant_id, season_id, seq),
  unique (tenant_id, score_id),
  foreign key (tenant_id, season_id) references pageant_season
);
create index pageant_score_card on pageant_score (tenant_id, season_id, stage_key, judge_id, contestant_code);
create index pageant_score_correction on pageant_score (tenant_id, season_id, corrects_score_id);
-- append-only (seed 002 §3.4 score tampering: append-only scoring): a correction is a new row citing the old one
create trigger pageant_score_append_only before update or delete on pageant_score
  for each row execute function refuse_change();
create trigger pageant_score_no_truncate before truncate on pageant_score
  for each statement execute function refuse_change();

-- a frozen stage's result and chain anchor are written once
create function pageant_stage_frozen_once() returns trigger language plpgsql as $$
begin
  if old.status = 'FROZEN' and (new.status is distinct from old.status or new.result is distinct from old.result
      or new.result_fingerprint is distinct from old.result_fingerprint or new.frozen_event is distinct from
      old.frozen_event or new.chain_head_seq is distinct from old.chain_head_seq
      or new.chain_head_hash is distinct from old.chain_head_hash) then
    raise exception 'stage % of season % is frozen: its result and chain anchor are written once', old.stage_key,
      old.season_id using errcode = 'P0001';
  end if;
  return new;
end $$;
create trigger pageant_stage_frozen_once before update on pageant_stage
  for each row execute function pageant_stage_frozen_once();
create trigger pageant_stage_no_delete before delete on pageant_stage
  for each row execute function refuse_change();

select enable_tenant_isolation('pageant_season');
select enable_tenant_isolation('pageant_stage');
select enable_tenant_isolation('pageant_judge');
select enable_tenant_isolation('pageant_judge_key');
select enable_tenant_isolation('pageant_contestant');
select enable_tenant_isolation('pageant_conflict');
select enable_tenant_isolation('pageant_score');
