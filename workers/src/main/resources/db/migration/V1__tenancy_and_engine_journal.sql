-- Tenants. Every other table carries tenant_id and every query filters on it (seed 000 Appendix B: tenant_id everywhere).
create table tenant (
  tenant_id   text primary key check (tenant_id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name        text        not null,
  status      text        not null default 'ACTIVE' check (status in ('PENDING', 'ACTIVE', 'SUSPENDED', 'TERMINATED')),
  plan        text        not null default 'GROWTH' check (plan in ('STARTER', 'GROWTH', 'PRO', 'ENTERPRISE')),
  created_at  timestamptz not null default now()
);

-- The engine journal: TalentOS's durable mirror of what the engine did, read from the engine's record stream.
-- Engine keys restart when an in-memory engine restarts, so every key is qualified by the engine epoch
-- (one epoch per start of the embedded engine; 'cluster' against a real cluster, whose keys never repeat).

-- One row per process instance. tenant_id and business_key come from the instance's own variables
-- (every starter sets tenantId and businessKey). A resumed instance replaces the old one, which becomes SUPERSEDED.
create table process_instance (
  engine_epoch                text        not null,
  process_instance_key        bigint      not null,
  tenant_id                   text,
  business_key                text,
  bpmn_process_id             text        not null,
  parent_process_instance_key bigint,
  root_process_instance_key   bigint      not null,
  state                       text        not null check (state in ('ACTIVE', 'COMPLETED', 'TERMINATED', 'SUPERSEDED')),
  business_status             text,
  variables                   jsonb       not null default '{}'::jsonb,
  superseded_by               bigint,
  started_at                  timestamptz not null,
  ended_at                    timestamptz,
  primary key (engine_epoch, process_instance_key)
);
create index process_instance_business on process_instance (tenant_id, business_key);
create index process_instance_open on process_instance (state) where state = 'ACTIVE';

-- Element instances active right now: the wait states a resume starts before.
create table active_element (
  engine_epoch         text   not null,
  element_instance_key bigint not null,
  process_instance_key bigint not null,
  flow_scope_key       bigint not null,
  element_id           text   not null,
  element_type         text   not null,
  primary key (engine_epoch, element_instance_key)
);
create index active_element_instance on active_element (engine_epoch, process_instance_key);

-- The timeline: every element a process instance entered and left, and every incident, with engine time.
create table process_event (
  id                   bigserial primary key,
  engine_epoch         text        not null,
  process_instance_key bigint      not null,
  bpmn_process_id      text        not null,
  element_id           text        not null,
  element_name         text,
  element_type         text        not null,
  intent               text        not null,
  detail               text,
  occurred_at          timestamptz not null
);
create index process_event_instance on process_event (engine_epoch, process_instance_key, id);

-- Open message subscriptions of the running engine: who waits for which message, so a message nobody waits for is refused.
create table message_subscription (
  engine_epoch         text   not null,
  element_instance_key bigint not null,
  message_name         text   not null,
  correlation_key      text   not null,
  process_instance_key bigint not null,
  interrupting         boolean not null,
  primary key (engine_epoch, element_instance_key, message_name)
);
create index message_subscription_lookup on message_subscription (engine_epoch, message_name, correlation_key);

-- Inbound messages by messageId: a repeated messageId has no second effect.
create table inbound_message (
  tenant_id            text        not null references tenant,
  message_id           text        not null,
  message_name         text        not null,
  correlation_key      text        not null,
  state                text        not null check (state in ('PENDING', 'CORRELATED')),
  process_instance_key bigint,
  received_at          timestamptz not null default now(),
  primary key (tenant_id, message_id)
);
