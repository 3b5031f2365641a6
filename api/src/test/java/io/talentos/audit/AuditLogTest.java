package io.talentos.audit;

import static io.talentos.support.Waits.AWAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.talentos.engine.EngineClock;
import io.talentos.identity.DevIdentityProvider;
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
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit log from the auditor's side: every state-changing request (done or refused) and every ledger posting is
 * recorded with who, capability, object, before/after and request id; the auditor exports JSON and CSV and verifies
 * the hash chain, and a row altered by hand in the database is named as the first broken record.
 */
@TalentOsTest
class AuditLogTest {

  private static final String A = "/api/v1/tenants/demo";

  @Autowired TestRestTemplate http;
  @Autowired DevIdentityProvider identity;
  @Autowired EngineClock clock;
  @Autowired io.talentos.engine.MessageCorrelation messages;
  org.springframework.jdbc.core.JdbcTemplate jdbc;

  @Autowired
  void ownerDatabase(org.springframework.core.env.Environment env) {
    jdbc = io.talentos.support.OwnerDatabase.jdbc(env); // every tenant's rows, and the right to tamper
  }

  private <T> ResponseEntity<T> call(HttpMethod method, String path, String user, Object body, Class<T> type,
      String requestId) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.setBearerAuth(identity.token(user, false));
    if (requestId != null) {
      headers.set("X-Request-Id", requestId);
    }
    return http.exchange(path, method, new HttpEntity<>(body, headers), type);
  }

  private JsonNode get(String path, String user) {
    return call(HttpMethod.GET, path, user, null, JsonNode.class, null).getBody();
  }

  @Test
  void requestsAndPostingsAreRecordedExportedAndVerified_andTamperingIsFound() {
    Instant from = Instant.now().minusSeconds(1);
    Instant start = clock.now().plus(20, ChronoUnit.DAYS);
    var started = call(HttpMethod.POST, A + "/bookings", "booker.asha", Map.of("talentId", "talent-audit-" + UUID.randomUUID(),
        "clientName", "Audit Co", "startsAt", start.toString(), "endsAt", start.plusSeconds(3600).toString(),
        "deliverables", "Catalogue", "budget", Map.of("amountMinor", 25_000_000, "currency", "INR"),
        "commissionModel", "PERCENTAGE"), JsonNode.class, "req-audit-1");
    assertThat(started.getHeaders().getFirst("X-Request-Id")).isEqualTo("req-audit-1");
    String id = started.getBody().path("bookingId").asText();
    var refused = call(HttpMethod.POST, A + "/messages", "booker.asha", Map.of("name", "DeliveryAccepted",
        "correlationKey", id, "messageId", "early-" + id), JsonNode.class, null);
    assertThat(refused.getStatusCode().value()).isEqualTo(409);
    await().atMost(AWAIT).until(() -> "QUOTE_SENT".equals(get(A + "/bookings/" + id, "booker.asha")
        .path("status").asText()));
    call(HttpMethod.POST, A + "/messages", "booker.asha", Map.of("name", "QuoteAccepted", "correlationKey", id,
        "messageId", "qa-" + id), JsonNode.class, null);
    // the drafted contract: its signers, submitted; above INR 2,00,000 finance approves it (a task completion)
    String contractId = await().atMost(AWAIT).until(() -> get(A + "/contracts?bookingId=" + id, "booker.asha"),
        list -> list.size() == 1).get(0).path("contractId").asText();
    call(HttpMethod.PUT, A + "/contracts/" + contractId + "/signers", "booker.asha", java.util.List.of(
        Map.of("role", "CLIENT", "name", "Audit Co", "email", "client-" + id + "@audit.example"),
        Map.of("role", "TALENT", "name", "Talent", "email", "talent-" + id + "@audit.example"),
        Map.of("role", "AGENCY", "name", "Demo", "email", "agency-" + id + "@audit.example")), JsonNode.class, null);
    call(HttpMethod.POST, A + "/contracts/" + contractId + "/submit", "booker.asha", null, JsonNode.class, null);
    String task = await().atMost(AWAIT).until(() -> {
      for (JsonNode t : get(A + "/tasks?state=CREATED&bookingId=" + id, "booker.asha")) {
        if (t.path("elementId").asText().equals("Task_ApproveContract")) {
          return t.path("taskId").asText();
        }
      }
      return null;
    }, t -> t != null);
    call(HttpMethod.POST, A + "/tasks/" + task + "/complete", "fin.meera", Map.of("contractApproved", true),
        JsonNode.class, null);
    // the parties sign through their emailed links (ContractProcessTest); here the booking hears ContractSigned
    await().atMost(AWAIT).until(() -> messages.isWaiting("demo", "ContractSigned", id));
    messages.publish("demo", "ContractSigned", id, "contract-signed:audit-" + id, java.time.Duration.ofHours(1),
        Map.of("contractId", "audit-contract"));
    await().atMost(AWAIT).until(() -> "AWAITING_DEPOSIT".equals(
        get(A + "/bookings/" + id, "booker.asha").path("status").asText()));
    call(HttpMethod.POST, A + "/messages", "booker.asha", Map.of("name", "PaymentCaptured", "correlationKey", id,
        "messageId", "pay-" + id, "variables", Map.of("paymentId", "pay-audit-" + id, "paymentAmountMinor", 500_000,
            "paymentCurrency", "INR")), JsonNode.class, null);

    String range = "?from=" + from + "&to=" + Instant.now().plusSeconds(60);
    JsonNode records = await().atMost(AWAIT).until(() -> get(A + "/audit/records" + range,
        "auditor.ila"), r -> r.toString().contains("finance.ledger.post") && r.toString().contains("pay-audit-" + id));
    assertThat(records).anySatisfy(r -> {
      assertThat(r.path("capability").asText()).isEqualTo("booking.booking.create");
      assertThat(r.path("actor").asText()).isEqualTo("booker.asha");
      assertThat(r.path("objectId").asText()).isEqualTo(id);
      assertThat(r.path("outcome").asText()).isEqualTo("DONE 201");
      assertThat(r.path("requestId").asText()).isEqualTo("req-audit-1");
    });
    assertThat(records).anySatisfy(r -> {
      assertThat(r.path("capability").asText()).isEqualTo("automation.message.correlate");
      assertThat(r.path("outcome").asText()).isEqualTo("REFUSED 409");
    });
    assertThat(records).anySatisfy(r -> {
      assertThat(r.path("capability").asText()).isEqualTo("tasklist.task.complete");
      assertThat(r.path("objectId").asText()).isEqualTo(task);
      assertThat(r.path("before").path("state").asText()).isEqualTo("CREATED");
      assertThat(r.path("after").path("state").asText()).isEqualTo("COMPLETED");
    });
    assertThat(records).anySatisfy(r -> {
      assertThat(r.path("capability").asText()).isEqualTo("finance.ledger.post");
      assertThat(r.path("actor").asText()).isEqualTo("automation.finance");
      assertThat(r.path("after").path("kind").asText()).isEqualTo("PAYMENT_CAPTURED");
    });

    String csv = call(HttpMethod.GET, A + "/audit/records" + range + "&format=csv", "auditor.ila", null,
        String.class, null).getBody();
    assertThat(csv.lines().findFirst().orElseThrow()).startsWith("id,tenantId,occurredAt,actor,capability");
    assertThat(csv.lines().count()).isEqualTo(records.size() + 1L);
    assertThat(call(HttpMethod.GET, A + "/audit/records", "booker.asha", null, JsonNode.class, null)
        .getStatusCode().value()).isEqualTo(403);

    JsonNode verified = get(A + "/audit/verification", "auditor.ila");
    assertThat(verified.path("valid").asBoolean()).isTrue();
    long tampered = records.get(1).path("id").asLong();
    String actor = records.get(1).path("actor").asText();
    tamper(tampered, "mallory");
    try {
      JsonNode broken = get(A + "/audit/verification", "auditor.ila");
      assertThat(broken.path("valid").asBoolean()).isFalse();
      assertThat(broken.path("firstBrokenId").asLong()).isEqualTo(tampered);
      assertThat(broken.path("reason").asText()).contains("does not match its hash");
    } finally {
      tamper(tampered, actor);
    }
    assertThat(get(A + "/audit/verification", "auditor.ila").path("valid").asBoolean()).isTrue();
  }

  /** What a database administrator could do by hand: switch the append-only trigger off and edit a row. */
  private void tamper(long id, String actor) {
    jdbc.execute("alter table audit_record disable trigger audit_record_append_only");
    jdbc.update("update audit_record set actor = ? where id = ?", actor, id);
    jdbc.execute("alter table audit_record enable trigger audit_record_append_only");
  }
}
