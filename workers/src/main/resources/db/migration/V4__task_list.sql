-- The durable, tenant-scoped task list for job-based user tasks (job type io.camunda.zeebe:userTask).
create table user_task (
  task_id              uuid        primary key,
  tenant_id            text        not null references tenant,
  business_key         text        not null,
  job_key              bigint      not null,
  engine_epoch         text        not null,
  process_instance_key bigint      not null,
  bpmn_process_id      text        not null,
  element_id           text        not null,
  name                 text        not null,
  candidate_groups     text[]      not null default '{}',
  assignee             text,
  form_key             text,
  due_at               timestamptz,
  variables            jsonb       not null default '{}'::jsonb,
  headers              jsonb       not null default '{}'::jsonb,
  state                text        not null check (state in ('CREATED', 'COMPLETED', 'CANCELED')),
  created_at           timestamptz not null default now(),
  completed_at         timestamptz,
  completed_by         text,
  completion           jsonb
);
create index user_task_open on user_task (tenant_id, state);
create index user_task_business on user_task (tenant_id, business_key, element_id);
create unique index user_task_job on user_task (engine_epoch, job_key);
