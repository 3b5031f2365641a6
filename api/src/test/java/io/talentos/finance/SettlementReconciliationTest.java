package io.talentos.finance;

import static io.talentos.support.Waits.AWAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.talentos.identity.DevIdentityProvider;
import io.talentos.support.ProcessTestSupport;
import io.talentos.support.TalentOsTest;
import io.talentos.tasklist.TaskList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * Issue 4, reconciliation: a provider settlement report is compared with the ledger by the settlement-reconciliation
 * process; every mismatch becomes a finance task, a clean report ends reconciled without tasks, and a malformed report
 * is refused with the line that is wrong.
 */
@TalentOsTest
class SettlementReconciliationTest extends ProcessTestSupport {

  private static final String HEADER = "provider,payment_id,amount_minor,fee_minor,currency,settled_on\n";

  @Autowired TestRestTemplate http;
  @Autowired DevIdentityProvider identity;

  private ResponseEntity<JsonNode> importReport(String csv) {
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(identity.token("fin.ravi", false));
    headers.setContentType(MediaType.parseMediaType("text/csv"));
    return http.exchange("/api/v1/tenants/" + TENANT + "/settlements", HttpMethod.POST, new HttpEntity<>(csv, headers),
        JsonNode.class);
  }

  private String paidBooking(long amount, long fee) {
    var booking = startBooking(newTalent(), amount, "PERCENTAGE");
    String paymentId = "pay_" + UUID.randomUUID().toString().substring(0, 10);
    send(booking.bookingId(), "QuoteAccepted", Map.of());
    signContract(booking.bookingId());
    pay(booking.bookingId(), paymentId, amount, fee);
    awaitEntered(booking.bookingId(), "Task_RecordDelivery");
    return paymentId;
  }

  @Test
  void eachMismatchBecomesAFinanceTask_andTheReconciliationEndsWhenAllAreResolved() {
    String matching = paidBooking(1_000_000, 20_000);
    String shortPaid = paidBooking(2_000_000, 40_000);
    String csv = HEADER + "razorpay," + matching + ",1000000,20000,INR,2026-11-23\n"
        + "razorpay," + shortPaid + ",1990000,40000,INR,2026-11-23\n"
        + "razorpay,pay_never_captured,500000,10000,inr,2026-11-23\n";
    var imported = importReport(csv);
    assertThat(imported.getStatusCode()).as(String.valueOf(imported.getBody())).isEqualTo(HttpStatus.CREATED);
    UUID importId = UUID.fromString(imported.getBody().path("importId").asText());

    List<TaskList.TaskView> open = await().atMost(AWAIT).until(
        () -> tasks.list(TENANT, "CREATED", null, importId.toString()), list -> list.size() == 2);
    assertThat(open).extracting(t -> String.valueOf(((Map<?, ?>) t.variables().get("mismatch")).get("kind")))
        .containsExactlyInAnyOrder("AMOUNT_MISMATCH", "MISSING_IN_LEDGER");
    for (TaskList.TaskView task : open) {
      tasks.complete(TENANT, task.taskId(), "fin.meera", Map.of("mismatchOutcome", "TIMING",
          "resolution", "Confirmed with the provider: settles next cycle"));
    }
    awaitEnded(importId);
    assertThat(hasEvent(importId, "EndEvent_SettlementReconciled", "COMPLETED")).isTrue();
    assertThat(jdbc.queryForObject("""
        select count(*) from user_task where business_key = ? and state = 'COMPLETED' and completed_by = 'fin.meera'""",
        Integer.class, importId.toString())).isEqualTo(2);
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(identity.token("auditor.ila", false));
    JsonNode stored = http.exchange("/api/v1/tenants/" + TENANT + "/settlements/" + importId, HttpMethod.GET,
        new HttpEntity<>(headers), JsonNode.class).getBody();
    assertThat(stored.path("lines")).hasSize(3);
    assertThat(stored.path("mismatches").toString()).contains("\"settledMinor\":1990000", "\"ledgerMinor\":2000000");
  }

