package io.talentos.casting;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import io.talentos.booking.BookingService;
import io.talentos.booking.Inquiry;
import io.talentos.engine.EngineClock;
import io.talentos.isolation.TenantScope;
import io.talentos.tenancy.TenantGuard;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Job workers of processes/casting/casting-call.bpmn. Each moves the casting call's status with the process and is
 * safe to run twice (a retried job): status updates are idempotent, the shared client view is keyed by the job, an
 * open offer is found again, and the offer's booking is started once under the offer's row lock. Deadlines are
 * absolute ISO-8601 instants from the {@link EngineClock}; KPI targets are seed 000 §12.2 T2.
 */
@Component
public class CastingWorkers {

  private static final Logger LOG = LoggerFactory.getLogger(CastingWorkers.class);

  private final CastingService casting;
  private final ClientViews views;
  private final BookingService bookings;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final EngineClock clock;
  private final TenantGuard guard;
  private final Duration reviewTarget;
  private final Duration decisionTarget;

  CastingWorkers(CastingService casting, ClientViews views, BookingService bookings, JdbcTemplate jdbc,
      TransactionTemplate tx, EngineClock clock, TenantGuard guard,
      @Value("${talentos.casting.review-target:PT72H}") Duration reviewTarget,
      @Value("${talentos.casting.decision-target:PT72H}") Duration decisionTarget) {
    this.casting = casting;
    this.views = views;
    this.bookings = bookings;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
    this.guard = guard;
    this.reviewTarget = reviewTarget;
    this.decisionTarget = decisionTarget;
  }

  /** The casting call a job works on. */
  public record CallRef(String tenantId, String castingCallId) {}

  /** The call is OPEN (publishing set it; a designer's changed model may start it without). */
  public record Opened(String castingStatus) {}

