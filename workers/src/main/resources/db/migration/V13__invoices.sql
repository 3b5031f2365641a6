-- Invoices with GST (issue 4; CGST Rules 2017, rule 46). A tenant's tax profile is the supplier on its invoices.
-- Invoice numbers are gapless per tenant and financial year (rule 46(b)): the number is taken from invoice_sequence
-- under a row lock in the same transaction that stores the invoice, so a failed invoice gives its number back.
-- Invoices are append-only (a correction is a credit note, not an edit).
create table tenant_tax_profile (
  tenant_id      text        primary key references tenant,
  legal_name     text        not null,
  address        text        not null,
  state_code     text        not null check (state_code ~ '^[0-9]{2}$'),
  gstin          text        check (gstin ~ '^[0-9]{2}[A-Z0-9]{13}$'),
  invoice_prefix text        not null check (invoice_prefix ~ '^[A-Z]{1,4}$'),
  updated_at     timestamptz not null default now()
);

create table invoice_sequence (
  tenant_id      text not null references tenant,
  financial_year text not null,
  last_number    int  not null,
  primary key (tenant_id, financial_year)
);

create table invoice (
  invoice_id      uuid        primary key,
  tenant_id       text        not null references tenant,
  invoice_number  text        not null check (length(invoice_number) <= 16),
  financial_year  text        not null,
  invoice_date    date        not null,
  booking_id      text,
  currency        text        not null,
  exchange_rate   numeric(18, 6),
  document        jsonb       not null,
  total_minor     bigint      not null,
  created_by      text        not null,
  created_at      timestamptz not null default now(),
  unique (tenant_id, invoice_number)
);

create trigger invoice_append_only before update or delete on invoice
  for each row execute function refuse_change();

-- One place for the row-level security of a new tenant table (ADR 0006); later migrations call it too.
create function enable_tenant_isolation(table_name text) returns void language plpgsql as $$
begin
  execute format('alter table %I enable row level security', table_name);
  execute format('create policy tenant_isolation on %I using (tenant_row_visible(tenant_id)) '
      || 'with check (tenant_row_visible(tenant_id))', table_name);
end $$;

select enable_tenant_isolation('tenant_tax_profile');
select enable_tenant_isolation('invoice_sequence');
select enable_tenant_isolation('invoice');
