-- Scheduled reconciliation (issue 4): each provider event keeps the variables it was published with, so a daily
-- reconciliation can compare what the providers reported captured with what the ledger captured; an import made from
-- provider events names its source, once per tenant and day.
alter table provider_event add column variables jsonb;
alter table settlement_import add column source text;
create unique index settlement_import_source on settlement_import (tenant_id, source) where source is not null;
