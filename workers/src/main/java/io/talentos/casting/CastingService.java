package io.talentos.casting;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talentos.booking.OptionHolds;
import io.talentos.engine.EngineClock;
import io.talentos.engine.MessageCorrelation;
import io.talentos.engine.ProcessStarter;
import io.talentos.finance.Money;
import io.talentos.tenancy.Tenants;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The casting pipeline (issue 6; seed 000 §3 B2, §8.2 CastingCall DRAFT → OPEN → SHORTLIST → AUDITION → OFFER →
 * CLOSED): casting calls, submissions and their withdrawal, shortlisting, audition slots without double booking, and
 * the talent's answer to an offer. The process {@code casting-call} (processes/casting/casting-call.bpmn) moves the
 * call through its states; this service holds the rows and starts the process. Money is minor units plus an ISO 4217
 * currency.
 */
@Service
public class CastingService {

  /** The BPMN process id of a casting call. */
  public static final String PROCESS_ID = "casting-call";
  /** Published when submissions close early: the quota is reached or casting closes them. */
  public static final String SUBMISSIONS_CLOSED = "CastingSubmissionsClosed";
  /** Correlated when the talent (or their agent) accepts or declines the offer. */
  public static final String OFFER_ANSWERED = "OfferAnswered";

  private static final Logger LOG = LoggerFactory.getLogger(CastingService.class);
  private static final Set<String> COMMISSION_MODELS = Set.of("PERCENTAGE", "FLAT_FEE", "TIERED", "MULTI_PARTY");

  /** A new casting call (one role). The NDA signer speaks for the agency on the client's NDA (seed 000 §7.4). */
  public record CallRequest(String title, String roleName, String description, String clientName, String clientEmail,
      int quota, Instant closesAt, Instant shootStartsAt, Instant shootEndsAt, Money budget, String commissionModel,
      String agencySignerName, String agencySignerEmail) {}

  /** A casting call as casting sees it; times ISO-8601 UTC, the budget in minor units. */
  public record CallView(UUID castingCallId, String title, String roleName, String description, String clientName,
      int quota, Instant closesAt, Instant shootStartsAt, Instant shootEndsAt, Money budget, String commissionModel,
      String status, String closedReason, UUID ndaContractId, UUID bookingId, int submissions, Instant createdAt,
      Instant openedAt, Instant submissionsClosedAt) {}

  /** A talent's submission to a role: media references are URLs of self-tapes, photos or portfolios. */
  public record SubmissionRequest(String talentId, String talentName, List<String> media, String note) {}

  /** A submission as casting sees it. */
  public record SubmissionView(UUID submissionId, UUID castingCallId, String talentId, String talentName,
      String submittedBy, List<String> media, String note, String status, boolean shortlisted, boolean offerDeclined,
      Instant submittedAt, Instant viewedAt) {}

  /** An audition slot [startsAt, endsAt) of a shortlisted talent: SCHEDULED, ATTENDED, NO_SHOW or CANCELLED. */
  public record AuditionView(UUID auditionId, UUID castingCallId, UUID submissionId, String talentId,
      Instant startsAt, Instant endsAt, String status) {}

  /** An offer to a talent: SENT, ACCEPTED (then the booking it started) or DECLINED with the reason. */
  public record OfferView(UUID offerId, UUID castingCallId, UUID submissionId, String talentId, Money fee,
      String status, String declineReason, Instant offeredAt, Instant answeredAt, UUID bookingId) {}

  /**
   * The tenant's casting KPIs against the T2 targets (seed 000 §12.2): auditions with an outcome, no-shows and their
   * rate in basis points (target ≤ 800, i.e. 8%), and the KPI timer breaches raised as tasks.
   */
  public record Kpis(int auditionsWithOutcome, int noShows, int noShowRateBasisPoints, int noShowTargetBasisPoints,
      int firstSubmissionBreaches, int reviewBreaches, int decisionBreaches) {}

  /** No casting call, submission, audition or offer with this id in the tenant (HTTP 404). */
  public static class UnknownCastingException extends RuntimeException {
    UnknownCastingException(String what, UUID id) {
      super("No " + what + " " + id + " in this tenant");
    }
  }

