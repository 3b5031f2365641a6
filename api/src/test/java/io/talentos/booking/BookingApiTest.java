package io.talentos.booking;

import static io.talentos.support.Waits.AWAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talentos.support.TalentOsTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import io.talentos.engine.EngineClock;
import io.talentos.identity.DevIdentityProvider;

/**
 * End to end through the REST API on a real HTTP port: a whole booking from inquiry to payout, the ledger matching
 * the DMN split to the minor unit, every error as RFC 9457 problem+json with a 4xx, and tenant isolation tested from
 * the other tenant's side.
 */
@TalentOsTest
class BookingApiTest {

  private static final String A = "/api/v1/tenants/demo";
  private static final String B = "/api/v1/tenants/other-agency";

  /** Pass as the user to send a request without any token. */
  private static final String NO_TOKEN = "";

  @Autowired TestRestTemplate http;
  @Autowired EngineClock clock;
  @Autowired DevIdentityProvider identity;
  org.springframework.jdbc.core.JdbcTemplate jdbc;

  @Autowired
  void ownerDatabase(org.springframework.core.env.Environment env) {
    jdbc = io.talentos.support.OwnerDatabase.jdbc(env); // every tenant's rows, and the right to tamper
  }
  private final ObjectMapper json = new ObjectMapper();

