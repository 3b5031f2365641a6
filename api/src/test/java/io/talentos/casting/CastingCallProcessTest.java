package io.talentos.casting;

import static io.talentos.support.Waits.AWAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.talentos.contracts.ContractService;
import io.talentos.contracts.SignaturePackets;
import io.talentos.finance.Money;
import io.talentos.support.ContractSigning;
import io.talentos.support.ProcessTestSupport;
import io.talentos.support.TalentOsTest;
import io.talentos.support.TestSmtp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every path of processes/casting/casting-call.bpmn on the real engine with real PostgreSQL and real SMTP (GreenMail):
 * submissions closed by quota, a withdrawal before casting viewed it and one refused after, the shortlist shared with
 * the client redacted until the client's NDA is signed through CLM, an audition refused for a double booking, a
 * no-show, an offer declined (back to the shortlist) and one accepted that starts a booking with the agreed terms;
 * and the KPI timers (first submission, review, decision) raising tasks, an empty shortlist, auditions without an
 * outcome, and a call that closes by date with no submission.
 */
@TalentOsTest
class CastingCallProcessTest extends ProcessTestSupport {

  private static final Pattern VIEW_LINK = Pattern.compile("/api/v1/casting-views/([^/\\s]+)/([A-Za-z0-9_-]+)");

  @Autowired CastingService casting;
  @Autowired ClientViews views;
  @Autowired ContractService contracts;
  @Autowired SignaturePackets packets;

  private record Call(UUID id, String clientEmail, String agencyEmail) {}

  private Call publishCall(int quota, Duration closesIn) {
    String suffix = ContractSigning.suffix();
    Instant shoot = clock.now().plus(40, ChronoUnit.DAYS);
    var call = casting.create(tenant(), "casting.carla", new CastingService.CallRequest("Monsoon campaign " + suffix,
        "Lead model", "Beachwear, two looks", "Nova Apparel", "client-" + suffix + "@nova.example", quota,
        clock.now().plus(closesIn), shoot, shoot.plus(9, ChronoUnit.HOURS), new Money(8_000_000, "INR"),
        "PERCENTAGE", "Carla Mendes", "carla-" + suffix + "@lumen.example"));
    assertThat(call.status()).isEqualTo("DRAFT");
    casting.publish(tenant(), "casting.carla", call.castingCallId());
    awaitEntered(call.castingCallId(), "Task_CollectSubmissions");
    return new Call(call.castingCallId(), "client-" + suffix + "@nova.example", "carla-" + suffix + "@lumen.example");
  }

  private CastingService.SubmissionView submit(UUID callId, String actor, String talentId, String name) {
    return casting.submit(tenant(), actor, false, callId, new CastingService.SubmissionRequest(talentId, name,
        List.of("https://media.example/" + talentId + "/selftape.mp4"), "Available all week"));
  }

  private String status(UUID callId) {
    return casting.view(tenant(), callId).status();
  }

