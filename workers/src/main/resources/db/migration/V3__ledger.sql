-- Double-entry ledger (seed 000 §10.3: append-only, balances derived, never edited).
create table ledger_account (
  account_id bigserial primary key,
  tenant_id  text    not null references tenant,
  code       text    not null,
  type       text    not null check (type in ('ASSET', 'LIABILITY', 'REVENUE', 'EXPENSE')),
  currency   char(3) not null,
  unique (tenant_id, code, currency)
);

create table journal_entry (
  entry_id         bigserial primary key,
  tenant_id        text        not null references tenant,
  idempotency_key  text        not null,
  request_hash     text        not null,
  kind             text        not null,
  business_key     text,
  description      text        not null,
  reverses_entry_id bigint     references journal_entry,
  posted_at        timestamptz not null default now(),
  unique (tenant_id, idempotency_key)
);
create index journal_entry_business on journal_entry (tenant_id, business_key);

create table posting (
  posting_id   bigserial primary key,
  entry_id     bigint  not null references journal_entry,
  tenant_id    text    not null,
  account_id   bigint  not null references ledger_account,
  side         char(1) not null check (side in ('D', 'C')),
  amount_minor bigint  not null check (amount_minor > 0),
  currency     char(3) not null
);
create index posting_entry on posting (entry_id);
create index posting_account on posting (account_id);

-- Append-only, enforced by the database itself: UPDATE, DELETE and TRUNCATE are refused.
create function ledger_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'ledger table % is append-only: % refused; post a reversing entry instead', tg_table_name, tg_op
    using errcode = 'P0001';
end $$;

create trigger ledger_account_append_only before update or delete on ledger_account
  for each row execute function ledger_refuse_change();
create trigger journal_entry_append_only before update or delete on journal_entry
  for each row execute function ledger_refuse_change();
create trigger posting_append_only before update or delete on posting
  for each row execute function ledger_refuse_change();
create trigger ledger_account_no_truncate before truncate on ledger_account
  for each statement execute function ledger_refuse_change();
create trigger journal_entry_no_truncate before truncate on journal_entry
  for each statement execute function ledger_refuse_change();
create trigger posting_no_truncate before truncate on posting
  for each statement execute function ledger_refuse_change();

-- A journal entry must balance per currency when its transaction commits (defence in depth behind JournalEntry).
create function journal_entry_must_balance() returns trigger language plpgsql as $$
declare
  unbalanced record;
begin
  select currency, sum(case side when 'D' then amount_minor else -amount_minor end) as net
    into unbalanced
    from posting where entry_id = new.entry_id
    group by currency
    having sum(case side when 'D' then amount_minor else -amount_minor end) <> 0
    limit 1;
  if found then
    raise exception 'journal entry % is unbalanced in %: debits minus credits = %', new.entry_id, unbalanced.currency, unbalanced.net
      using errcode = 'P0002';
  end if;
  return null;
end $$;

create constraint trigger posting_balanced after insert on posting
  deferrable initially deferred for each row execute function journal_entry_must_balance();
