package io.talentos.finance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talentos.engine.Decisions;
import io.talentos.engine.EngineClock;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tax invoices with GST (issue 4; seed 000 §10, §15.1). Tax per line comes from {@code decisions/finance/gst.dmn}
 * (rate by SAC, CGST + SGST within a state, IGST across states, zero-rated export); amounts are minor units of the
 * invoice's ISO 4217 currency, tax rounded half-up per line. Numbers are gapless per tenant and financial year
 * (April–March, CGST Rules rule 46(b)): {@code <prefix>/<yy-yy>/<nnnnn>}, at most 16 characters.
 */
@Component
public class Invoices {

  /** A party: GSTIN when registered; {@code stateCode} the two-digit GST state code; {@code country} ISO 3166. */
  public record Party(String name, String address, String gstin, String stateCode, String country) {}

  /** The supplier details of a tenant's invoices. {@code invoicePrefix}: 1–4 capital letters. */
  public record TaxProfile(String legalName, String address, String stateCode, String gstin, String invoicePrefix) {}

  /** One service line: the taxable value in minor units. */
  public record Line(String description, String sac, long amountMinor) {}

  /**
   * What to invoice. {@code invoiceDate} defaults to today in India; {@code exchangeRate} (INR per unit) is required
   * for a currency other than INR and recorded on the invoice.
   */
  public record InvoiceRequest(String bookingId, LocalDate invoiceDate, String currency, BigDecimal exchangeRate,
      Party recipient, List<Line> lines) {}

  /** One line with its tax: rates in basis points, amounts in minor units. */
  public record InvoiceLine(String description, String sac, long taxableMinor, long cgstBasisPoints,
      long sgstBasisPoints, long igstBasisPoints, long cgstMinor, long sgstMinor, long igstMinor) {}

  /**
   * A stored invoice. {@code placeOfSupply} is the state code, null for an export. With reverse charge the tax is
   * shown but payable by the recipient, so {@code totalMinor} is the taxable value.
   */
  public record Invoice(UUID invoiceId, String invoiceNumber, String financialYear, String invoiceDate,
      String bookingId, String currency, BigDecimal exchangeRate, Party supplier, Party recipient,
      String placeOfSupply, String supplyType, boolean reverseCharge, List<InvoiceLine> lines, long taxableMinor,
      long cgstMinor, long sgstMinor, long igstMinor, long totalMinor, String amountInWords, String createdBy) {}

  /** The invoice cannot be issued as asked (HTTP 422). */
  public static class InvalidInvoiceException extends RuntimeException {
    InvalidInvoiceException(String message) {
      super(message);
    }
  }

  /** The tenant has not set its tax profile yet (HTTP 409). */
  public static class MissingTaxProfileException extends RuntimeException {
    MissingTaxProfileException(String tenantId) {
      super("Tenant '" + tenantId + "' has no tax profile; PUT …/tax-profile with its legal name, address, state "
          + "code and GSTIN first");
    }
  }

  /** No such invoice in the tenant (HTTP 404). */
  public static class UnknownInvoiceException extends RuntimeException {
    UnknownInvoiceException(UUID id) {
      super("No invoice " + id);
    }
  }

  /** India's time zone: invoice dates, financial years, and the calendar days finance reconciles. */
  public static final String INDIA_ZONE_ID = "Asia/Kolkata";

  /** {@link #INDIA_ZONE_ID} as a zone. */
  public static final ZoneId INDIA = ZoneId.of(INDIA_ZONE_ID);

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final Decisions decisions;
  private final EngineClock clock;
  private final ObjectMapper json;
  private final RevenueRecognition recognition;

  Invoices(JdbcTemplate jdbc, TransactionTemplate tx, Decisions decisions, EngineClock clock, ObjectMapper json,
      RevenueRecognition recognition) {
    this.recognition = recognition;
    this.jdbc = jdbc;
    this.tx = tx;
    this.decisions = decisions;
    this.clock = clock;
    this.json = json;
  }

  /**
   * Sets the tenant's supplier details.
   *
   * @throws InvalidInvoiceException for a state code that is not two digits, a malformed GSTIN or prefix
   */
  public TaxProfile saveProfile(String tenantId, TaxProfile profile) {
    if (profile.legalName() == null || profile.legalName().isBlank() || profile.address() == null
        || profile.address().isBlank()) {
      throw new InvalidInvoiceException("legalName and address are required (rule 46(a))");
    }
    if (profile.stateCode() == null || !profile.stateCode().matches("[0-9]{2}")
        || (profile.gstin() != null && !profile.gstin().matches("[0-9]{2}[A-Z0-9]{13}"))
        || profile.invoicePrefix() == null || !profile.invoicePrefix().matches("[A-Z]{1,4}")) {
      throw new InvalidInvoiceException("stateCode is two digits, gstin 15 characters (2 digits + 13 capitals or "
          + "digits), invoicePrefix 1-4 capital letters");
    }
    if (profile.gstin() != null && !profile.gstin().startsWith(profile.stateCode())) {
      throw new InvalidInvoiceException("A GSTIN starts with its state code " + profile.stateCode());
    }
    jdbc.update("""
        insert into tenant_tax_profile (tenant_id, legal_name, address, state_code, gstin, invoice_prefix)
        values (?, ?, ?, ?, ?, ?) on conflict (tenant_id) do update set legal_name = excluded.legal_name,
          address = excluded.address, state_code = excluded.state_code, gstin = excluded.gstin,
          invoice_prefix = excluded.invoice_prefix, updated_at = now()""",
        tenantId, profile.legalName(), profile.address(), profile.stateCode(), profile.gstin(),
        profile.invoicePrefix());
    return profile(tenantId).orElseThrow();
  }

