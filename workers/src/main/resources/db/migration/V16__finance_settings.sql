-- Per-tenant finance settings (issue 4): the release threshold above which a milestone release needs dual approval
-- (input of decisions/finance/release-approvals-required.dmn). No row = the DMN's platform defaults.
create table finance_settings (
  tenant_id                 text        primary key references tenant,
  release_threshold_minor   bigint      check (release_threshold_minor >= 0),
  release_threshold_currency char(3),
  updated_by                text        not null,
  updated_at                timestamptz not null default now(),
  check ((release_threshold_minor is null) = (release_threshold_currency is null))
);

select enable_tenant_isolation('finance_settings');
