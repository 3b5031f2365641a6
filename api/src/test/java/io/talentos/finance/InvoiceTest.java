package io.talentos.finance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.talentos.identity.DevIdentityProvider;
import io.talentos.support.TalentOsTest;
import io.talentos.tenancy.Tenants;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Issue 4, invoices: GST by place of supply from decisions/finance/gst.dmn (CGST + SGST within a state, IGST across
 * states, zero-rated export with the exchange rate recorded, reverse charge), numbers gapless per financial year even
 * under concurrent issuing, and a PDF carrying the particulars of CGST Rules rule 46.
 */
@TalentOsTest
class InvoiceTest {

  @Autowired TestRestTemplate http;
  @Autowired DevIdentityProvider identity;
  @Autowired Tenants tenants;

  private String tenant;
  private String finance;

  @BeforeEach
  void tenantWithProfile() {
    tenant = "inv-" + UUID.randomUUID().toString().substring(0, 8);
    tenants.ensure(tenant, "Lumen Talent", "GROWTH");
    finance = identity.token("fin.tara", tenant, List.of("finance-manager"));
  }

  private ResponseEntity<JsonNode> call(HttpMethod method, String path, Object body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(finance);
    headers.setContentType(MediaType.APPLICATION_JSON);
    return http.exchange("/api/v1/tenants/" + tenant + path, method, new HttpEntity<>(body, headers), JsonNode.class);
  }

  private void profile() {
    var saved = call(HttpMethod.PUT, "/tax-profile", Map.of("legalName", "Lumen Talent Pvt Ltd",
        "address", "12 Linking Road, Bandra West, Mumbai 400050", "stateCode", "27", "gstin", "27AABCL1234M1Z5",
        "invoicePrefix", "LT"));
    assertThat(saved.getStatusCode()).as(String.valueOf(saved.getBody())).isEqualTo(HttpStatus.OK);
  }

  private static Map<String, Object> invoice(String date, String currency, Object rate, Map<String, Object> recipient,
      String sac, long amountMinor) {
    var body = new java.util.HashMap<String, Object>(Map.of("invoiceDate", date, "currency", currency,
        "recipient", recipient, "lines", List.of(Map.of("description", "Campaign shoot, one studio day",
            "sac", sac, "amountMinor", amountMinor))));
    if (rate != null) {
      body.put("exchangeRate", rate);
    }
    return body;
  }

  private static Map<String, Object> recipientIn(String state, String gstin) {
    var recipient = new java.util.HashMap<String, Object>(Map.of("name", "Aurora Cosmetics Ltd",
        "address", "Brigade Road, Bengaluru", "stateCode", state, "country", "IN"));
    if (gstin != null) {
      recipient.put("gstin", gstin);
    }
    return recipient;
  }

  @Test
  void gstFollowsThePlaceOfSupply_andThePdfCarriesRule46() throws Exception {
    assertThat(call(HttpMethod.POST, "/invoices", invoice("2026-11-22", "INR", null, recipientIn("27", null),
        "999614", 15_000_000)).getStatusCode()).as("no tax profile yet").isEqualTo(HttpStatus.CONFLICT);
    profile();

    JsonNode intra = call(HttpMethod.POST, "/invoices", invoice("2026-11-22", "INR", null, recipientIn("27", null),
        "999614", 15_000_000)).getBody();
    assertThat(intra.path("invoiceNumber").asText()).isEqualTo("LT/26-27/00001");
    assertThat(intra.path("supplyType").asText()).isEqualTo("INTRA_STATE");
    assertThat(intra.path("cgstMinor").asLong()).isEqualTo(1_350_000);
    assertThat(intra.path("sgstMinor").asLong()).isEqualTo(1_350_000);
    assertThat(intra.path("igstMinor").asLong()).isZero();
    assertThat(intra.path("totalMinor").asLong()).isEqualTo(17_700_000);
    assertThat(intra.path("amountInWords").asText()).isEqualTo("Rupees one lakh seventy-seven thousand only");

    JsonNode inter = call(HttpMethod.POST, "/invoices", invoice("2026-11-23", "INR", null,
        recipientIn("29", "29AAACA9999B1Z2"), "999614", 10_050)).getBody();
    assertThat(inter.path("invoiceNumber").asText()).isEqualTo("LT/26-27/00002");
    assertThat(inter.path("igstMinor").asLong()).as("18% of 100.50, half-up").isEqualTo(1_809);
    assertThat(inter.path("cgstMinor").asLong()).isZero();
    assertThat(inter.path("amountInWords").asText()).isEqualTo("Rupees one hundred eighteen and fifty-nine paise only");

    JsonNode export = call(HttpMethod.POST, "/invoices", invoice("2026-11-24", "USD", 83.25, Map.of(
        "name", "Northlight Media Inc", "address", "500 Fifth Avenue, New York", "country", "US"), "999612",
        500_000)).getBody();
    assertThat(export.path("supplyType").asText()).isEqualTo("EXPORT");
    assertThat(export.path("totalMinor").asLong()).isEqualTo(500_000);
    assertThat(export.path("exchangeRate").decimalValue()).isEqualByComparingTo("83.25");
    assertThat(export.path("amountInWords").asText()).isEqualTo("US Dollar five thousand only");

    JsonNode sponsorship = call(HttpMethod.POST, "/invoices", invoice("2026-11-25", "INR", null,
        recipientIn("27", "27AAACB1111C1Z9"), "998397", 1_000_000)).getBody();
    assertThat(sponsorship.path("reverseCharge").asBoolean()).isTrue();
    assertThat(sponsorship.path("totalMinor").asLong()).as("tax payable by the recipient").isEqualTo(1_000_000);

    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(finance);
    ResponseEntity<byte[]> pdf = http.exchange("/api/v1/tenants/" + tenant + "/invoices/"
        + intra.path("invoiceId").asText() + "/pdf", HttpMethod.GET, new HttpEntity<>(headers), byte[].class);
    assertThat(pdf.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PDF);
    try (var document = Loader.loadPDF(pdf.getBody())) {
      String text = new PDFTextStripper().getText(document);
      assertThat(text).contains("TAX INVOICE", "Lumen Talent Pvt Ltd", "GSTIN: 27AABCL1234M1Z5",
          "Invoice number: LT/26-27/00001", "Date: 2026-11-22", "Place of supply: state code 27", "999614",
          "Tax payable on reverse charge: No", "9% 13500.00", "Total: INR 177000.00",
          "Rupees one lakh seventy-seven thousand only");
    }
  }