  @Test
  void aCastingCallRunsFromPostingToAnAcceptedOfferThatBecomesABooking() {
    int noShowsBefore = casting.kpis(tenant()).noShows();
    Call call = publishCall(3, Duration.ofDays(5));
    UUID id = call.id();
    assertThat(status(id)).isEqualTo("OPEN");
    String ria = newTalent();
    String mo = newTalent();
    String zoe = newTalent();
    var riaSubmission = casting.submit(tenant(), ria, true, id, new CastingService.SubmissionRequest(ria, "Ria Sen",
        List.of("https://media.example/ria.mp4"), null));
    var moSubmission = submit(id, "booker.asha", mo, "Mo Khan");
    assertThatThrownBy(() -> submit(id, "booker.asha", mo, "Mo Khan")).as("one live submission per talent")
        .isInstanceOf(CastingService.CastingStateException.class);
    assertThatThrownBy(() -> casting.submit(tenant(), ria, true, id, new CastingService.SubmissionRequest(zoe, "Zoe",
        List.of(), null))).as("a talent submits only for themselves")
        .isInstanceOf(CastingService.InvalidCastingException.class);
    var zoeSubmission = submit(id, "booker.asha", zoe, "Zoe Das"); // the third: the quota closes submissions
    awaitTask(id, "Task_Shortlist");
    assertThat(casting.view(tenant(), id)).satisfies(c -> {
      assertThat(c.status()).isEqualTo("SHORTLIST");
      assertThat(c.closedReason()).isEqualTo("QUOTA");
      assertThat(c.submissions()).isEqualTo(3);
    });
    assertThatThrownBy(() -> submit(id, "booker.asha", newTalent(), "Late")).isInstanceOf(
        CastingService.CastingStateException.class);

    casting.review(tenant(), "casting.carla", riaSubmission.submissionId());
    casting.shortlist(tenant(), "casting.carla", riaSubmission.submissionId(), true);
    casting.shortlist(tenant(), "casting.carla", moSubmission.submissionId(), true);
    complete(id, "Task_Shortlist", "casting.carla", Map.of("shortlistReady", true));

    // the client's view: emailed, redacted until the NDA is signed, watermarked with the viewer
    Matcher link = VIEW_LINK.matcher(TestSmtp.awaitMail(call.clientEmail(), "Shortlist", 1).text());
    assertThat(link.find()).isTrue();
    String token = link.group(2);
    await().atMost(AWAIT).until(() -> status(id).equals("AUDITION"));
    ClientViews.ClientShortlist redacted = views.open(tenant(), token);
    assertThat(redacted.redacted()).isTrue();
    assertThat(redacted.talent()).hasSize(2).allSatisfy(t -> {
      assertThat(t.talentName()).startsWith("Talent ");
      assertThat(t.talentId()).isNull();
      assertThat(t.media()).isEmpty();
    });
    assertThat(redacted.toString()).doesNotContain("Ria Sen").doesNotContain(ria);
    assertThat(redacted.watermark()).contains(call.clientEmail()).contains("Nova Apparel");
    UUID nda = casting.view(tenant(), id).ndaContractId();
    assertThat(contracts.view(tenant(), nda, true).type()).isEqualTo("NDA");
    ContractSigning.answer(packets, tenant(), call.agencyEmail(), false, null);
    ContractSigning.answer(packets, tenant(), call.clientEmail(), false, null);
    await().atMost(AWAIT).until(() -> List.of("SIGNED", "ACTIVE").contains(contracts.view(tenant(), nda, true)
        .status()));
    ClientViews.ClientShortlist open = views.open(tenant(), token);
    assertThat(open.redacted()).isFalse();
    assertThat(open.talent()).extracting(ClientViews.ShortlistedTalent::talentName).containsExactly("Ria Sen",
        "Mo Khan");
    assertThat(open.talent()).allSatisfy(t -> assertThat(t.watermark()).contains(call.clientEmail()));
    assertThat(open.talent()).extracting(ClientViews.ShortlistedTalent::talentName).doesNotContain("Zoe Das");

    // auditions: Mo's time is held by another booking, so that slot is refused; Mo then does not show up
    Instant day = clock.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    var other = bookings.start(tenant(), "booker.asha", new io.talentos.booking.Inquiry(mo, "Other Client", day,
        day.plus(8, ChronoUnit.HOURS), "Fitting", new Money(1_000_000, "INR"), "PERCENTAGE", null, null));
    awaitEntered(other.bookingId(), "Task_SendQuote");
    assertThatThrownBy(() -> casting.scheduleAudition(tenant(), "casting.carla", moSubmission.submissionId(),
        day.plus(1, ChronoUnit.HOURS), day.plus(2, ChronoUnit.HOURS)))
        .isInstanceOf(CastingService.TalentBusyException.class).hasMessageContaining("option hold");
    assertThatThrownBy(() -> casting.scheduleAudition(tenant(), "casting.carla", zoeSubmission.submissionId(),
        day.plus(10, ChronoUnit.HOURS), day.plus(11, ChronoUnit.HOURS))).as("only shortlisted talent audition")
        .isInstanceOf(CastingService.CastingStateException.class);
    var riaAudition = casting.scheduleAudition(tenant(), "casting.carla", riaSubmission.submissionId(),
        day.plus(10, ChronoUnit.HOURS), day.plus(11, ChronoUnit.HOURS));
    var moAudition = casting.scheduleAudition(tenant(), "casting.carla", moSubmission.submissionId(),
        day.plus(11, ChronoUnit.HOURS), day.plus(12, ChronoUnit.HOURS));
    assertThatThrownBy(() -> casting.scheduleAudition(tenant(), "casting.carla", moSubmission.submissionId(),
        day.plus(11, ChronoUnit.HOURS).plus(30, ChronoUnit.MINUTES), day.plus(13, ChronoUnit.HOURS)))
        .as("no two auditions at once").isInstanceOf(CastingService.TalentBusyException.class);
    complete(id, "Task_HoldAuditions", "casting.carla", Map.of("auditionsHeld", true));
    await().atMost(AWAIT).until(() -> hasEvent(id, "BoundaryEvent_AuditionsOpen", "COMPLETED"));
    casting.recordOutcome(tenant(), riaAudition.auditionId(), "ATTENDED");
    casting.recordOutcome(tenant(), moAudition.auditionId(), "NO_SHOW");
    assertThatThrownBy(() -> casting.recordOutcome(tenant(), moAudition.auditionId(), "ATTENDED"))
        .isInstanceOf(CastingService.CastingStateException.class);
    complete(id, "Task_HoldAuditions", "casting.carla", Map.of("auditionsHeld", true));

    // the first offer is declined: back to the shortlist, and the same talent cannot be offered again
    complete(id, "Task_DecideOffer", "casting.carla", Map.of("offerSubmissionId",
        riaSubmission.submissionId().toString(), "offerFeeMinor", 7_500_000));
    await().atMost(AWAIT).until(() -> casting.offers(tenant(), id).size() == 1);
    var declinedOffer = casting.offers(tenant(), id).getFirst();
    assertThat(status(id)).isEqualTo("OFFER");
    assertThatThrownBy(() -> casting.answerOffer(tenant(), "booker.asha", declinedOffer.offerId(), true, null))
        .as("only the talent or the agent who submitted answers").isInstanceOf(
            CastingService.CastingStateException.class);
    awaitEntered(id, "Task_AwaitOfferAnswer");
    casting.answerOffer(tenant(), ria, declinedOffer.offerId(), false, "Dates clash with exams");
    assertThatThrownBy(() -> casting.answerOffer(tenant(), ria, declinedOffer.offerId(), true, null))
        .as("an offer is answered once").isInstanceOf(CastingService.CastingStateException.class);
    complete(id, "Task_DecideOffer", "casting.carla", Map.of("offerSubmissionId",
        riaSubmission.submissionId().toString(), "offerFeeMinor", 7_500_000));
    await().atMost(AWAIT).until(() -> hasEvent(id, "BoundaryEvent_OfferInvalid", "COMPLETED"));
    complete(id, "Task_DecideOffer", "casting.carla", Map.of("offerSubmissionId",
        moSubmission.submissionId().toString(), "offerFeeMinor", 7_000_000));
    await().atMost(AWAIT).until(() -> casting.offers(tenant(), id).size() == 2);
    var acceptedOffer = casting.offers(tenant(), id).get(1);
    awaitEntered(id, "Task_AwaitOfferAnswer");
    casting.answerOffer(tenant(), "booker.asha", acceptedOffer.offerId(), true, null); // Mo's agent accepts
    await().atMost(AWAIT).until(() -> status(id).equals("CLOSED"));

    UUID bookingId = casting.view(tenant(), id).bookingId();
    assertThat(bookingId).isNotNull().isEqualTo(casting.offer(tenant(), acceptedOffer.offerId()).bookingId());
    assertThat(jdbc.queryForMap("select talent_id, client_name, budget_minor, currency, commission_model from "
        + "booking where tenant_id = ? and booking_id = ?", tenant(), bookingId)).containsEntry("talent_id", mo)
        .containsEntry("client_name", "Nova Apparel").containsEntry("budget_minor", 7_000_000L)
        .containsEntry("currency", "INR").containsEntry("commission_model", "PERCENTAGE");
    awaitEntered(bookingId, "Task_PlaceOptionHold");
    assertThatProcess(id, "casting-call").hasPassedElementsInOrder("StartEvent_CastingCallPublished",
        "Task_OpenCastingCall", "Task_CollectSubmissions", "Task_CloseSubmissions", "Task_Shortlist",
        "Task_ShareShortlist", "Task_HoldAuditions", "Task_HoldAuditions", "Task_CloseAuditions", "Task_DecideOffer",
        "Task_SendOffer", "Task_AwaitOfferAnswer", "Task_ReturnToShortlist", "Task_DecideOffer", "Task_DecideOffer",
        "Task_SendOffer", "Task_AwaitOfferAnswer", "Task_CreateBooking", "Task_CloseCastingCall",
        "EndEvent_CastingCallClosed")
        .hasPassedElement("BoundaryEvent_AuditionsOpen").hasPassedElement("BoundaryEvent_OfferInvalid")
        .hasNotPassedElement("BoundaryEvent_ClosingDateReached").hasNotPassedElement("Task_CloseUnfilled")
        .hasNotPassedElement("BoundaryEvent_ShortlistEmpty").hasNotPassedElement("Task_FollowUpDecision")
        .isCompleted();
    assertThat(casting.auditions(tenant(), id)).extracting(CastingService.AuditionView::status)
        .containsExactly("ATTENDED", "NO_SHOW");
    assertThat(casting.kpis(tenant()).noShows()).isEqualTo(noShowsBefore + 1);
  }

