package io.talentos.finance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talentos.engine.ProcessStarter;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Reconciliation with the payment providers (issue 4): a settlement report (CSV, Apache Commons CSV) is stored and
 * handed to the {@code settlement-reconciliation} process, which compares each line with the ledger's capture of that
 * payment and opens a finance task per mismatch. Amounts are minor units, currencies ISO 4217.
 *
 * <p>Columns: {@code provider, payment_id, amount_minor, fee_minor, currency, settled_on}.
 */
@Service
public class SettlementService {

  /** One settled payment as the provider reports it. */
  public record SettlementLine(String provider, String paymentId, long amountMinor, long feeMinor, String currency,
      String settledOn) {}

  /**
   * A disagreement: MISSING_IN_LEDGER, AMOUNT_MISMATCH, FEE_MISMATCH, CURRENCY_MISMATCH or DUPLICATE_IN_REPORT, with
   * the provider's and the ledger's figures.
   */
  public record Mismatch(String paymentId, String kind, String detail, long settledMinor, Long ledgerMinor) {}

  /** An import: its lines and, once compared, its mismatches (null before). */
  public record SettlementImport(UUID importId, String importedBy, String importedAt, List<SettlementLine> lines,
      List<Mismatch> mismatches) {}

  /** The report cannot be read (HTTP 422); the message names the line. */
  public static class InvalidSettlementException extends RuntimeException {
    InvalidSettlementException(String message) {
      super(message);
    }
  }

  /** No such import in the tenant (HTTP 404). */
  public static class UnknownImportException extends RuntimeException {
    UnknownImportException(UUID id) {
      super("No settlement import " + id);
    }
  }

  private static final Set<String> COLUMNS = Set.of("provider", "payment_id", "amount_minor", "fee_minor",
      "currency", "settled_on");
  private static final String PROCESS_ID = "settlement-reconciliation";

  private final JdbcTemplate jdbc;
  private final ProcessStarter processes;
  private final ObjectMapper json;

  SettlementService(JdbcTemplate jdbc, ProcessStarter processes, ObjectMapper json) {
    this.jdbc = jdbc;
    this.processes = processes;
    this.json = json;
  }

  /**
   * Reads and stores a settlement report and starts its reconciliation.
   *
   * @throws InvalidSettlementException for missing columns, a non-numeric amount, an unknown currency or no lines
   */
  public SettlementImport importCsv(String tenantId, String actor, String csv) {
    return start(tenantId, actor, parse(csv), null);
  }

