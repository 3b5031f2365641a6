package io.talentos.engine;

import static io.talentos.support.Waits.AWAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.talentos.TalentOsApplication;
import io.talentos.booking.BookingService;
import io.talentos.support.ProcessTestSupport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stops the app in the middle of bookings and starts it again on the same PostgreSQL. The in-memory engine forgets
 * everything; TalentOS resumes each open booking at its wait state with its variables, re-links its open task, keeps
 * absolute timer deadlines, and the booking completes with a balanced ledger.
 */
class RestartResumeTest extends ProcessTestSupport {

  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void startDatabase() throws IOException {
    postgres = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stopDatabase() throws IOException {
    postgres.close();
  }

  private ConfigurableApplicationContext startApp() {
    // command-line arguments, so they win over application.yml (builder properties are only defaults)
    ConfigurableApplicationContext context = new SpringApplicationBuilder(TalentOsApplication.class).run(
        "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
        "--spring.datasource.username=postgres", "--spring.datasource.password=postgres", "--server.port=0",
        "--talentos.engine.journal.keep-records=true", "--talentos.tasklist.relink-grace=PT3S",
        "--talentos.security.dev-auth.port=0");
    bind(context);
    return context;
  }

  @Test
  void bookingsStoppedMidwayResumeAtTheirWaitStatesAndComplete() {
    ConfigurableApplicationContext first = startApp();
    String firstEpoch = epoch.value();
    var funded = startBooking(newTalent(), 8_000_000, "PERCENTAGE");
    UUID id = funded.bookingId();
    send(id, "QuoteAccepted", Map.of());
    signContract(id);
    pay(id, "pay-" + id, 8_000_000, 160_000);
    UUID deliveryTask = awaitTask(id, "Task_RecordDelivery").taskId();
    BookingService.StartedBooking optioned = startBooking(newTalent(), 3_000_000, "PERCENTAGE");
    awaitEntered(optioned.bookingId(), "Gateway_QuoteResponse");
    Instant holdExpiresAt = optioned.holdExpiresAt();
    first.close();

    try (ConfigurableApplicationContext second = startApp()) {
      assertThat(epoch.value()).isNotEqualTo(firstEpoch);
      assertThat(jdbc.queryForList("select detail from process_event where intent = 'RESUMED'", String.class))
          .anySatisfy(d -> assertThat(d).contains("Task_RecordDelivery"))
          .anySatisfy(d -> assertThat(d).contains("Gateway_QuoteResponse"));
      // no ledger data lost, and the open escrow is listed for recovery
      assertThat(second.getBean(io.talentos.finance.Escrow.class).openCases(TENANT))
          .contains(new io.talentos.finance.Escrow.OpenCase(id.toString(), "INR", 8_000_000, 0, 0, 0));
      assertThat(entryKinds(id)).containsExactly("PAYMENT_CAPTURED");

      // the open task keeps its id and is re-linked to the resumed instance's job
      await().atMost(AWAIT).until(() -> epoch.value().equals(jdbc.queryForObject(
          "select engine_epoch from user_task where task_id = ?", String.class, deliveryTask)));
      assertThat(awaitTask(id, "Task_RecordDelivery").taskId()).isEqualTo(deliveryTask);
      recordDelivery(id);
      send(id, "DeliveryAccepted", Map.of());
      preparePayout(id, "fin.ravi");
      complete(id, "Task_ApprovePayout", "fin.meera", Map.of("payoutApproved", true));
      awaitEnded(id);
      assertThat(entryKinds(id)).containsExactly("PAYMENT_CAPTURED", "RELEASE_PENDING", "ESCROW_RELEASED", "PAYOUT");
      assertThat(ledger.balances(TENANT, id.toString())).filteredOn(a -> a.accountCode().startsWith("client-escrow")
          || a.accountCode().startsWith("talent-payable")).allSatisfy(a -> assertThat(a.balanceMinor()).isZero());
      assertThat(ledger.trialBalance(TENANT)).allSatisfy(l -> assertThat(l.differenceMinor()).isZero());

      // the option still expires at its original absolute time, not 72 h after the restart
      Duration untilExpiry = Duration.between(clock.now(), holdExpiresAt);
      advance(untilExpiry.minusHours(1));
      awaitEntered(optioned.bookingId(), "Event_QuoteReminderDue");
      assertThat(hasEvent(optioned.bookingId(), "EndEvent_HoldExpired", "COMPLETED")).isFalse();
      advance(Duration.ofHours(2));
      awaitEnded(optioned.bookingId());
      assertThat(hasEvent(optioned.bookingId(), "EndEvent_HoldExpired", "COMPLETED")).isTrue();
    }
  }
}