  /** Opens the call for submissions (OPEN). */
  @JobWorker(type = CastingJobTypes.OPEN_CALL)
  public Opened openCall(@VariablesAsType CallRef in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      jdbc.update("""
          update casting_call set status = 'OPEN', opened_at = coalesce(opened_at, ?)
          where tenant_id = ? and casting_call_id = ? and status in ('DRAFT', 'OPEN')""", Timestamp.from(clock.now()),
          in.tenantId(), id(in));
      return new Opened("OPEN");
    }
  }

  /** Whether the role got no submission within its first-submission target (24 h). */
  public record FirstSubmission(boolean firstSubmissionLate) {}

  /** KPI timer: role posted → first submission 24 h. A late first submission raises "Promote casting call". */
  @JobWorker(type = CastingJobTypes.CHECK_FIRST_SUBMISSION)
  public FirstSubmission checkFirstSubmission(@VariablesAsType CallRef in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      Integer any = jdbc.queryForObject("select count(*) from casting_submission where tenant_id = ? and "
          + "casting_call_id = ?", Integer.class, in.tenantId(), id(in));
      if (any == 0) {
        LOG.warn("Casting call {} (tenant {}): no submission within the 24 h target", in.castingCallId(),
            in.tenantId());
      }
      return new FirstSubmission(any == 0);
    }
  }

  /** Why submissions closed: DATE (the boundary timer), QUOTA or CASTING (the message's variable). */
  public record CloseInput(String tenantId, String castingCallId, String closedBy) {}

  /** How many live submissions there are. */
  public record Closed(int submissionCount, String castingStatus) {}

  /** Closes submissions: the call moves to SHORTLIST. */
  @JobWorker(type = CastingJobTypes.CLOSE_SUBMISSIONS)
  public Closed closeSubmissions(@VariablesAsType CloseInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      UUID callId = UUID.fromString(in.castingCallId());
      Instant now = clock.now();
      jdbc.update("""
          update casting_call set status = 'SHORTLIST', closed_reason = ?, submissions_closed_at = ?
          where tenant_id = ? and casting_call_id = ? and status = 'OPEN'""", in.closedBy() == null ? "DATE"
          : in.closedBy(), Timestamp.from(now), in.tenantId(), callId);
      CastingService.CallView call = casting.view(in.tenantId(), callId);
      LOG.info("Casting call {} (tenant {}): submissions closed by {} with {}", callId, in.tenantId(),
          call.closedReason(), call.submissions());
      return new Closed(call.submissions(), call.status());
    }
  }

  /** The call closed unfilled. */
  public record Status(String castingStatus) {}

  /** Nobody submitted: the call is CLOSED (NO_SUBMISSIONS). */
  @JobWorker(type = CastingJobTypes.CLOSE_UNFILLED)
  public Status closeUnfilled(@VariablesAsType CallRef in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      jdbc.update("update casting_call set status = 'CLOSED' where tenant_id = ? and casting_call_id = ?",
          in.tenantId(), id(in));
      return new Status("CLOSED");
    }
  }

  /** Live submissions casting has not opened within the review target, not reported before. */
  public record Review(int unreviewedSubmissions) {}

  /**
   * KPI timer: submission → review 72 h, checked on a timer cycle for as long as the call runs. Submissions not
   * viewed within the target raise "Review overdue submissions", each submission once.
   */
  @JobWorker(type = CastingJobTypes.CHECK_REVIEW)
  public Review checkReview(@VariablesAsType CallRef in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      Instant now = clock.now();
      int unreviewed = jdbc.update("""
          update casting_submission set review_overdue_at = ?
          where tenant_id = ? and casting_call_id = ? and status = 'SUBMITTED' and viewed_at is null
            and review_overdue_at is null and submitted_at <= ?""", Timestamp.from(now), in.tenantId(), id(in),
          Timestamp.from(now.minus(reviewTarget)));
      if (unreviewed > 0) {
        LOG.warn("Casting call {} (tenant {}): {} submission(s) not reviewed within the target", in.castingCallId(),
            in.tenantId(), unreviewed);
      }
      return new Review(unreviewed);
    }
  }

  /** The shared client view and the NDA contract the client signs. */
  public record SharedOutput(String clientViewId, String clientViewExpiresAt, String ndaContractId,
      String castingStatus) {}

  /**
   * Shares the shortlist with the client (an emailed, expiring, watermarked view) and sends the client's NDA for
   * signing; the call moves to AUDITION. @throws io.camunda.client.exception.BpmnError SHORTLIST_EMPTY when nobody
   * is shortlisted
   */
  @JobWorker(type = CastingJobTypes.SHARE_SHORTLIST)
  public SharedOutput shareShortlist(@VariablesAsType CallRef in, ActivatedJob job) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      UUID callId = id(in);
      long shortlisted = casting.submissions(in.tenantId(), callId).stream()
          .filter(s -> s.shortlisted() && "SUBMITTED".equals(s.status())).count();
      if (shortlisted == 0) {
        throw CamundaError.bpmnError(CastingJobTypes.SHORTLIST_EMPTY, "Shortlist at least one submission first");
      }
      UUID nda = views.ensureNda(in.tenantId(), callId);
      views.submitNda(in.tenantId(), nda);
      UUID viewId = UUID.nameUUIDFromBytes(("client-view:" + job.getKey()).getBytes(StandardCharsets.UTF_8));
      ClientViews.Shared shared = views.share(in.tenantId(), callId, viewId, nda);
      jdbc.update("update casting_call set status = 'AUDITION' where tenant_id = ? and casting_call_id = ? and "
          + "status = 'SHORTLIST'", in.tenantId(), callId);
      return new SharedOutput(viewId.toString(), shared.expiresAt().toString(), nda.toString(), "AUDITION");
    }
  }

  /** Audition outcomes, and when the offer decision is due (audition → decision 72 h). */
  public record AuditionsClosed(int auditionsHeld, int noShows, String decisionDueAt, String castingStatus) {}

  /**
   * Closes the auditions: the call moves to OFFER. @throws io.camunda.client.exception.BpmnError AUDITIONS_OPEN
   * while an audition has no outcome
   */
  @JobWorker(type = CastingJobTypes.CLOSE_AUDITIONS)
  public AuditionsClosed closeAuditions(@VariablesAsType CallRef in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      return tx.execute(status -> closeAuditionsLocked(in));
    }
  }

  private AuditionsClosed closeAuditionsLocked(CallRef in) {
    casting.lock(in.tenantId(), id(in)); // no audition is scheduled while they are counted
    List<CastingService.AuditionView> auditions = casting.auditions(in.tenantId(), id(in));
    long open = auditions.stream().filter(a -> "SCHEDULED".equals(a.status())).count();
    if (open > 0) {
      throw CamundaError.bpmnError(CastingJobTypes.AUDITIONS_OPEN, open + " audition(s) still without an outcome");
    }
    jdbc.update("update casting_call set status = 'OFFER' where tenant_id = ? and casting_call_id = ? and "
        + "status = 'AUDITION'", in.tenantId(), id(in));
    int noShows = (int) auditions.stream().filter(a -> "NO_SHOW".equals(a.status())).count();
    return new AuditionsClosed(auditions.size() - noShows, noShows, clock.now().plus(decisionTarget).toString(),
        "OFFER");
  }

  /** The decision deadline that passed. */
  public record DecisionInput(String tenantId, String castingCallId, String decisionDueAt) {}

  /** Whether this deadline's breach is new (a re-entered "Decide offer" arms its timer again). */
  public record DecisionCheck(boolean decisionLate) {}

  /** KPI timer: audition → decision 72 h. Each passed deadline raises "Decision overdue" once. */
  @JobWorker(type = CastingJobTypes.CHECK_DECISION)
  public DecisionCheck checkDecision(@VariablesAsType DecisionInput in, ActivatedJob job) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      Timestamp due = Timestamp.from(Instant.parse(in.decisionDueAt()));
      UUID callId = UUID.fromString(in.castingCallId());
      int reported = jdbc.update("""
          update casting_call set decision_breach_due_at = ?, decision_breach_job = ?
          where tenant_id = ? and casting_call_id = ? and decision_breach_due_at is distinct from ?""",
          due, job.getKey(), in.tenantId(), callId, due);
      // a retry of the job that reported it (its answer was lost) reports it again; another job does not
      return new DecisionCheck(reported > 0 || Long.valueOf(job.getKey()).equals(jdbc.queryForObject(
          "select decision_breach_job from casting_call where tenant_id = ? and casting_call_id = ?", Long.class,
          in.tenantId(), callId)));
    }
  }

  /** Casting's decision from "Decide offer": the submission and the fee in the call's currency (minor units). */
  public record OfferInput(String tenantId, String castingCallId, String offerSubmissionId, Long offerFeeMinor,
      String offerDecidedBy) {}

  /** The offer sent. */
  public record OfferOutput(String offerId, String castingStatus) {}

  /**
   * Sends the offer (SENT). A retried job finds the open offer again. @throws io.camunda.client.exception.BpmnError
   * OFFER_INVALID for a submission that is not shortlisted, withdrawn, of another call or declined before
   */
  @JobWorker(type = CastingJobTypes.SEND_OFFER)
  public OfferOutput sendOffer(@VariablesAsType OfferInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      UUID callId = id(new CallRef(in.tenantId(), in.castingCallId()));
      UUID offerId = tx.execute(status -> {
        CastingService.CallView call = casting.lock(in.tenantId(), callId);
        List<UUID> open = jdbc.queryForList("select offer_id from casting_offer where tenant_id = ? and "
            + "casting_call_id = ? and status = 'SENT'", UUID.class, in.tenantId(), callId);
        if (!open.isEmpty()) {
          return open.getFirst();
        }
        CastingService.SubmissionView s;
        try {
          s = casting.submission(in.tenantId(), UUID.fromString(in.offerSubmissionId()));
        } catch (CastingService.UnknownCastingException | IllegalArgumentException | NullPointerException e) {
          throw CamundaError.bpmnError(CastingJobTypes.OFFER_INVALID, "No submission " + in.offerSubmissionId());
        }
        String problem = !s.castingCallId().equals(callId) ? "belongs to another casting call"
            : !"SUBMITTED".equals(s.status()) ? "is " + s.status()
            : !s.shortlisted() ? "is not on the shortlist"
            : s.offerDeclined() ? "declined an offer for this role already"
            : in.offerFeeMinor() == null || in.offerFeeMinor() <= 0 ? "needs a positive fee"
            : !call.shootStartsAt().isAfter(clock.now()) ? "cannot be offered a shoot that has started" : null;
        if (problem != null) {
          throw CamundaError.bpmnError(CastingJobTypes.OFFER_INVALID, "Submission " + s.submissionId() + " " + problem);
        }
        UUID id = UUID.randomUUID();
        jdbc.update("""
            insert into casting_offer (tenant_id, offer_id, casting_call_id, submission_id, talent_id, fee_minor,
              currency, offered_by, offered_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", in.tenantId(), id, callId,
            s.submissionId(), s.talentId(), in.offerFeeMinor(), call.budget().currency(),
            in.offerDecidedBy() == null ? "casting" : in.offerDecidedBy(), Timestamp.from(clock.now()));
        jdbc.update("update casting_call set status = 'OFFER' where tenant_id = ? and casting_call_id = ?",
            in.tenantId(), callId);
        return id;
      });
      LOG.info("Casting call {} (tenant {}): offer {} sent", callId, in.tenantId(), offerId);
      return new OfferOutput(offerId.toString(), "OFFER");
    }
  }

  /** The offer a job works on ("Send offer"'s output). */
  public record OfferRef(String tenantId, String castingCallId, String offerId) {}

  /** The booking the accepted offer started. */
  public record BookingOutput(String bookingId) {}

  /**
   * Starts the booking with the agreed terms: the talent, the shoot dates, the offered fee and the call's commission
   * model (seed 000 §3 B2: Offer → Booking). Once per offer, under its row lock.
   */
  @JobWorker(type = CastingJobTypes.CREATE_BOOKING)
  public BookingOutput createBooking(@VariablesAsType OfferRef in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      UUID offerId = UUID.fromString(in.offerId());
      UUID bookingId = tx.execute(status -> {
        // the row lock first, then the check: a second run of the job waits here and then finds the booking
        List<UUID> existing = jdbc.queryForList("select booking_id from casting_offer where tenant_id = ? and "
            + "offer_id = ? for update", UUID.class, in.tenantId(), offerId);
        if (!existing.isEmpty() && existing.getFirst() != null) {
          return existing.getFirst();
        }
        CastingService.OfferView offer = casting.offer(in.tenantId(), offerId);
        CastingService.CallView call = casting.view(in.tenantId(), offer.castingCallId());
        BookingService.StartedBooking booking = bookings.start(in.tenantId(), "casting:" + call.castingCallId(),
            new Inquiry(offer.talentId(), call.clientName(), call.shootStartsAt(), call.shootEndsAt(),
                call.roleName() + " for " + call.title(), offer.fee(), call.commissionModel(), null, null));
        jdbc.update("update casting_offer set booking_id = ? where tenant_id = ? and offer_id = ?",
            booking.bookingId(), in.tenantId(), offerId);
        jdbc.update("update casting_call set booking_id = ? where tenant_id = ? and casting_call_id = ?",
            booking.bookingId(), in.tenantId(), call.castingCallId());
        return booking.bookingId();
      });
      LOG.info("Casting call {} (tenant {}): offer {} accepted, booking {}", in.castingCallId(), in.tenantId(),
          offerId, bookingId);
      return new BookingOutput(bookingId.toString());
    }
  }

  /** The declined offer's submission leaves the running; a new decision is due within the target. */
  public record Returned(String decisionDueAt, String castingStatus) {}

  /** A DECLINED offer returns the call to its shortlist (SHORTLIST) for the next decision. */
  @JobWorker(type = CastingJobTypes.RETURN_TO_SHORTLIST)
  public Returned returnToShortlist(@VariablesAsType OfferRef in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      CastingService.OfferView offer = casting.offer(in.tenantId(), UUID.fromString(in.offerId()));
      jdbc.update("update casting_submission set offer_declined = true where tenant_id = ? and submission_id = ?",
          in.tenantId(), offer.submissionId());
      jdbc.update("update casting_call set status = 'SHORTLIST' where tenant_id = ? and casting_call_id = ? and "
          + "status = 'OFFER'", in.tenantId(), offer.castingCallId());
      return new Returned(clock.now().plus(decisionTarget).toString(), "SHORTLIST");
    }
  }

  /** The call is CLOSED with its booking. */
  @JobWorker(type = CastingJobTypes.CLOSE_CALL)
  public Status closeCall(@VariablesAsType CallRef in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      jdbc.update("update casting_call set status = 'CLOSED' where tenant_id = ? and casting_call_id = ?",
          in.tenantId(), id(in));
      return new Status("CLOSED");
    }
  }

  private static UUID id(CallRef in) {
    return UUID.fromString(in.castingCallId());
  }
}