  /** The request does not fit the casting call's state (HTTP 409); the message says why. */
  public static class CastingStateException extends RuntimeException {
    CastingStateException(String message) {
      super(message);
    }
  }

  /** The request itself is invalid (HTTP 422); the message names every problem. */
  public static class InvalidCastingException extends RuntimeException {
    InvalidCastingException(String message) {
      super(message);
    }
  }

  /** The audition slot overlaps the talent's option holds, bookings or other auditions (HTTP 409). */
  public static class TalentBusyException extends RuntimeException {
    TalentBusyException(String message) {
      super(message);
    }
  }

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final ObjectMapper json;
  private final EngineClock clock;
  private final Tenants tenants;
  private final ProcessStarter processes;
  private final MessageCorrelation messages;
  private final OptionHolds holds;
  private final Duration firstSubmissionTarget;
  private final Duration reviewCheckEvery;

  CastingService(JdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper json, EngineClock clock, Tenants tenants,
      ProcessStarter processes, MessageCorrelation messages, OptionHolds holds,
      @Value("${talentos.casting.first-submission-target:PT24H}") Duration firstSubmissionTarget,
      @Value("${talentos.casting.review-check-every:PT12H}") Duration reviewCheckEvery) {
    this.reviewCheckEvery = reviewCheckEvery;
    this.jdbc = jdbc;
    this.tx = tx;
    this.json = json;
    this.clock = clock;
    this.tenants = tenants;
    this.processes = processes;
    this.messages = messages;
    this.holds = holds;
    this.firstSubmissionTarget = firstSubmissionTarget;
  }