  @Test
  void anAgentWithdrawsUntilCastingHasViewedTheSubmission() {
    Call call = publishCall(10, Duration.ofDays(5));
    String talent = newTalent();
    var first = submit(call.id(), "booker.asha", talent, "Ira Roy");
    assertThatThrownBy(() -> casting.withdraw(tenant(), "booker.other", first.submissionId()))
        .as("only who submitted withdraws").isInstanceOf(CastingService.CastingStateException.class);
    assertThat(casting.withdraw(tenant(), "booker.asha", first.submissionId()).status()).isEqualTo("WITHDRAWN");
    var second = submit(call.id(), "booker.asha", talent, "Ira Roy"); // a withdrawn submission can be replaced
    casting.review(tenant(), "casting.carla", second.submissionId());
    assertThatThrownBy(() -> casting.withdraw(tenant(), "booker.asha", second.submissionId()))
        .isInstanceOf(CastingService.CastingStateException.class).hasMessageContaining("viewed");
    assertThat(casting.view(tenant(), call.id()).submissions()).isEqualTo(1);
    assertThat(casting.submission(tenant(), first.submissionId()).status()).isEqualTo("WITHDRAWN");
  }

  @Test
  void aCallWithoutSubmissionsRaisesTheFirstSubmissionTaskAndClosesUnfilledAtItsDate() {
    int breachesBefore = casting.kpis(tenant()).firstSubmissionBreaches();
    Call call = publishCall(5, Duration.ofMinutes(90));
    UUID id = call.id();
    // nothing submitted while the (test) first-submission target of 1 h passes
    advance(Duration.ofMinutes(61));
    awaitTask(id, "Task_PromoteCastingCall");
    complete(id, "Task_PromoteCastingCall", "casting.carla", Map.of("followUpNote", "Posted on two job boards"));
    advance(Duration.ofMinutes(30));
    await().atMost(AWAIT).until(() -> status(id).equals("CLOSED"));
    assertThatProcess(id, "casting-call").hasPassedElementsInOrder("Task_CheckFirstSubmission",
        "Task_PromoteCastingCall", "BoundaryEvent_ClosingDateReached", "Task_CloseSubmissions", "Task_CloseUnfilled", "EndEvent_ClosedUnfilled")
        .hasNotPassedElement("Task_CollectSubmissions").hasNotPassedElement("Task_Shortlist").isCompleted();
    assertThat(casting.view(tenant(), id).closedReason()).isEqualTo("DATE");
    assertThat(casting.kpis(tenant()).firstSubmissionBreaches()).isGreaterThan(breachesBefore);
  }

