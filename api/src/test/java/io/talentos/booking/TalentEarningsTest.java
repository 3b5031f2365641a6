package io.talentos.booking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.talentos.identity.DevIdentityProvider;
import io.talentos.support.ProcessTestSupport;
import io.talentos.support.TalentOsTest;
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
import org.springframework.http.ResponseEntity;

/**
 * Seed 000 §10.7 talent transparency: after a booking is paid out, its talent sees gross, platform fee, processor
 * fee, agency commission, net payout, the contract reference, the escrow status and the timeline; a booking still
 * waiting shows what is owed; another talent sees none of it.
 */
@TalentOsTest
class TalentEarningsTest extends ProcessTestSupport {

  @Autowired TestRestTemplate http;
  @Autowired DevIdentityProvider identity;

  private ResponseEntity<JsonNode> earnings(String talentId, String token) {
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(token);
    return http.exchange("/api/v1/tenants/" + TENANT + "/talents/" + talentId + "/earnings", HttpMethod.GET,
        new HttpEntity<>(headers), JsonNode.class);
  }

  @Test
  void aTalentSeesEachBookingsSplitNetPayoutContractAndTimeline_andNoOtherTalentsMoney() {
    String talent = "talent-earn-" + UUID.randomUUID().toString().substring(0, 8);
    var paid = toPayoutApproval(talent, 15_000_000, 300_000, "TIERED");
    complete(paid.bookingId(), "Task_ApprovePayout", "fin.meera", Map.of("payoutApproved", true));
    awaitEnded(paid.bookingId());
    var waiting = toPayoutApproval(talent, 45, 1_000_000, 0, "PERCENTAGE");

    String own = identity.token(talent, TENANT, List.of("talent"));
    var response = earnings(talent, own);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode bookings = response.getBody().path("bookings");
    assertThat(bookings).hasSize(2);
    JsonNode done = bookings.get(1);
    assertThat(done.path("bookingId").asText()).isEqualTo(paid.bookingId().toString());
    // TIERED on ₹150,000: agency ₹27,500; GROWTH platform fee ₹3,750; processor ₹3,000; talent ₹1,15,750
    assertThat(done.path("grossMinor").asLong()).isEqualTo(15_000_000);
    assertThat(done.path("agencyCommissionMinor").asLong()).isEqualTo(2_750_000);
    assertThat(done.path("platformFeeMinor").asLong()).isEqualTo(375_000);
    assertThat(done.path("processorFeeMinor").asLong()).isEqualTo(300_000);
    assertThat(done.path("netPayoutMinor").asLong()).isEqualTo(11_575_000);
    assertThat(done.path("paidOut").asBoolean()).isTrue();
    assertThat(done.path("owedMinor").asLong()).isZero();
    assertThat(done.path("contractId").asText()).isNotBlank();
    assertThat(done.path("escrowStatus").asText()).isEqualTo("SETTLED");
    assertThat(done.path("timeline").toString()).contains("Task_PayOut");

    JsonNode open = bookings.get(0);
    assertThat(open.path("bookingId").asText()).isEqualTo(waiting.bookingId().toString());
    assertThat(open.path("paidOut").asBoolean()).isFalse();
    assertThat(open.path("owedMinor").asLong()).as("released to the talent, not yet paid")
        .isEqualTo(open.path("netPayoutMinor").asLong()).isPositive();
    assertThat(response.getBody().path("paidOutMinorByCurrency").path("INR").asLong()).isEqualTo(11_575_000);

    assertThat(earnings(talent, identity.token("talent-other", TENANT, List.of("talent"))).getStatusCode())
        .as("another talent").isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(earnings(talent, identity.token("booker.asha", false)).getStatusCode())
        .as("a booker has no finance.earnings.view").isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(earnings(talent, identity.token("fin.ravi", false)).getStatusCode()).isEqualTo(HttpStatus.OK);
  }
}