  /**
   * Drafts a casting call (DRAFT). @throws InvalidCastingException naming every problem (dates, quota, budget,
   * commission model); @throws Tenants.UnknownTenantException for an unknown tenant
   */
  public CallView create(String tenantId, String actor, CallRequest call) {
    tenants.requireActive(tenantId);
    Instant now = clock.now();
    List<String> problems = new ArrayList<>();
    if (call.quota() < 1 || call.quota() > 1000) {
      problems.add("quota must be between 1 and 1000");
    }
    if (!call.closesAt().isAfter(now)) {
      problems.add("closesAt must be in the future");
    }
    if (!call.shootEndsAt().isAfter(call.shootStartsAt())) {
      problems.add("shootEndsAt must be after shootStartsAt");
    }
    if (!call.shootStartsAt().isAfter(call.closesAt())) {
      problems.add("shootStartsAt must be after closesAt (auditions and the offer come first)");
    }
    if (call.budget().amountMinor() <= 0) {
      problems.add("budget.amountMinor must be positive");
    }
    if (!COMMISSION_MODELS.contains(call.commissionModel())) {
      problems.add("commissionModel must be one of " + COMMISSION_MODELS);
    }
    if (!problems.isEmpty()) {
      throw new InvalidCastingException(String.join("; ", problems));
    }
    UUID id = UUID.randomUUID();
    jdbc.update("""
        insert into casting_call (tenant_id, casting_call_id, title, role_name, description, client_name,
          client_email, quota, closes_at, shoot_starts_at, shoot_ends_at, budget_minor, currency, commission_model,
          created_by, agency_signer_name, agency_signer_email)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", tenantId, id, call.title(), call.roleName(),
        call.description(), call.clientName(), call.clientEmail(), call.quota(), Timestamp.from(call.closesAt()),
        Timestamp.from(call.shootStartsAt()), Timestamp.from(call.shootEndsAt()), call.budget().amountMinor(),
        call.budget().currency(), call.commissionModel(), actor, call.agencySignerName(), call.agencySignerEmail());
    return view(tenantId, id);
  }

  /**
   * Publishes a DRAFT call (OPEN) and starts its {@code casting-call} process (business key: the call). The status is
   * committed before the process starts, so submissions are taken from the first moment.
   *
   * @throws CastingStateException unless the call is DRAFT, or when its closing date has passed
   */
  public long publish(String tenantId, String actor, UUID castingCallId) {
    Map<String, Object> variables = tx.execute(status -> {
      CallView call = lock(tenantId, castingCallId);
      if (!"DRAFT".equals(call.status())) {
        throw new CastingStateException("Casting call " + castingCallId + " is " + call.status() + ", not DRAFT");
      }
      Instant now = clock.now();
      if (!call.closesAt().isAfter(now)) {
        throw new CastingStateException("Casting call " + castingCallId + " closed at " + call.closesAt());
      }
      jdbc.update("update casting_call set status = 'OPEN', opened_at = ? where tenant_id = ? and casting_call_id = ?",
          Timestamp.from(now), tenantId, castingCallId);
      Map<String, Object> vars = new LinkedHashMap<>();
      vars.put("tenantId", tenantId);
      vars.put("castingCallId", castingCallId.toString());
      vars.put("businessKey", castingCallId.toString());
      vars.put("closesAt", call.closesAt().toString());
      vars.put("firstSubmissionDueAt", now.plus(firstSubmissionTarget).toString());
      vars.put("publishedBy", actor);
      vars.put("closedBy", "DATE");
      vars.put("reviewCheckCycle", "R/" + reviewCheckEvery);
      return vars;
    });
    long key;
    try {
      key = processes.start(tenantId, PROCESS_ID, variables);
    } catch (RuntimeException e) {
      jdbc.update("update casting_call set status = 'DRAFT', opened_at = null where tenant_id = ? and "
          + "casting_call_id = ? and process_instance_key is null", tenantId, castingCallId);
      throw e;
    }
    jdbc.update("update casting_call set process_instance_key = ? where tenant_id = ? and casting_call_id = ?", key,
        tenantId, castingCallId);
    LOG.info("Casting call {} (tenant {}) published by {}: casting-call instance {}", castingCallId, tenantId, actor,
        key);
    return key;
  }

  /**
   * Takes a submission while the call is OPEN. The submission that reaches the quota closes submissions (the role
   * closes by date or by quota). A talent who has only the talent role submits only for themselves.
   *
   * @throws CastingStateException unless OPEN, or when the talent already has a live submission to the role
   * @throws InvalidCastingException for a media reference that is not an http(s) URL
   */
  public SubmissionView submit(String tenantId, String actor, boolean selfOnly, UUID castingCallId,
      SubmissionRequest submission) {
    if (selfOnly && !actor.equals(submission.talentId())) {
      throw new InvalidCastingException("A talent submits for themselves: talentId must be " + actor);
    }
    List<String> media = submission.media() == null ? List.of() : submission.media();
    if (media.stream().anyMatch(m -> m == null || !m.matches("https?://\\S{1,2040}"))) {
      throw new InvalidCastingException("media must be http(s) URLs of at most 2048 characters");
    }
    UUID id = UUID.randomUUID();
    boolean quotaReached = Boolean.TRUE.equals(tx.execute(status -> {
      CallView call = lock(tenantId, castingCallId);
      if (!"OPEN".equals(call.status())) {
        throw new CastingStateException("Casting call " + castingCallId + " takes no submissions: it is "
            + call.status());
      }
      if (!call.closesAt().isAfter(clock.now())) {
        throw new CastingStateException("Casting call " + castingCallId + " closed at " + call.closesAt());
      }
      if (call.submissions() >= call.quota()) {
        throw new CastingStateException("Casting call " + castingCallId + " reached its quota of " + call.quota()
            + " submissions");
      }
      Integer live = jdbc.queryForObject("""
          select count(*) from casting_submission where tenant_id = ? and casting_call_id = ? and talent_id = ?
            and status = 'SUBMITTED'""", Integer.class, tenantId, castingCallId, submission.talentId());
      if (live > 0) {
        throw new CastingStateException("Talent " + submission.talentId() + " has already submitted to this role");
      }
      jdbc.update("""
          insert into casting_submission (tenant_id, submission_id, casting_call_id, talent_id, talent_name,
            submitted_by, media, note, submitted_at) values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)""",
          tenantId, id, castingCallId, submission.talentId(), submission.talentName(), actor, toJson(media),
          submission.note(), Timestamp.from(clock.now()));
      return call.submissions() + 1 >= call.quota();
    }));
    if (quotaReached) {
      closeSubmissions(tenantId, castingCallId, "QUOTA");
    }
    return submission(tenantId, id);
  }

  /**
   * Closes submissions before the closing date (casting has enough): the process moves on to the shortlist.
   *
   * @throws CastingStateException unless the call is OPEN
   */
  public void closeSubmissionsNow(String tenantId, UUID castingCallId) {
    CallView call = view(tenantId, castingCallId);
    if (!"OPEN".equals(call.status())) {
      throw new CastingStateException("Casting call " + castingCallId + " is " + call.status() + ", not OPEN");
    }
    closeSubmissions(tenantId, castingCallId, "CASTING");
  }

  private void closeSubmissions(String tenantId, UUID castingCallId, String closedBy) {
    messages.publish(tenantId, SUBMISSIONS_CLOSED, castingCallId.toString(), "submissions-closed:" + castingCallId,
        Duration.ofHours(1), Map.of("closedBy", closedBy));
    LOG.info("Casting call {} (tenant {}): submissions closed ({})", castingCallId, tenantId, closedBy);
  }

  /**
   * Casting opens a submission: the first time, it is marked viewed (after which the agent can no longer withdraw
   * it). @throws UnknownCastingException for another tenant's or an unknown submission
   */
  public SubmissionView review(String tenantId, String actor, UUID submissionId) {
    SubmissionView submission = submission(tenantId, submissionId);
    jdbc.update("""
        update casting_submission set viewed_at = ?, viewed_by = ?
        where tenant_id = ? and submission_id = ? and viewed_at is null""", Timestamp.from(clock.now()), actor,
        tenantId, submissionId);
    return submission(tenantId, submissionId);
  }

  /**
   * Withdraws a submission, by whoever submitted it, until casting has viewed it.
   *
   * @throws CastingStateException once viewed, already withdrawn, or when {@code actor} did not submit it
   */
  public SubmissionView withdraw(String tenantId, String actor, UUID submissionId) {
    return tx.execute(status -> {
      SubmissionView s = submission(tenantId, submissionId);
      lock(tenantId, s.castingCallId());
      int changed = jdbc.update("""
          update casting_submission set status = 'WITHDRAWN', withdrawn_at = ?
          where tenant_id = ? and submission_id = ? and status = 'SUBMITTED' and viewed_at is null
            and submitted_by = ?""", Timestamp.from(clock.now()), tenantId, submissionId, actor);
      if (changed == 0) {
        SubmissionView now = submission(tenantId, submissionId);
        throw new CastingStateException(!now.submittedBy().equals(actor)
            ? "Only " + now.submittedBy() + ", who submitted it, can withdraw this submission"
            : "WITHDRAWN".equals(now.status()) ? "The submission is withdrawn already"
            : "Casting viewed the submission at " + now.viewedAt() + ": it can no longer be withdrawn");
      }
      return submission(tenantId, submissionId);
    });
  }

  /**
   * Puts a submission on the shortlist (or takes it off), which also marks it viewed.
   *
   * @throws CastingStateException before submissions close, after the call closed, or for a withdrawn submission
   */
  public SubmissionView shortlist(String tenantId, String actor, UUID submissionId, boolean shortlisted) {
    SubmissionView s = submission(tenantId, submissionId);
    CallView call = view(tenantId, s.castingCallId());
    if (!Set.of("SHORTLIST", "AUDITION", "OFFER").contains(call.status())) {
      throw new CastingStateException("Casting call " + call.castingCallId() + " is " + call.status()
          + ": shortlisting happens after submissions close and before the call closes");
    }
    if (!"SUBMITTED".equals(s.status())) {
      throw new CastingStateException("Submission " + submissionId + " is " + s.status());
    }
    jdbc.update("""
        update casting_submission set shortlisted = ?, viewed_at = coalesce(viewed_at, ?),
          viewed_by = coalesce(viewed_by, ?) where tenant_id = ? and submission_id = ?""", shortlisted,
        Timestamp.from(clock.now()), actor, tenantId, submissionId);
    return submission(tenantId, submissionId);
  }

  /**
   * Schedules an audition slot for a shortlisted talent. The talent's time is locked while checking, so two slots
   * (or a slot and an option hold) cannot both take it.
   *
   * @throws CastingStateException unless the call is in AUDITION and the submission shortlisted
   * @throws TalentBusyException when the slot overlaps the talent's option holds, bookings or other auditions
   * @throws InvalidCastingException when the slot ends before it starts
   */
  public AuditionView scheduleAudition(String tenantId, String actor, UUID submissionId, Instant startsAt,
      Instant endsAt) {
    if (!endsAt.isAfter(startsAt)) {
      throw new InvalidCastingException("endsAt must be after startsAt");
    }
    UUID id = UUID.randomUUID();
    tx.executeWithoutResult(status -> {
      SubmissionView s = submission(tenantId, submissionId);
      CallView call = lock(tenantId, s.castingCallId()); // "Close auditions" takes the same lock
      if (!"AUDITION".equals(call.status())) {
        throw new CastingStateException("Casting call " + call.castingCallId() + " is " + call.status()
            + ": auditions are scheduled after the shortlist is shared");
      }
      if (!s.shortlisted() || !"SUBMITTED".equals(s.status())) {
        throw new CastingStateException("Only shortlisted submissions get auditions");
      }
      holds.lockTalent(tenantId, s.talentId());
      List<String> held = holds.overlapping(tenantId, s.talentId(), startsAt, endsAt);
      if (!held.isEmpty()) {
        throw new TalentBusyException("Talent " + s.talentId() + " is not free then: "
            + (held.contains("CONFIRMED") ? "a confirmed booking" : "an option hold") + " overlaps the slot");
      }
      Integer auditions = jdbc.queryForObject("""
          select count(*) from casting_audition where tenant_id = ? and talent_id = ?
            and status in ('SCHEDULED', 'ATTENDED') and starts_at < ? and ends_at > ?""", Integer.class, tenantId,
          s.talentId(), Timestamp.from(endsAt), Timestamp.from(startsAt));
      if (auditions > 0) {
        throw new TalentBusyException("Talent " + s.talentId() + " has another audition in that slot");
      }
      jdbc.update("""
          insert into casting_audition (tenant_id, audition_id, casting_call_id, submission_id, talent_id, starts_at,
            ends_at, scheduled_by) values (?, ?, ?, ?, ?, ?, ?, ?)""", tenantId, id, s.castingCallId(), submissionId,
          s.talentId(), Timestamp.from(startsAt), Timestamp.from(endsAt), actor);
    });
    return audition(tenantId, id);
  }

  /**
   * Records what happened at a scheduled audition: ATTENDED or NO_SHOW (T2 KPI: no-shows ≤ 8%).
   *
   * @throws CastingStateException unless the audition is SCHEDULED
   * @throws InvalidCastingException for another outcome
   */
  public AuditionView recordOutcome(String tenantId, UUID auditionId, String outcome) {
    if (!Set.of("ATTENDED", "NO_SHOW").contains(outcome)) {
      throw new InvalidCastingException("outcome must be ATTENDED or NO_SHOW");
    }
    AuditionView audition = audition(tenantId, auditionId);
    int changed = jdbc.update("""
        update casting_audition set status = ?, outcome_at = ?
        where tenant_id = ? and audition_id = ? and status = 'SCHEDULED'""", outcome, Timestamp.from(clock.now()),
        tenantId, auditionId);
    if (changed == 0) {
      throw new CastingStateException("Audition " + auditionId + " is " + audition.status() + " already");
    }
    return audition(tenantId, auditionId);
  }

  /**
   * The talent (or the agent who submitted for them) accepts or declines the offer; the casting call's process then
   * starts the booking or returns to the shortlist. A repeated answer is refused.
   *
   * @throws CastingStateException unless the offer is SENT, when {@code actor} may not answer it, or when accepting
   *     an offer whose shoot has started
   */
  public OfferView answerOffer(String tenantId, String actor, UUID offerId, boolean accept, String reason) {
    tx.executeWithoutResult(status -> {
      OfferView offer = offer(tenantId, offerId);
      SubmissionView s = submission(tenantId, offer.submissionId());
      if (accept && !view(tenantId, offer.castingCallId()).shootStartsAt().isAfter(clock.now())) {
        throw new CastingStateException("The shoot of offer " + offerId + " has started; it can only be declined");
      }
      if (!actor.equals(s.talentId()) && !actor.equals(s.submittedBy())) {
        throw new CastingStateException("Only the talent or the agent who submitted for them answers this offer");
      }
      int changed = jdbc.update("""
          update casting_offer set status = ?, decline_reason = ?, answered_by = ?, answered_at = ?
          where tenant_id = ? and offer_id = ? and status = 'SENT'""", accept ? "ACCEPTED" : "DECLINED",
          accept ? null : reason, actor, Timestamp.from(clock.now()), tenantId, offerId);
      if (changed == 0) {
        throw new CastingStateException("Offer " + offerId + " was answered already: " + offer.status());
      }
      messages.correlate(tenantId, OFFER_ANSWERED, offer.castingCallId().toString(), "offer-answer:" + offerId,
          Map.of("offerAccepted", accept));
    });
    LOG.info("Offer {} (tenant {}) {} by {}", offerId, tenantId, accept ? "accepted" : "declined", actor);
    return offer(tenantId, offerId);
  }

  /** The call, with its live submission count. @throws UnknownCastingException if the tenant has no such call */
  public CallView view(String tenantId, UUID castingCallId) {
    return jdbc.query(CALL_SELECT + " where c.tenant_id = ? and c.casting_call_id = ?", this::callRow, tenantId,
        castingCallId).stream().findFirst().orElseThrow(() -> new UnknownCastingException("casting call",
            castingCallId));
  }

  /** The tenant's casting calls, newest first, optionally of one status. */
  public List<CallView> list(String tenantId, String status) {
    return jdbc.query(CALL_SELECT + " where c.tenant_id = ? and (?::text is null or c.status = ?) "
        + "order by c.created_at desc limit 200", this::callRow, tenantId, status, status);
  }

  /** The call's submissions in the order they came. */
  public List<SubmissionView> submissions(String tenantId, UUID castingCallId) {
    view(tenantId, castingCallId);
    return jdbc.query(SUBMISSION_SELECT + " where tenant_id = ? and casting_call_id = ? order by submitted_at, "
        + "submission_id", this::submissionRow, tenantId, castingCallId);
  }

  /** One submission. @throws UnknownCastingException if the tenant has no such submission */
  public SubmissionView submission(String tenantId, UUID submissionId) {
    return jdbc.query(SUBMISSION_SELECT + " where tenant_id = ? and submission_id = ?", this::submissionRow,
        tenantId, submissionId).stream().findFirst()
        .orElseThrow(() -> new UnknownCastingException("submission", submissionId));
  }

  /** The call's auditions by start time. */
  public List<AuditionView> auditions(String tenantId, UUID castingCallId) {
    view(tenantId, castingCallId);
    return jdbc.query(AUDITION_SELECT + " where tenant_id = ? and casting_call_id = ? order by starts_at",
        this::auditionRow, tenantId, castingCallId);
  }

  /** One audition. @throws UnknownCastingException if the tenant has no such audition */
  public AuditionView audition(String tenantId, UUID auditionId) {
    return jdbc.query(AUDITION_SELECT + " where tenant_id = ? and audition_id = ?", this::auditionRow, tenantId,
        auditionId).stream().findFirst().orElseThrow(() -> new UnknownCastingException("audition", auditionId));
  }

  /** The call's offers, oldest first. */
  public List<OfferView> offers(String tenantId, UUID castingCallId) {
    view(tenantId, castingCallId);
    return jdbc.query(OFFER_SELECT + " where tenant_id = ? and casting_call_id = ? order by offered_at",
        this::offerRow, tenantId, castingCallId);
  }

  /** One offer. @throws UnknownCastingException if the tenant has no such offer */
  public OfferView offer(String tenantId, UUID offerId) {
    return jdbc.query(OFFER_SELECT + " where tenant_id = ? and offer_id = ?", this::offerRow, tenantId, offerId)
        .stream().findFirst().orElseThrow(() -> new UnknownCastingException("offer", offerId));
  }

  /** The tenant's casting KPIs (seed 000 §12.2 T2). */
  public Kpis kpis(String tenantId) {
    Map<String, Object> auditions = jdbc.queryForMap("""
        select count(*) filter (where status in ('ATTENDED', 'NO_SHOW')) as outcomes,
               count(*) filter (where status = 'NO_SHOW') as no_shows
        from casting_audition where tenant_id = ?""", tenantId);
    int outcomes = ((Number) auditions.get("outcomes")).intValue();
    int noShows = ((Number) auditions.get("no_shows")).intValue();
    Map<String, Object> breaches = jdbc.queryForMap("""
        select count(*) filter (where element_id = 'Task_PromoteCastingCall') as first_submission,
               count(*) filter (where element_id = 'Task_FollowUpReview') as review,
               count(*) filter (where element_id = 'Task_FollowUpDecision') as decision
        from user_task where tenant_id = ? and bpmn_process_id = ?""", tenantId, PROCESS_ID);
    return new Kpis(outcomes, noShows, outcomes == 0 ? 0 : noShows * 10_000 / outcomes, 800,
        ((Number) breaches.get("first_submission")).intValue(), ((Number) breaches.get("review")).intValue(),
        ((Number) breaches.get("decision")).intValue());
  }

  /** Locks the call's row for the caller's transaction. @throws UnknownCastingException if there is none */
  CallView lock(String tenantId, UUID castingCallId) {
    jdbc.queryForList("select 1 from casting_call where tenant_id = ? and casting_call_id = ? for update",
        tenantId, castingCallId);
    return view(tenantId, castingCallId);
  }

  private static final String CALL_SELECT = """
      select c.casting_call_id, c.title, c.role_name, c.description, c.client_name, c.quota, c.closes_at,
        c.shoot_starts_at, c.shoot_ends_at, c.budget_minor, c.currency, c.commission_model, c.status, c.closed_reason,
        c.nda_contract_id, c.booking_id, c.created_at, c.opened_at, c.submissions_closed_at,
        (select count(*) from casting_submission s where s.tenant_id = c.tenant_id
           and s.casting_call_id = c.casting_call_id and s.status = 'SUBMITTED') as submissions
      from casting_call c""";

  private CallView callRow(ResultSet rs, int i) throws SQLException {
    return new CallView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
        rs.getString(5), rs.getInt(6), instant(rs, 7), instant(rs, 8), instant(rs, 9),
        new Money(rs.getLong(10), rs.getString(11)), rs.getString(12), rs.getString(13), rs.getString(14),
        rs.getObject(15, UUID.class), rs.getObject(16, UUID.class), rs.getInt(20), instant(rs, 17), instant(rs, 18),
        instant(rs, 19));
  }

  private static final String SUBMISSION_SELECT = """
      select submission_id, casting_call_id, talent_id, talent_name, submitted_by, media::text, note, status,
        shortlisted, offer_declined, submitted_at, viewed_at from casting_submission""";

  private SubmissionView submissionRow(ResultSet rs, int i) throws SQLException {
    return new SubmissionView(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
        rs.getString(4), rs.getString(5), fromJson(rs.getString(6)), rs.getString(7), rs.getString(8),
        rs.getBoolean(9), rs.getBoolean(10), instant(rs, 11), instant(rs, 12));
  }

  private static final String AUDITION_SELECT = """
      select audition_id, casting_call_id, submission_id, talent_id, starts_at, ends_at, status
      from casting_audition""";

  private AuditionView auditionRow(ResultSet rs, int i) throws SQLException {
    return new AuditionView(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
        rs.getString(4), instant(rs, 5), instant(rs, 6), rs.getString(7));
  }

  private static final String OFFER_SELECT = """
      select offer_id, casting_call_id, submission_id, talent_id, fee_minor, currency, status, decline_reason,
        offered_at, answered_at, booking_id from casting_offer""";

  private OfferView offerRow(ResultSet rs, int i) throws SQLException {
    return new OfferView(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
        rs.getString(4), new Money(rs.getLong(5), rs.getString(6)), rs.getString(7), rs.getString(8),
        instant(rs, 9), instant(rs, 10), rs.getObject(11, UUID.class));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> fromJson(String text) {
    try {
      return json.readValue(text, new TypeReference<List<String>>() {});
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