  /**
   * Reconciles what the providers reported captured on one day (the {@code PaymentCaptured} events of the webhooks
   * and the offline provider, received that day in India's time zone) against the ledger, once per tenant and day:
   * a capture the ledger never posted (the booking never took the message, or took another amount) becomes a
   * mismatch task. Run daily by {@link ReconciliationSchedule}.
   *
   * @return the import (the earlier one if that day was reconciled before), or empty when no provider reported a
   *     capture that day
   * @throws InvalidSettlementException for today or a later day (a day is reconciled once, so only when it is over)
   */
  public java.util.Optional<SettlementImport> reconcileProviderEvents(String tenantId, java.time.LocalDate day,
      String actor) {
    if (!day.isBefore(java.time.LocalDate.now(Invoices.INDIA))) {
      throw new InvalidSettlementException("Only a day that is over can be reconciled, not " + day
          + " (India time)");
    }
    String source = "provider-events:" + day;
    List<UUID> earlier = jdbc.queryForList("select import_id from settlement_import where tenant_id = ? and source = ?",
        UUID.class, tenantId, source);
    if (!earlier.isEmpty()) {
      return java.util.Optional.of(find(tenantId, earlier.getFirst()));
    }
    List<SettlementLine> lines = jdbc.query("""
        select provider, variables ->> 'paymentId', (variables ->> 'paymentAmountMinor')::bigint,
               coalesce((variables ->> 'paymentFeeMinor')::bigint, 0), variables ->> 'paymentCurrency'
        from provider_event
        where tenant_id = ? and message_name = 'PaymentCaptured' and variables is not null
          and received_at >= ? and received_at < ? order by received_at""",
        (rs, i) -> new SettlementLine(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
            rs.getString(5), day.toString()), tenantId,
        java.sql.Timestamp.from(day.atStartOfDay(Invoices.INDIA).toInstant()),
        java.sql.Timestamp.from(day.plusDays(1).atStartOfDay(Invoices.INDIA).toInstant()));
    if (lines.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(start(tenantId, actor, lines, source));
  }

  private SettlementImport start(String tenantId, String actor, List<SettlementLine> lines, String source) {
    UUID id = UUID.randomUUID();
    // stored and committed first, then started: the process's first job reads the import, so it must see it
    int inserted = jdbc.update("""
        insert into settlement_import (import_id, tenant_id, imported_by, lines, source) values (?, ?, ?, ?::jsonb, ?)
        on conflict (tenant_id, source) where source is not null do nothing""",
        id, tenantId, actor, toJson(lines), source);
    if (inserted == 0) { // another run reconciled this source at the same moment
      return find(tenantId, jdbc.queryForObject("select import_id from settlement_import where tenant_id = ? "
          + "and source = ?", UUID.class, tenantId, source));
    }
    try {
      processes.start(tenantId, PROCESS_ID, Map.of("tenantId", tenantId, "businessKey", id.toString(), "importId",
          id.toString()));
    } catch (RuntimeException e) {
      boolean mayExist = e instanceof io.camunda.client.api.command.ClientStatusException status
          && status.getStatusCode() == io.grpc.Status.Code.DEADLINE_EXCEEDED;
      if (!mayExist) { // nothing reconciles it: the import goes, so the same report can be imported again
        jdbc.update("delete from settlement_import where tenant_id = ? and import_id = ?", tenantId, id);
      }
      throw e;
    }
    return find(tenantId, id);
  }

  /**
   * One import with its lines and mismatches.
   *
   * @throws UnknownImportException if there is none with this id
   */
  public SettlementImport find(String tenantId, UUID id) {
    return jdbc.query("""
        select imported_by, imported_at, lines::text, mismatches::text from settlement_import
        where tenant_id = ? and import_id = ?""", (rs, i) -> new SettlementImport(id, rs.getString(1),
            rs.getTimestamp(2).toInstant().toString(), fromJson(rs.getString(3), new TypeReference<>() {}),
            rs.getString(4) == null ? null : fromJson(rs.getString(4), new TypeReference<>() {})), tenantId, id)
        .stream().findFirst().orElseThrow(() -> new UnknownImportException(id));
  }

  /** Compares every line with the ledger's capture of that payment, records and returns the mismatches. */
  List<Mismatch> compare(String tenantId, UUID id) {
    List<Mismatch> mismatches = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (SettlementLine line : find(tenantId, id).lines()) {
      if (!seen.add(line.provider() + ":" + line.paymentId())) {
        mismatches.add(new Mismatch(line.paymentId(), "DUPLICATE_IN_REPORT", "The report settles this payment more "
            + "than once", line.amountMinor(), null));
        continue;
      }
      var postings = jdbc.queryForList("""
          select p.side, p.amount_minor, p.currency, a.code from journal_entry e
            join posting p on p.entry_id = e.entry_id join ledger_account a on a.account_id = p.account_id
          where e.tenant_id = ? and e.idempotency_key = ?""", tenantId, "payment:" + line.paymentId());
      if (postings.isEmpty()) {
        mismatches.add(new Mismatch(line.paymentId(), "MISSING_IN_LEDGER", "The provider settled a payment the "
            + "ledger never captured", line.amountMinor(), null));
        continue;
      }
      String currency = String.valueOf(postings.getFirst().get("currency"));
      long captured = sum(postings, "C", "client-escrow:");
      long fee = sum(postings, "D", "processor-fee:");
      if (!currency.equals(line.currency())) {
        mismatches.add(new Mismatch(line.paymentId(), "CURRENCY_MISMATCH", "Settled in " + line.currency()
            + ", captured in " + currency, line.amountMinor(), captured));
      } else if (captured != line.amountMinor()) {
        mismatches.add(new Mismatch(line.paymentId(), "AMOUNT_MISMATCH", "Settled " + line.amountMinor()
            + ", captured " + captured, line.amountMinor(), captured));
      } else if (fee != line.feeMinor()) {
        mismatches.add(new Mismatch(line.paymentId(), "FEE_MISMATCH", "Provider fee " + line.feeMinor()
            + ", ledger fee " + fee, line.feeMinor(), fee));
      }
    }
    jdbc.update("update settlement_import set mismatches = ?::jsonb where tenant_id = ? and import_id = ?",
        toJson(mismatches), tenantId, id);
    return mismatches;
  }

  private static long sum(List<Map<String, Object>> postings, String side, String accountPrefix) {
    return postings.stream().filter(p -> side.equals(String.valueOf(p.get("side")).trim())
            && String.valueOf(p.get("code")).startsWith(accountPrefix))
        .mapToLong(p -> ((Number) p.get("amount_minor")).longValue()).sum();
  }

  private static List<SettlementLine> parse(String csv) {
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
        .setIgnoreEmptyLines(true).get();
    List<SettlementLine> lines = new ArrayList<>();
    try (CSVParser parser = CSVParser.parse(new StringReader(csv == null ? "" : csv), format)) {
      if (!parser.getHeaderNames().containsAll(COLUMNS)) {
        throw new InvalidSettlementException("A settlement report has the columns " + COLUMNS.stream().sorted()
            .toList() + "; found " + parser.getHeaderNames());
      }
      for (CSVRecord record : parser) {
        long line = record.getRecordNumber() + 1; // the header is line 1
        try {
          String currency = record.get("currency").toUpperCase(java.util.Locale.ROOT);
          java.util.Currency.getInstance(currency);
          long amount = Long.parseLong(record.get("amount_minor"));
          long fee = Long.parseLong(record.get("fee_minor"));
          if (amount <= 0 || fee < 0 || record.get("payment_id").isBlank()) {
            throw new IllegalArgumentException("amount_minor > 0, fee_minor >= 0 and a payment_id are required");
          }
          lines.add(new SettlementLine(record.get("provider"), record.get("payment_id"), amount, fee, currency,
              record.get("settled_on")));
        } catch (IllegalArgumentException e) {
          throw new InvalidSettlementException("Line " + line + ": " + e.getMessage());
        }
      }
    } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
      throw new InvalidSettlementException("Not a settlement CSV: " + e.getMessage());
    }
    if (lines.isEmpty()) {
      throw new InvalidSettlementException("The settlement report has no lines");
    }
    return lines;
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private <T> T fromJson(String text, TypeReference<T> type) {
    try {
      return json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored settlement data is not JSON", e);
    }
  }
}