  @Test
  void numbersAreGaplessPerFinancialYearUnderConcurrentIssuing_andBadInvoicesTakeNoNumber() throws Exception {
    profile();
    assertThat(call(HttpMethod.POST, "/invoices", invoice("2026-11-22", "INR", null, recipientIn("27", null),
        "123456", 1_000)).getBody().path("detail").asText()).contains("no GST rate for SAC 123456");
    assertThat(call(HttpMethod.POST, "/invoices", invoice("2026-11-22", "USD", 83, recipientIn("27", null),
        "999614", 1_000)).getStatusCode()).as("domestic invoices are in INR").isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(call(HttpMethod.PUT, "/tax-profile", Map.of("legalName", "X", "address", "Y", "stateCode", "27",
        "gstin", "29AABCL1234M1Z5", "invoicePrefix", "LT")).getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(call(HttpMethod.PUT, "/tax-profile", Map.of("stateCode", "27", "invoicePrefix", "LT")).getStatusCode())
        .as("no legal name or address").isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    var india = new java.util.HashMap<>(recipientIn("27", null));
    india.put("country", "India");
    assertThat(call(HttpMethod.POST, "/invoices", invoice("2026-11-22", "INR", null, india, "999614", 1_000))
        .getStatusCode()).as("not an ISO 3166 code, never taken for an export")
        .isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    var mixed = invoice("2026-11-22", "INR", null, recipientIn("27", "27AAACB1111C1Z9"), "998397", 1_000);
    mixed.put("lines", List.of(Map.of("description", "Sponsorship", "sac", "998397", "amountMinor", 1_000),
        Map.of("description", "Appearance", "sac", "999614", "amountMinor", 1_000)));
    assertThat(call(HttpMethod.POST, "/invoices", mixed).getStatusCode())
        .as("reverse-charge and forward-charge lines are invoiced apart").isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);

    List<Callable<String>> issuers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      issuers.add(() -> call(HttpMethod.POST, "/invoices", invoice("2027-03-31", "INR", null,
          recipientIn("27", null), "999614", 100_000)).getBody().path("invoiceNumber").asText());
    }
    TreeSet<String> numbers = new TreeSet<>();
    try (var pool = Executors.newFixedThreadPool(5)) {
      for (var future : pool.invokeAll(issuers)) {
        numbers.add(future.get());
      }
    }
    assertThat(numbers).hasSize(10).first().isEqualTo("LT/26-27/00001");
    assertThat(numbers.last()).isEqualTo("LT/26-27/00010");
    assertThat(call(HttpMethod.POST, "/invoices", invoice("2027-04-01", "INR", null, recipientIn("27", null),
        "999614", 100_000)).getBody().path("invoiceNumber").asText()).as("a new financial year starts at 1")
        .isEqualTo("LT/27-28/00001");
    assertThat(call(HttpMethod.POST, "/invoices", invoice("2027-03-30", "INR", null, recipientIn("27", null),
        "999614", 100_000)).getStatusCode()).as("numbers run with the dates: no back-dating behind the last invoice")
        .isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
  }
}