  private ResponseEntity<JsonNode> call(HttpMethod method, String path, String user, Object body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    String caller = user != null ? user : path.startsWith(B) ? "booker.omar" : "booker.asha";
    if (!caller.isEmpty()) { // "fin.meera+mfa" logs in with a second factor (step-up)
      headers.setBearerAuth(identity.token(caller.replace("+mfa", ""), caller.endsWith("+mfa")));
    }
    String payload;
    try {
      payload = body == null ? null : body instanceof String s ? s : json.writeValueAsString(body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return http.exchange(path, method, new HttpEntity<>(payload, headers), JsonNode.class);
  }

  private ResponseEntity<JsonNode> post(String path, String user, Object body) {
    return call(HttpMethod.POST, path, user, body);
  }

  private ResponseEntity<JsonNode> get(String path) {
    return call(HttpMethod.GET, path, null, null);
  }

  private ResponseEntity<JsonNode> get(String path, String user) {
    return call(HttpMethod.GET, path, user, null);
  }

  private Map<String, Object> inquiry(long grossMinor, String model) {
    Instant start = clock.now().plus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    return Map.of("talentId", "talent-api-" + UUID.randomUUID(), "clientName", "Nova Apparel",
        "startsAt", start.toString(), "endsAt", start.plus(8, ChronoUnit.HOURS).toString(),
        "deliverables", "Lookbook shoot, 20 images", "budget", Map.of("amountMinor", grossMinor, "currency", "INR"),
        "commissionModel", model);
  }

  private ResponseEntity<JsonNode> message(String tenantPath, String name, String key, String messageId,
      Map<String, Object> variables) {
    return post(tenantPath + "/messages", null, Map.of("name", name, "correlationKey", key, "messageId", messageId,
        "variables", variables));
  }

  private JsonNode awaitTask(String bookingId, String elementId) {
    return await().atMost(AWAIT).until(() -> {
      for (JsonNode t : get(A + "/tasks?state=CREATED&bookingId=" + bookingId).getBody()) {
        if (t.path("elementId").asText().equals(elementId)) {
          return t;
        }
      }
      return null;
    }, t -> t != null);
  }

  private HttpHeaders bearer(String user) {
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(identity.token(user, false));
    return headers;
  }

  /**
   * Takes the booking's drafted contract, names client, talent and agency as signers (addresses
   * {@code <party>-<tag>-<bookingId>@parties.example}) and submits it. @return the contract id
   */
  private String submitContract(String bookingId, String tag) {
    JsonNode drafted = await().atMost(AWAIT).until(() -> get(A + "/contracts?bookingId=" + bookingId).getBody(),
        list -> list.size() == 1);
    String contractId = drafted.get(0).path("contractId").asText();
    var signers = java.util.List.of("CLIENT", "TALENT", "AGENCY").stream().map(role -> Map.of("role", role,
        "name", role.charAt(0) + role.substring(1).toLowerCase(), "email",
        role.toLowerCase() + "-" + tag + "-" + bookingId + "@parties.example")).toList();
    assertThat(call(HttpMethod.PUT, A + "/contracts/" + contractId + "/signers", null, signers).getStatusCode()
        .value()).isEqualTo(200);
    assertThat(post(A + "/contracts/" + contractId + "/submit", null, null).getStatusCode().value()).isEqualTo(200);
    return contractId;
  }

  /** A signer's turn through HTTP, without a login: the emailed link, an emailed one-time password, sign. */
  private void signThroughLink(String email) {
    String link = "/api/v1/signing/demo/" + io.talentos.support.ContractSigning.linkToken(email, "Please sign", 1);
    assertThat(get(link, NO_TOKEN).getBody().path("status").asText()).isEqualTo("VIEWED");
    long codes = io.talentos.support.TestSmtp.count(email, "Your signing code");
    assertThat(post(link + "/otp", NO_TOKEN, null).getStatusCode().value()).isEqualTo(202);
    String code = io.talentos.support.ContractSigning.code(email, (int) codes + 1);
    assertProblem(post(link + "/sign", NO_TOKEN, Map.of("otp", "12")), 422, "wrong");
    var signed = post(link + "/sign", NO_TOKEN, Map.of("otp", code));
    assertThat(signed.getStatusCode().value()).as(String.valueOf(signed.getBody())).isEqualTo(200);
    assertThat(signed.getBody().path("status").asText()).isEqualTo("SIGNED");
    assertProblem(post(link + "/sign", NO_TOKEN, Map.of("otp", code)), 404, "not valid");
  }

  private JsonNode awaitStatus(String bookingId, String status) {
    return await().atMost(AWAIT).until(() -> get(A + "/bookings/" + bookingId).getBody(),
        b -> status.equals(b.path("status").asText()));
  }

  private void assertProblem(ResponseEntity<JsonNode> response, int status, String detailPart) {
    assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(status);
    assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
    assertThat(response.getBody().path("status").asInt()).isEqualTo(status);
    assertThat(response.getBody().path("title").asText()).isNotBlank();
    assertThat(response.getBody().path("detail").asText()).contains(detailPart);
    assertThat(response.getBody().toString()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void aWholeBookingThroughTheApi_endsWithTheDmnSplitInTheLedgerAndAZeroTrialBalance() {
    var started = post(A + "/bookings", "booker.asha", inquiry(12_345_679, "MULTI_PARTY"));
    assertThat(started.getStatusCode().value()).isEqualTo(201);
    assertThat(started.getHeaders().getLocation()).isNotNull();
    String id = started.getBody().path("bookingId").asText();

    awaitStatus(id, "QUOTE_SENT");
    assertThat(message(A, "QuoteAccepted", id, "qa-" + id, Map.of()).getStatusCode().value()).isEqualTo(200);
    // the contract drafted on the accepted quote, signed by client, talent and agency through their emailed links
    String contractId = submitContract(id, "E2E");
    for (String party : new String[] {"client", "talent", "agency"}) {
      signThroughLink(party + "-E2E-" + id + "@parties.example");
    }
    JsonNode contract = await().atMost(AWAIT).until(() -> get(A + "/contracts/" + contractId).getBody(),
        c -> "ACTIVE".equals(c.path("status").asText()));
    assertThat(contract.path("signers").findValuesAsText("channel")).containsOnly("EMAIL_OTP");
    var pdf = http.exchange(A + "/contracts/" + contractId + "/document", HttpMethod.GET,
        new HttpEntity<>(bearer("booker.asha")), byte[].class);
    assertThat(pdf.getStatusCode().value()).isEqualTo(200);
    assertThat(pdf.getHeaders().getContentType()).hasToString("application/pdf");
    assertThat(io.talentos.tools.PdfSeals.validate(pdf.getBody(), null)).singleElement()
        .satisfies(signature -> assertThat(signature.intact()).isTrue());

    awaitStatus(id, "AWAITING_DEPOSIT");
    Map<String, Object> payment = Map.of("paymentId", "rzp_" + id, "paymentAmountMinor", 12_345_679,
        "paymentCurrency", "INR", "paymentFeeMinor", 246_913);
    var captured = message(A, "PaymentCaptured", id, "pay-" + id, payment);
    var again = message(A, "PaymentCaptured", id, "pay-" + id, payment);
    assertThat(captured.getStatusCode().value()).as(String.valueOf(captured.getBody())).isEqualTo(200);
    assertThat(again.getStatusCode().value()).as(String.valueOf(again.getBody())).isEqualTo(200);
    assertThat(captured.getBody().path("duplicate").asBoolean()).isFalse();
    assertThat(again.getBody().path("duplicate").asBoolean()).isTrue();

    JsonNode delivery = awaitTask(id, "Task_RecordDelivery");
    post(A + "/tasks/" + delivery.path("taskId").asText() + "/complete", "booker.asha",
        Map.of("deliveryProofUrl", "https://proof.example/lookbook"));
    awaitStatus(id, "DELIVERED");
    message(A, "DeliveryAccepted", id, "acc-" + id, Map.of("acceptedBy", "client@nova.example"));
    JsonNode prepare = awaitTask(id, "Task_PreparePayout");
    post(A + "/tasks/" + prepare.path("taskId").asText() + "/complete", "fin.ravi",
        Map.of("payoutReference", "PO-77", "payoutAmountsChecked", true));
    JsonNode approve = awaitTask(id, "Task_ApprovePayout");
    String approveUrl = A + "/tasks/" + approve.path("taskId").asText() + "/complete";
    assertProblem(post(approveUrl, "booker.asha", Map.of("payoutApproved", true)), 403, "offered to [finance-manager]");
    var noStepUp = post(approveUrl, "fin.meera", Map.of("payoutApproved", true));
    assertProblem(noStepUp, 403, "Step-up authentication (MFA) is required");
    assertThat(noStepUp.getBody().path("title").asText()).isEqualTo("Step-up authentication required");
    assertThat(noStepUp.getBody().path("obligation").asText()).isEqualTo("REQUIRE_STEP_UP");
    assertProblem(post(approveUrl, "fin.ravi+mfa", Map.of("payoutApproved", true)), 403, "Maker-checker");
    assertThat(post(approveUrl, "fin.meera+mfa", Map.of("payoutApproved", true)).getStatusCode().value())
        .isEqualTo(200);
    assertThat(jdbc.queryForList("""
        select actor || ' ' || decision || ' ' || obligation || ' v' || decision_version from policy_decision
        where object_id = ? order by id""", String.class, approve.path("taskId").asText()))
        .containsExactly("fin.meera DENY REQUIRE_STEP_UP v1", "fin.ravi ALLOW REQUIRE_APPROVAL v1",
            "fin.meera ALLOW REQUIRE_APPROVAL v1");

    JsonNode booking = awaitStatus(id, "RECONCILED");
    assertThat(booking.path("processState").asText()).isEqualTo("COMPLETED");
    JsonNode split = booking.path("variables").path("commissionSplit");
    assertThat(booking.path("timeline").toString()).contains("Task_PayOut").contains("EndEvent_BookingReconciled");

    Map<String, Long> balances = new java.util.HashMap<>();
    assertProblem(get(A + "/ledger/balances?bookingId=" + id), 403, "finance.ledger.view");
    for (JsonNode a : get(A + "/ledger/balances?bookingId=" + id, "fin.ravi").getBody()) {
      balances.put(a.path("accountCode").asText().replace(":" + id, ""), a.path("balanceMinor").asLong());
    }
    long talentCredited = 0;
    for (JsonNode e : get(A + "/ledger/entries?bookingId=" + id, "fin.ravi").getBody()) {
      for (JsonNode p : e.path("postings")) {
        if (p.path("accountCode").asText().startsWith("talent-payable") && p.path("side").asText().equals("CREDIT")) {
          talentCredited += p.path("amountMinor").asLong();
        }
      }
    }
    assertThat(talentCredited).isEqualTo(split.path("talentNetMinor").asLong());
    assertThat(balances.get("agency-revenue")).isEqualTo(split.path("agencyCommissionMinor").asLong());
    assertThat(balances.get("platform-fee")).isEqualTo(split.path("platformFeeMinor").asLong());
    assertThat(balances.get("talent-payable")).isZero();
    assertThat(balances.get("client-escrow")).isZero();
    assertThat(split.path("talentNetMinor").asLong() + split.path("agencyCommissionMinor").asLong()
        + split.path("agentShareMinor").asLong() + split.path("managerShareMinor").asLong()
        + split.path("platformFeeMinor").asLong() + split.path("processorFeeMinor").asLong()).isEqualTo(12_345_679);
    JsonNode trial = get(A + "/ledger/trial-balance", "auditor.ila").getBody();
    assertThat(trial.path("balanced").asBoolean()).isTrue();
    trial.path("lines").forEach(l -> assertThat(l.path("differenceMinor").asLong()).isZero());

    // the other tenant sees none of it
    assertProblem(get(B + "/bookings/" + id), 404, "No booking");
    assertThat(get(B + "/tasks?bookingId=" + id).getBody()).isEmpty();
    assertThat(get(B + "/ledger/balances?bookingId=" + id, "fin.kabir").getBody()).isEmpty();
    assertThat(get(B + "/ledger/entries?bookingId=" + id, "fin.kabir").getBody()).isEmpty();
    assertProblem(get(B + "/tasks/" + approve.path("taskId").asText()), 404, "No task");
  }

  @Test
  void aConfidentialContractIsRedactedForTheBookerUntilTheOwnerApprovesABreakGlassOverride() {
    Map<String, Object> nda = Map.of("type", "NDA", "confidential", true, "variables", Map.of("agencyName", "Demo",
        "effectiveDate", "2026-11-22", "disclosingParty", "Nova Apparel", "receivingParty", "Demo Modelling Agency",
        "purpose", "Casting for the secret spring launch", "termMonths", 12));
    var created = post(A + "/contracts", "legal.lena", nda);
    assertThat(created.getStatusCode().value()).as(String.valueOf(created.getBody())).isEqualTo(201);
    assertThat(created.getBody().path("redacted").asBoolean()).isFalse();
    assertThat(created.getBody().path("text").asText()).contains("secret spring launch");
    String url = A + "/contracts/" + created.getBody().path("contractId").asText();

    JsonNode asBooker = get(url, "booker.asha").getBody();
    assertThat(asBooker.path("redacted").asBoolean()).isTrue();
    assertThat(asBooker.hasNonNull("text")).isFalse();
    assertThat(asBooker.path("variables").path("purpose").asText()).isEqualTo("[redacted]");
    assertThat(asBooker.toString()).doesNotContain("secret spring launch");
    assertProblem(get(url + "/redline", "booker.asha"), 403, "confidential");
    assertProblem(get(url + "/versions", "booker.asha"), 403, "confidential");
    assertProblem(get(url + "/evidence", "booker.asha"), 403, "confidential");
    assertProblem(call(HttpMethod.PUT, url + "/terms", "booker.asha", Map.of()), 403, "confidential");
    assertProblem(call(HttpMethod.PUT, url + "/signers", "booker.asha", java.util.List.of(Map.of("role", "RECIPIENT",
        "name", "Asha", "email", "asha@demo.example"))), 403, "confidential");
    assertProblem(post(url + "/submit", "booker.asha", null), 403, "confidential");
    assertThat(get(A + "/contracts?status=DRAFT", "booker.asha").getBody().toString())
        .doesNotContain("secret spring launch");
    assertProblem(get(A + "/contracts?status=SIGNEDISH", "booker.asha"), 422, "status must be one of");
    assertProblem(get(url, "booker.omar"), 403, "");

    // break-glass (seed 000 §11.5): a reason, the owner's approval with step-up, then the booker reads it in full
    var asked = post(A + "/overrides", "booker.asha", Map.of("capability", "contracts.contract.view_confidential",
        "objectType", "contract", "objectId", created.getBody().path("contractId").asText(),
        "reason", "Client dispute needs the NDA's exact purpose clause"));
    assertThat(asked.getStatusCode().value()).as(String.valueOf(asked.getBody())).isEqualTo(202);
    JsonNode approval = await().atMost(AWAIT).until(() -> {
      for (JsonNode t : get(A + "/tasks?state=CREATED", "owner.devi").getBody()) {
        if (t.path("elementId").asText().equals("Task_ApproveOverride")
            && t.path("businessKey").asText().equals(asked.getBody().path("overrideId").asText())) {
          return t;
        }
      }
      return null;
    }, t -> t != null);
    assertThat(post(A + "/tasks/" + approval.path("taskId").asText() + "/complete", "owner.devi+mfa",
        Map.of("overrideApproved", true, "decisionComment", "For the dispute only")).getStatusCode().value())
        .isEqualTo(200);
    JsonNode full = await().atMost(AWAIT).until(() -> get(url, "booker.asha").getBody(),
        c -> !c.path("redacted").asBoolean());
    assertThat(full.path("text").asText()).contains("secret spring launch");
  }

  @Test
  void theOpenApiDescriptionIsGeneratedFromTheCode() {
    JsonNode api = get("/v3/api-docs").getBody();
    assertThat(api.path("paths").has("/api/v1/tenants/{tenantId}/bookings")).isTrue();
    assertThat(api.path("paths").has("/api/v1/tenants/{tenantId}/messages")).isTrue();
    assertThat(api.path("paths").has("/api/v1/tenants/{tenantId}/tasks/{taskId}/complete")).isTrue();
    assertThat(api.path("paths").has("/api/v1/tenants/{tenantId}/ledger/trial-balance")).isTrue();
  }

  @Test
  void theOtherTenantCannotCorrelateClaimOrCompleteIntoThisTenantsBooking() {
    String id = post(A + "/bookings", "booker.asha", inquiry(25_000_000, "PERCENTAGE")).getBody().path("bookingId")
        .asText();
    awaitStatus(id, "QUOTE_SENT");
    assertProblem(message(B, "QuoteAccepted", id, "steal-" + id, Map.of()), 409, "No process instance");
    message(A, "QuoteAccepted", id, "qa-" + id, Map.of());
    String contractId = submitContract(id, "ISO");
    String task = awaitTask(id, "Task_ApproveContract").path("taskId").asText();
    assertProblem(post(B + "/tasks/" + task + "/claim", "booker.omar", null), 404, "No task");
    assertProblem(post(B + "/tasks/" + task + "/complete", "fin.kabir", Map.of("contractApproved", true)), 404,
        "No task");
    assertProblem(get(B + "/contracts/" + contractId, "booker.omar"), 404, "No contract");
    assertProblem(call(HttpMethod.PUT, B + "/contracts/" + contractId + "/terms", "booker.omar",
        Map.of("note", "steal")), 404, "No contract");
    assertProblem(get("/api/v1/signing/other-agency/" + "x".repeat(43), NO_TOKEN), 404, "not valid");
    assertThat(get(A + "/tasks/" + task).getBody().path("state").asText()).isEqualTo("CREATED");
  }

  @Test
  void everyBadRequestGetsAProblemWithA4xx() {
    String id = post(A + "/bookings", "booker.asha", inquiry(25_000_000, "PERCENTAGE")).getBody().path("bookingId")
        .asText();
    awaitStatus(id, "QUOTE_SENT");

    assertProblem(post(A + "/bookings", "booker.asha", "{\"talentId\": \"t1\", "), 400, "Malformed JSON");
    assertProblem(post(A + "/bookings", "booker.asha", "{\"talentId\": \"t1\", \"nonsense\": 1}"), 400,
        "Unknown field 'nonsense'");
    var missing = new java.util.HashMap<>(inquiry(1_000_000, "PERCENTAGE"));
    missing.remove("clientName");
    assertProblem(post(A + "/bookings", "booker.asha", missing), 400, "clientName");
    var badDate = new java.util.HashMap<>(inquiry(1_000_000, "PERCENTAGE"));
    badDate.put("startsAt", "next tuesday");
    assertProblem(post(A + "/bookings", "booker.asha", badDate), 400, "startsAt");
    var past = new java.util.HashMap<>(inquiry(1_000_000, "PERCENTAGE"));
    past.put("startsAt", "2020-01-01T00:00:00Z");
    past.put("endsAt", "2020-01-01T08:00:00Z");
    assertProblem(post(A + "/bookings", "booker.asha", past), 422, "future");
    var usdTiered = new java.util.HashMap<>(inquiry(1_000_000, "TIERED"));
    usdTiered.put("budget", Map.of("amountMinor", 1_000_000, "currency", "USD"));
    assertProblem(post(A + "/bookings", "booker.asha", usdTiered), 422, "No commission rule");
    assertProblem(post(A + "/bookings", NO_TOKEN, inquiry(1_000_000, "PERCENTAGE")), 401, "bearer token");
    assertProblem(get(A + "/tasks?bookingId=" + id, "booker.omar"), 403, "not a member of tenant 'demo'");
    assertProblem(post("/api/v1/tenants/no-such-agency/bookings", "booker.asha", inquiry(1_000_000, "PERCENTAGE")),
        404, "Unknown tenant");
    assertProblem(get("/api/v1/tenants/no-such-agency/tasks"), 404, "Unknown tenant");
    assertProblem(get(A + "/bookings/" + UUID.randomUUID()), 404, "No booking");
    assertProblem(get(A + "/bookings/not-a-uuid"), 400, "");
    assertProblem(get(A + "/tasks/" + UUID.randomUUID()), 404, "No task");
    assertProblem(get(A + "/tasks?state=SLEEPING"), 400, "state must be one of");
    assertProblem(message(A, "DeliveryAccepted", id, "early-" + id, Map.of()), 409, "No process instance");
    assertProblem(message(A, "QuoteAccepted", id, "evil-" + id, Map.of("tenantId", "other-agency")), 400,
        "process state");
    assertProblem(post(A + "/messages", null, Map.of("name", "QuoteAccepted", "correlationKey", id)), 400,
        "messageId");
    String huge = "{\"talentId\": \"" + "x".repeat(70_000) + "\"}";
    assertProblem(post(A + "/bookings", "booker.asha", huge), 413, "larger than");
    assertProblem(get("/api/v1/no-such-route"), 404, "");

    message(A, "QuoteAccepted", id, "qa-" + id, Map.of());
    String contractId = submitContract(id, "FORM");
    assertProblem(call(HttpMethod.PUT, A + "/contracts/" + contractId + "/terms", null, Map.of("note", "late")), 409,
        "not a DRAFT");
    assertProblem(post(A + "/contracts/" + contractId + "/submit", null, null), 409, "not a DRAFT");
    String task = awaitTask(id, "Task_ApproveContract").path("taskId").asText();
    var invalid = post(A + "/tasks/" + task + "/complete", "fin.meera", Map.of("contractApproved", "maybe",
        "approvalComment", "x".repeat(2001)));
    assertProblem(invalid, 422, "approve-contract");
    assertThat(invalid.getBody().path("violations").size()).isGreaterThanOrEqualTo(2);
    Map<String, Object> valid = Map.of("contractApproved", true);
    assertThat(post(A + "/tasks/" + task + "/complete", "fin.meera", valid).getStatusCode().value()).isEqualTo(200);
    assertProblem(post(A + "/tasks/" + task + "/complete", "fin.meera", valid), 409, "already COMPLETED");
  }
}