  /** The tenant's supplier details, if set. */
  public Optional<TaxProfile> profile(String tenantId) {
    return jdbc.query("""
        select legal_name, address, state_code, gstin, invoice_prefix from tenant_tax_profile where tenant_id = ?""",
        (rs, i) -> new TaxProfile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5)), tenantId).stream().findFirst();
  }

  /**
   * Issues an invoice with the next number of its financial year.
   *
   * @throws MissingTaxProfileException if the tenant has no tax profile
   * @throws InvalidInvoiceException for no lines, a non-positive amount, an unknown SAC, currency or country, a
   *     domestic invoice not in INR, a foreign currency without an exchange rate, a domestic recipient without state
   *     code, reverse-charge and forward-charge lines together, a date before the series' last invoice, or a full
   *     series
   */
  public Invoice issue(String tenantId, String actor, InvoiceRequest request) {
    TaxProfile profile = profile(tenantId).orElseThrow(() -> new MissingTaxProfileException(tenantId));
    Party recipient = request.recipient();
    String currency = request.currency() == null ? "INR" : request.currency();
    validate(request, recipient, currency);
    String country = countryOf(recipient);
    boolean domestic = "IN".equals(country);
    List<InvoiceLine> lines = new ArrayList<>();
    List<Boolean> reverseChargeLines = new ArrayList<>();
    String supplyType = null;
    for (Line line : request.lines()) { // one gst-tax evaluation per line gives rates, supply type and reverse charge
      Map<String, Object> inputs = new HashMap<>();
      inputs.put("sac", line.sac());
      inputs.put("supplierStateCode", profile.stateCode());
      inputs.put("placeOfSupplyStateCode", domestic ? recipient.stateCode() : null);
      inputs.put("recipientCountry", country);
      Map<String, Object> tax = evaluate("gst-tax", inputs);
      reverseChargeLines.add(Boolean.TRUE.equals(tax.get("reverseCharge")));
      supplyType = (String) tax.get("supplyType");
      long cgst = basisPoints(tax, "cgstBasisPoints");
      long sgst = basisPoints(tax, "sgstBasisPoints");
      long igst = basisPoints(tax, "igstBasisPoints");
      lines.add(new InvoiceLine(line.description(), line.sac(), line.amountMinor(), cgst, sgst, igst,
          share(line.amountMinor(), cgst), share(line.amountMinor(), sgst), share(line.amountMinor(), igst)));
    }
    boolean reverseCharge = domestic && recipient.gstin() != null && reverseChargeLines.contains(true);
    if (reverseCharge && reverseChargeLines.contains(false)) {
      throw new InvalidInvoiceException("Reverse-charge services (e.g. sponsorship) are invoiced separately from "
          + "forward-charge services");
    }
    long taxable = lines.stream().mapToLong(InvoiceLine::taxableMinor).sum();
    long cgst = lines.stream().mapToLong(InvoiceLine::cgstMinor).sum();
    long sgst = lines.stream().mapToLong(InvoiceLine::sgstMinor).sum();
    long igst = lines.stream().mapToLong(InvoiceLine::igstMinor).sum();
    long total = reverseCharge ? taxable : taxable + cgst + sgst + igst;
    LocalDate date = request.invoiceDate() != null ? request.invoiceDate() : LocalDate.ofInstant(clock.now(), INDIA);
    String year = financialYear(date);
    Party supplier = new Party(profile.legalName(), profile.address(), profile.gstin(), profile.stateCode(), "IN");
    BigDecimal exchangeRate = "INR".equals(currency) ? null : request.exchangeRate();
    String kind = supplyType;
    boolean rc = reverseCharge;
    var accrual = recognition.prepare(tenantId, request.bookingId()); // ACCRUAL mode: the commission to recognise
    return tx.execute(status -> {
      jdbc.update("""
          insert into invoice_sequence (tenant_id, financial_year, last_number) values (?, ?, 0)
          on conflict do nothing""", tenantId, year);
      int number = jdbc.queryForObject("""
          update invoice_sequence set last_number = last_number + 1 where tenant_id = ? and financial_year = ?
          returning last_number""", Integer.class, tenantId, year);
      if (number > 99_999) { // five digits keep the number within rule 46(b)'s 16 characters
        throw new InvalidInvoiceException("The " + year + " invoice series is full (99,999 invoices)");
      }
      java.sql.Date last = jdbc.queryForObject("""
          select max(invoice_date) from invoice where tenant_id = ? and financial_year = ?""",
          java.sql.Date.class, tenantId, year);
      if (last != null && date.isBefore(last.toLocalDate())) { // consecutive numbers run with the dates
        throw new InvalidInvoiceException("Invoice date " + date + " is before the last invoice of " + year + " ("
            + last + ")");
      }
      String invoiceNumber = "%s/%s/%05d".formatted(profile.invoicePrefix(), year, number);
      Invoice invoice = new Invoice(UUID.randomUUID(), invoiceNumber, year, date.toString(), request.bookingId(),
          currency, exchangeRate, supplier, new Party(recipient.name(), recipient.address(), recipient.gstin(),
              domestic ? recipient.stateCode() : null, country), domestic ? recipient.stateCode() : null, kind, rc,
          List.copyOf(lines), taxable, cgst, sgst, igst, total, AmountInWords.of(total, currency), actor);
      jdbc.update("""
          insert into invoice (invoice_id, tenant_id, invoice_number, financial_year, invoice_date, booking_id,
            currency, exchange_rate, document, total_minor, created_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)""",
          invoice.invoiceId(), tenantId, invoiceNumber, year, Date.valueOf(date), request.bookingId(), currency,
          exchangeRate, toJson(invoice), total, actor);
      accrual.ifPresent(a -> recognition.post(tenantId, a, invoiceNumber));
      return invoice;
    });
  }

  /**
   * One invoice of the tenant.
   *
   * @throws UnknownInvoiceException if there is none with this id
   */
  public Invoice find(String tenantId, UUID id) {
    return jdbc.query("select document::text from invoice where tenant_id = ? and invoice_id = ?",
        (rs, i) -> fromJson(rs.getString(1)), tenantId, id).stream().findFirst()
        .orElseThrow(() -> new UnknownInvoiceException(id));
  }

  /** The financial year of a date as {@code yy-yy}: April to March (2026-04-01 … 2027-03-31 is "26-27"). */
  static String financialYear(LocalDate date) {
    int start = date.getMonthValue() >= 4 ? date.getYear() : date.getYear() - 1;
    return "%02d-%02d".formatted(start % 100, (start + 1) % 100);
  }

  private static void validate(InvoiceRequest request, Party recipient, String currency) {
    if (recipient == null || recipient.name() == null || recipient.address() == null) {
      throw new InvalidInvoiceException("recipient needs a name and an address (rule 46(e))");
    }
    if (request.lines() == null || request.lines().isEmpty()) {
      throw new InvalidInvoiceException("An invoice needs at least one line");
    }
    for (Line line : request.lines()) {
      if (line == null || line.amountMinor() <= 0 || line.sac() == null || line.description() == null) {
        throw new InvalidInvoiceException("Each line needs a description, a SAC code and a positive amountMinor");
      }
    }
    try {
      Currency.getInstance(currency);
    } catch (IllegalArgumentException e) {
      throw new InvalidInvoiceException("Unknown ISO 4217 currency '" + currency + "'");
    }
    String country = countryOf(recipient);
    if (!java.util.Set.of(java.util.Locale.getISOCountries()).contains(country)) {
      throw new InvalidInvoiceException("recipient.country is an ISO 3166 alpha-2 code such as IN or US, got '"
          + recipient.country() + "'");
    }
    boolean domestic = "IN".equals(country);
    if (domestic && !"INR".equals(currency)) {
      throw new InvalidInvoiceException("An invoice to a recipient in India is in INR");
    }
    if (domestic && (recipient.stateCode() == null || !recipient.stateCode().matches("[0-9]{2}"))) {
      throw new InvalidInvoiceException("A recipient in India needs its two-digit GST state code (place of supply)");
    }
    if (!"INR".equals(currency) && (request.exchangeRate() == null || request.exchangeRate().signum() <= 0)) {
      throw new InvalidInvoiceException("An invoice in " + currency + " records the exchange rate used (INR per "
          + currency + ")");
    }
  }

  /** The recipient's ISO 3166 country, upper-cased; India when not given. */
  private static String countryOf(Party recipient) {
    return recipient.country() == null ? "IN" : recipient.country().toUpperCase(java.util.Locale.ROOT);
  }

  private Map<String, Object> evaluate(String decisionId, Map<String, Object> inputs) {
    Decisions.Result result = decisions.evaluate(decisionId, inputs);
    if (result.failed()) {
      throw new InvalidInvoiceException(result.failure());
    }
    try {
      return json.readValue(result.outputJson(), new com.fasterxml.jackson.core.type.TypeReference<>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(decisionId + " returned no JSON", e);
    }
  }

  private static long basisPoints(Map<String, Object> tax, String key) {
    return ((Number) tax.get(key)).longValue();
  }

  /** Tax on a taxable value: minor units × basis points / 10,000, rounded half-up. */
  private static long share(long taxableMinor, long basisPoints) {
    return BigDecimal.valueOf(taxableMinor).multiply(BigDecimal.valueOf(basisPoints))
        .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.HALF_UP).longValueExact();
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Invoice fromJson(String text) {
    try {
      return json.readValue(text, Invoice.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A stored invoice is not JSON", e);
    }
  }
}