  @Test
  void aCleanReportEndsReconciledWithoutTasks_andAMalformedOneIsRefusedNamingTheLine() {
    String matching = paidBooking(750_000, 15_000);
    UUID importId = UUID.fromString(importReport(HEADER + "razorpay," + matching + ",750000,15000,INR,2026-11-23\n")
        .getBody().path("importId").asText());
    awaitEnded(importId);
    assertThat(hasEvent(importId, "EndEvent_SettlementReconciled", "COMPLETED")).isTrue();
    assertThat(hasEvent(importId, "Task_ResolveMismatch", "ENTERED")).isFalse();

    var badAmount = importReport(HEADER + "razorpay,pay_x,12.50,0,INR,2026-11-23\n");
    assertThat(badAmount.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(badAmount.getBody().path("detail").asText()).startsWith("Line 2:");
    assertThat(importReport("payment,amount\npay_x,100\n").getBody().path("detail").asText())
        .contains("columns");
    assertThat(importReport(HEADER).getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
  }

  @Autowired PaymentWebhooks payments;
  @Autowired SettlementService settlements;

  @Test
  void theDailyReconciliationOfProviderCaptures_findsACaptureTheLedgerNeverPosted_onceADay() {
    var funded = startBooking(newTalent(), 600_000, "PERCENTAGE");
    send(funded.bookingId(), "QuoteAccepted", Map.of());
    signContract(funded.bookingId());
    String good = "NEFT-" + UUID.randomUUID().toString().substring(0, 8);
    payments.recordOffline(TENANT, funded.bookingId().toString(), good, 600_000, "INR", "fin.ravi");
    awaitEntered(funded.bookingId(), "Task_RecordDelivery");
    // a transfer for a booking that ended before it could take it: the provider says captured, the ledger never did
    var lapsed = startBooking(newTalent(), 300_000, "PERCENTAGE");
    advance(java.time.Duration.ofHours(73));
    awaitEnded(lapsed.bookingId());
    String stray = "NEFT-" + UUID.randomUUID().toString().substring(0, 8);
    payments.recordOffline(TENANT, lapsed.bookingId().toString(), stray, 300_000, "INR", "fin.ravi");

    // the events arrived "yesterday" (India time): only a day that is over is reconciled
    java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Kolkata"));
    java.time.LocalDate yesterday = today.minusDays(1);
    jdbc.update("update provider_event set received_at = ? where tenant_id = ? and event_id in (?, ?)",
        java.sql.Timestamp.from(yesterday.atTime(12, 0).atZone(java.time.ZoneId.of("Asia/Kolkata")).toInstant()),
        TENANT, good, stray);
    var reconciled = settlements.reconcileProviderEvents(TENANT, yesterday, "automation.finance").orElseThrow();
    assertThat(reconciled.lines()).extracting(SettlementService.SettlementLine::paymentId)
        .contains("offline:" + good, "offline:" + stray);
    List<TaskList.TaskView> open = await().atMost(AWAIT).until(
        () -> tasks.list(TENANT, "CREATED", null, reconciled.importId().toString()), list -> list.stream()
            .anyMatch(t -> String.valueOf(t.variables().get("mismatch")).contains("offline:" + stray)));
    assertThat(open).noneMatch(t -> String.valueOf(t.variables().get("mismatch")).contains("offline:" + good));
    assertThat(settlements.find(TENANT, reconciled.importId()).mismatches())
        .anySatisfy(m -> assertThat(m.paymentId()).isEqualTo("offline:" + stray))
        .allSatisfy(m -> assertThat(m.paymentId()).isNotEqualTo("offline:" + good));
    assertThat(settlements.reconcileProviderEvents(TENANT, yesterday, "automation.finance").orElseThrow().importId())
        .as("a day is reconciled once").isEqualTo(reconciled.importId());
    assertThatThrownBy(() -> settlements.reconcileProviderEvents(TENANT, today, "automation.finance"))
        .as("today is not over").isInstanceOf(SettlementService.InvalidSettlementException.class);
    assertThat(settlements.reconcileProviderEvents(TENANT, today.minusYears(3), "automation.finance"))
        .as("nothing captured that day").isEmpty();
  }
}
