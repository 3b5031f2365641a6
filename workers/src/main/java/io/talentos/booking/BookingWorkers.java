package io.talentos.booking;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import io.talentos.engine.EngineClock;
import io.talentos.isolation.TenantScope;
import io.talentos.tenancy.TenantGuard;
import io.talentos.engine.MessageCorrelation;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Job workers of the booking process (processes/booking/booking.bpmn): option holds, the quote and its reminders,
 * and the client's acceptance window. Deadlines are absolute ISO-8601 instants computed from the {@link EngineClock}.
 */
@Component
public class BookingWorkers {

  private static final Logger LOG = LoggerFactory.getLogger(BookingWorkers.class);

  private final OptionHolds holds;
  private final MessageCorrelation messages;
  private final EngineClock clock;
  private final Duration quoteReminder;
  private final Duration acceptanceWindow;
  private final TenantGuard guard;

  BookingWorkers(OptionHolds holds, MessageCorrelation messages, EngineClock clock, TenantGuard guard,
      @Value("${talentos.booking.quote-reminder:PT24H}") Duration quoteReminder,
      @Value("${talentos.booking.acceptance-window:PT48H}") Duration acceptanceWindow) {
    this.holds = holds;
    this.guard = guard;
    this.messages = messages;
    this.clock = clock;
    this.quoteReminder = quoteReminder;
    this.acceptanceWindow = acceptanceWindow;
  }

  public record HoldInput(String tenantId, String bookingId, String talentId, String startsAt, String endsAt,
      String holdExpiresAt) {}

  public record HoldOutput(String holdId, int holdRank) {}

  /**
   * Places a first or second option on the talent's dates. @throws io.camunda.client.exception.BpmnError
   * TALENT_UNAVAILABLE when a confirmed booking or two options overlap
   */
  @JobWorker(type = BookingJobTypes.PLACE_OPTION_HOLD)
  public HoldOutput placeOptionHold(@VariablesAsType HoldInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      try {
        OptionHolds.Hold hold = holds.place(in.tenantId(), UUID.fromString(in.bookingId()), in.talentId(),
            Instant.parse(in.startsAt()), Instant.parse(in.endsAt()), Instant.parse(in.holdExpiresAt()));
        LOG.info("Booking {} (tenant {}): option {} on talent {} until {}", in.bookingId(), in.tenantId(),
            hold.rank() == 1 ? "first" : "second", in.talentId(), in.holdExpiresAt());
        return new HoldOutput(hold.holdId().toString(), hold.rank());
      } catch (OptionHolds.TalentUnavailableException e) {
        throw CamundaError.bpmnError(BookingJobTypes.TALENT_UNAVAILABLE, e.getMessage());
      }
    }
  }

  public record QuoteInput(String tenantId, String bookingId, long budgetMinor, String currency) {}

  /** The quote is SENT for the client's budget; {@code grossMinor} is what the escrow must hold. */
  public record QuoteOutput(String quoteStatus, long grossMinor, String quoteSentAt, String quoteReminderAt) {}

  /** Sends the quote (DRAFT to SENT) for the client's budget and schedules the first reminder. */
  @JobWorker(type = BookingJobTypes.SEND_QUOTE)
  public QuoteOutput sendQuote(@VariablesAsType QuoteInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      Instant now = clock.now();
      LOG.info("Booking {} (tenant {}): quote of {} {} sent to the client", in.bookingId(), in.tenantId(),
          in.budgetMinor(), in.currency());
      return new QuoteOutput("SENT", in.budgetMinor(), now.toString(), now.plus(quoteReminder).toString());
    }
  }

  public record ReminderInput(String tenantId, String bookingId, Integer quoteRemindersSent) {}

  public record ReminderOutput(int quoteRemindersSent, String quoteReminderAt) {}

  /** Reminds the client of the open quote and schedules the next reminder. */
  @JobWorker(type = BookingJobTypes.SEND_QUOTE_REMINDER)
  public ReminderOutput sendQuoteReminder(@VariablesAsType ReminderInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      int sent = (in.quoteRemindersSent() == null ? 0 : in.quoteRemindersSent()) + 1;
      LOG.info("Booking {} (tenant {}): quote reminder {} sent", in.bookingId(), in.tenantId(), sent);
      return new ReminderOutput(sent, clock.now().plus(quoteReminder).toString());
    }
  }

  public record BookingRef(String tenantId, String bookingId) {}

  public record ReleaseOutput(String holdStatus, String holdReleaseReason) {}

  /** Releases the hold for the reason in the task header {@code releaseReason}, and promotes a second option. */
  @JobWorker(type = BookingJobTypes.RELEASE_OPTION_HOLD)
  public ReleaseOutput releaseOptionHold(@VariablesAsType BookingRef in, ActivatedJob job) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      String reason = job.getCustomHeaders().getOrDefault("releaseReason", "RELEASED");
      for (UUID promoted : holds.release(in.tenantId(), UUID.fromString(in.bookingId()), reason)) {
        messages.publish(in.tenantId(), BookingJobTypes.OPTION_PROMOTED, promoted.toString(),
            "option-promoted:" + promoted, Duration.ofDays(30), Map.of("promotedBecause", in.bookingId()));
        LOG.info("Booking {} (tenant {}): second option promoted after booking {} released its hold", promoted,
            in.tenantId(), in.bookingId());
      }
      LOG.info("Booking {} (tenant {}): hold released ({})", in.bookingId(), in.tenantId(), reason);
      return new ReleaseOutput("RELEASED", reason);
    }
  }

  /**
   * The option is CONFIRMED and the contract SIGNED (the booking only gets here after the contract task), the
   * {@code contractStatus} attribute the access-policy DMN checks before escrow is released (seed 000 §7.4).
   */
  public record ConfirmOutput(String holdStatus, String contractStatus) {}

  /**
   * Turns the first option into a confirmed booking of the dates. @throws IllegalStateException without an active
   * first option
   */
  @JobWorker(type = BookingJobTypes.CONFIRM_OPTION_HOLD)
  public ConfirmOutput confirmOptionHold(@VariablesAsType BookingRef in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      holds.confirm(in.tenantId(), UUID.fromString(in.bookingId()));
      return new ConfirmOutput("CONFIRMED", "SIGNED");
    }
  }

  /** Delivery recorded; the client accepts or objects before {@code acceptanceDueAt} (T1: proof → accept 48 h). */
  public record AcceptanceOutput(String deliveredAt, String acceptanceDueAt) {}

  /**
   * Records the delivery time and the deadline for the client's acceptance, and tells the booking's contract its
   * deliverable was delivered ({@code DeliveryRecorded}, buffered if the contract is not waiting yet).
   */
  @JobWorker(type = BookingJobTypes.OPEN_ACCEPTANCE_WINDOW)
  public AcceptanceOutput openAcceptanceWindow(@VariablesAsType BookingRef in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      Instant now = clock.now();
      messages.publish(in.tenantId(), BookingJobTypes.DELIVERY_RECORDED, in.bookingId(),
          "delivery-recorded:" + in.bookingId(), Duration.ofDays(30), Map.of("deliveredAt", now.toString()));
      return new AcceptanceOutput(now.toString(), now.plus(acceptanceWindow).toString());
    }
  }
}