  @Test
  void lateReviewsAndDecisionsRaiseTasks_anEmptyShortlistAndOpenAuditionsSendCastingBack() {
    CastingService.Kpis before = casting.kpis(tenant());
    Call call = publishCall(10, Duration.ofDays(5));
    UUID id = call.id();
    var s = submit(id, "booker.asha", newTalent(), "Anu Pillai");
    casting.closeSubmissionsNow(tenant(), id);
    awaitTask(id, "Task_Shortlist");
    assertThat(casting.view(tenant(), id).closedReason()).isEqualTo("CASTING");
    advance(Duration.ofMinutes(61)); // nobody opened the submission within the (test) review target
    awaitTask(id, "Task_FollowUpReview");
    complete(id, "Task_FollowUpReview", "ops.lead", Map.of("followUpNote", "Carla was ill; Devi took over"));
    complete(id, "Task_Shortlist", "casting.carla", Map.of("shortlistReady", true));
    await().atMost(AWAIT).until(() -> hasEvent(id, "BoundaryEvent_ShortlistEmpty", "COMPLETED"));
    casting.shortlist(tenant(), "casting.carla", s.submissionId(), true);
    complete(id, "Task_Shortlist", "casting.carla", Map.of("shortlistReady", true));
    awaitTask(id, "Task_HoldAuditions");
    complete(id, "Task_HoldAuditions", "casting.carla", Map.of("auditionsHeld", true)); // none held: allowed
    awaitTask(id, "Task_DecideOffer");
    advance(Duration.ofMinutes(61));
    awaitTask(id, "Task_FollowUpDecision");
    // an invalid offer sends casting back to the decision; its deadline has passed, but it was reported already
    complete(id, "Task_DecideOffer", "casting.carla", Map.of("offerSubmissionId", UUID.randomUUID().toString(),
        "offerFeeMinor", 1_000));
    await().atMost(AWAIT).until(() -> hasEvent(id, "EndEvent_DecisionBreachKnown", "COMPLETED"));
    // the review check runs on its cycle all along; the overdue submission is reported once
    assertThatProcess(id, "casting-call").hasPassedElement("Task_FollowUpReview", 1)
        .hasPassedElement("Task_CheckDecision", 2).hasPassedElement("Task_FollowUpDecision", 0)
        .hasPassedElement("BoundaryEvent_OfferInvalid", 1)
        .hasPassedElement("BoundaryEvent_ShortlistEmpty").hasPassedElement("Task_Shortlist", 2)
        .hasPassedElement("BoundaryEvent_DecisionDue", 2).hasPassedElement("EndEvent_DecisionBreachKnown", 1)
        .hasNotPassedElement("Task_SendOffer").isActive();
    assertThat(casting.kpis(tenant())).satisfies(k -> {
      assertThat(k.reviewBreaches()).isGreaterThan(before.reviewBreaches());
      assertThat(k.decisionBreaches()).isGreaterThan(before.decisionBreaches());
    });
  }
}
