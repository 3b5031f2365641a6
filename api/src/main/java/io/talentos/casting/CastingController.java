package io.talentos.casting;

import io.swagger.v3.oas.annotations.Operation;
import io.talentos.finance.Money;
import io.talentos.identity.CurrentUser;
import io.talentos.policy.Capabilities;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The casting pipeline over HTTP (issue 6; seed 000 §3 B2, §8.2): casting calls, submissions (with withdrawal until
 * viewed), shortlisting, audition slots and their outcomes, the talent's answer to an offer, and the T2 KPIs. The
 * capabilities follow seed 000 §6.7 ({@code casting.call.publish}, {@code casting.submission.shortlist},
 * {@code casting.audition.schedule} …).
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/casting")
class CastingController {

  /** Money in a request: integer minor units and an ISO 4217 code. */
  record MoneyRequest(@NotNull @Positive Long amountMinor, @NotBlank @Pattern(regexp = "[A-Z]{3}") String currency) {}

  /** A new casting call for one role; the agency signer signs the client's NDA for the agency. */
  record CallRequest(@NotBlank @Size(max = 200) String title, @NotBlank @Size(max = 120) String roleName,
      @NotBlank @Size(max = 4000) String description, @NotBlank @Size(max = 200) String clientName,
      @NotBlank @Email @Size(max = 320) String clientEmail, @NotNull @Min(1) @Max(1000) Integer quota,
      @NotNull Instant closesAt, @NotNull Instant shootStartsAt, @NotNull Instant shootEndsAt,
      @NotNull @Valid MoneyRequest budget,
      @NotBlank @Pattern(regexp = "PERCENTAGE|FLAT_FEE|TIERED|MULTI_PARTY") String commissionModel,
      @NotBlank @Size(max = 200) String agencySignerName, @NotBlank @Email @Size(max = 320) String agencySignerEmail) {}

  /** A submission: the talent, media references (http(s) URLs) and a note. */
  record SubmissionRequest(@NotBlank @Size(max = 64) String talentId, @NotBlank @Size(max = 200) String talentName,
      @Size(max = 20) List<@NotBlank @Size(max = 2048) String> media, @Size(max = 2000) String note) {}

  /** On or off the shortlist. */
  record ShortlistRequest(@NotNull Boolean shortlisted) {}

  /** An audition slot [startsAt, endsAt). */
  record SlotRequest(@NotNull Instant startsAt, @NotNull Instant endsAt) {}

  /** What happened at an audition. */
  record OutcomeRequest(@NotBlank @Pattern(regexp = "ATTENDED|NO_SHOW") String outcome) {}

  /** Why the offer is declined. */
  record DeclineRequest(@Size(max = 2000) String reason) {}

  /** The process instance a published call runs in. */
  record PublishedResponse(UUID castingCallId, long processInstanceKey) {}

  private final CastingService casting;
  private final Capabilities capabilities;

  CastingController(CastingService casting, Capabilities capabilities) {
    this.casting = casting;
    this.capabilities = capabilities;
  }

  @Operation(summary = "Draft a casting call (DRAFT)")
  @PostMapping("/calls")
  ResponseEntity<CastingService.CallView> create(@PathVariable String tenantId,
      @AuthenticationPrincipal CurrentUser user, @Valid @RequestBody CallRequest body) {
    require(tenantId, user, "casting.call.publish");
    CastingService.CallView call = casting.create(tenantId, user.userId(), new CastingService.CallRequest(
        body.title(), body.roleName(), body.description(), body.clientName(), body.clientEmail(), body.quota(),
        body.closesAt(), body.shootStartsAt(), body.shootEndsAt(),
        new Money(body.budget().amountMinor(), body.budget().currency()), body.commissionModel(),
        body.agencySignerName(), body.agencySignerEmail()));
    return ResponseEntity.created(URI.create("/api/v1/tenants/" + tenantId + "/casting/calls/"
        + call.castingCallId())).body(call);
  }

  @Operation(summary = "Publish a casting call (OPEN) and start its casting-call process")
  @PostMapping("/calls/{castingCallId}/publish")
  PublishedResponse publish(@PathVariable String tenantId, @PathVariable UUID castingCallId,
      @AuthenticationPrincipal CurrentUser user) {
    require(tenantId, user, "casting.call.publish");
    return new PublishedResponse(castingCallId, casting.publish(tenantId, user.userId(), castingCallId));
  }

  @Operation(summary = "Close submissions before the closing date")
  @PostMapping("/calls/{castingCallId}/close-submissions")
  ResponseEntity<Void> closeSubmissions(@PathVariable String tenantId, @PathVariable UUID castingCallId,
      @AuthenticationPrincipal CurrentUser user) {
    require(tenantId, user, "casting.call.publish");
    casting.closeSubmissionsNow(tenantId, castingCallId);
    return ResponseEntity.accepted().build();
  }

  @Operation(summary = "The tenant's casting calls, newest first")
  @GetMapping("/calls")
  List<CastingService.CallView> list(@PathVariable String tenantId, @AuthenticationPrincipal CurrentUser user,
      @RequestParam(required = false) @Pattern(regexp = "DRAFT|OPEN|SHORTLIST|AUDITION|OFFER|CLOSED") String status) {
    require(tenantId, user, "casting.call.view");
    return casting.list(tenantId, status);
  }

  @Operation(summary = "A casting call")
  @GetMapping("/calls/{castingCallId}")
  CastingService.CallView get(@PathVariable String tenantId, @PathVariable UUID castingCallId,
      @AuthenticationPrincipal CurrentUser user) {
    require(tenantId, user, "casting.call.view");
    return casting.view(tenantId, castingCallId);
  }

  @Operation(summary = "Submit to a casting call (a talent for themselves, or their agent)")
  @PostMapping("/calls/{castingCallId}/submissions")
  ResponseEntity<CastingService.SubmissionView> submit(@PathVariable String tenantId, @PathVariable UUID castingCallId,
      @AuthenticationPrincipal CurrentUser user, @Valid @RequestBody SubmissionRequest body) {
    require(tenantId, user, "casting.submission.create");
    boolean selfOnly = user.hasRole("talent") && capabilities.of(tenantId, user.userId(), user.roles().stream()
        .filter(r -> !"talent".equals(r)).toList()).stream().noneMatch("casting.submission.create"::equals);
    CastingService.SubmissionView s = casting.submit(tenantId, user.userId(), selfOnly, castingCallId,
        new CastingService.SubmissionRequest(body.talentId(), body.talentName(), body.media(), body.note()));
    return ResponseEntity.created(URI.create("/api/v1/tenants/" + tenantId + "/casting/submissions/"
        + s.submissionId())).body(s);
  }

  @Operation(summary = "The call's submissions (listing does not mark them viewed)")
  @GetMapping("/calls/{castingCallId}/submissions")
  List<CastingService.SubmissionView> submissions(@PathVariable String tenantId, @PathVariable UUID castingCallId,
      @AuthenticationPrincipal CurrentUser user) {
    require(tenantId, user, "casting.submission.review");
    return casting.submissions(tenantId, castingCallId);
  }

  @Operation(summary = "Open a submission: the first time marks it viewed, which ends the agent's right to withdraw")
  @GetMapping("/submissions/{submissionId}")
  CastingService.SubmissionView review(@PathVariable String tenantId, @PathVariable UUID submissionId,
      @AuthenticationPrincipal CurrentUser user) {
    require(tenantId, user, "casting.submission.review");
    return casting.review(tenantId, user.userId(), submissionId);
  }

  @Operation(summary = "Withdraw one's own submission until casting has viewed it")
  @PostMapping("/submissions/{submissionId}/withdraw")
  CastingService.SubmissionView withdraw(@PathVariable String tenantId, @PathVariable UUID submissionId,
      @AuthenticationPrincipal CurrentUser user) {
    require(tenantId, user, "casting.submission.create");
    return casting.withdraw(tenantId, user.userId(), submissionId);
  }

  @Operation(summary = "Put a submission on the shortlist, or take it off")
  @PostMapping("/submissions/{submissionId}/shortlist")
  CastingService.SubmissionView shortlist(@PathVariable String tenantId, @PathVariable UUID submissionId,
      @AuthenticationPrincipal CurrentUser user, @Valid @RequestBody ShortlistRequest body) {
    require(tenantId, user, "casting.submission.shortlist");
    return casting.shortlist(tenantId, user.userId(), submissionId, body.shortlisted());
  }

  @Operation(summary = "Schedule an audition slot (refused when it overlaps the talent's holds, bookings, auditions)")
  @PostMapping("/submissions/{submissionId}/auditions")
  ResponseEntity<CastingService.AuditionView> schedule(@PathVariable String tenantId, @PathVariable UUID submissionId,
      @AuthenticationPrincipal CurrentUser user, @Valid @RequestBody SlotRequest body) {
    require(tenantId, user, "casting.audition.schedule");
    CastingService.AuditionView a = casting.scheduleAudition(tenantId, user.userId(), submissionId, body.startsAt(),
        body.endsAt());
    return ResponseEntity.created(URI.create("/api/v1/tenants/" + tenantId + "/casting/auditions/"
        + a.auditionId())).body(a);
  }

  @Operation(summary = "The call's auditions")
  @GetMapping("/calls/{castingCallId}/auditions")
  List<CastingService.AuditionView> auditions(@PathVariable String tenantId, @PathVariable UUID castingCallId,
      @AuthenticationPrincipal CurrentUser user) {
    require(tenantId, user, "casting.call.view");
    return casting.auditions(tenantId, castingCallId);
  }

  @Operation(summary = "Record an audition's outcome: ATTENDED or NO_SHOW")
  @PostMapping("/auditions/{auditionId}/outcome")
  CastingService.AuditionView outcome(@PathVariable String tenantId, @PathVariable UUID auditionId,
      @AuthenticationPrincipal CurrentUser user, @Valid @RequestBody OutcomeRequest body) {
    require(tenantId, user, "casting.audition.schedule");
    return casting.recordOutcome(tenantId, auditionId, body.outcome());
  }

  @Operation(summary = "The call's offers")
  @GetMapping("/calls/{castingCallId}/offers")
  List<CastingService.OfferView> offers(@PathVariable String tenantId, @PathVariable UUID castingCallId,
      @AuthenticationPrincipal CurrentUser user) {
    require(tenantId, user, "casting.call.view");
    return casting.offers(tenantId, castingCallId);
  }

  @Operation(summary = "Accept an offer (the talent or their agent): the casting call starts the booking")
  @PostMapping("/offers/{offerId}/accept")
  CastingService.OfferView accept(@PathVariable String tenantId, @PathVariable UUID offerId,
      @AuthenticationPrincipal CurrentUser user) {
    require(tenantId, user, "casting.offer.answer");
    return casting.answerOffer(tenantId, user.userId(), offerId, true, null);
  }

  @Operation(summary = "Decline an offer: the casting call returns to its shortlist")
  @PostMapping("/offers/{offerId}/decline")
  CastingService.OfferView decline(@PathVariable String tenantId, @PathVariable UUID offerId,
      @AuthenticationPrincipal CurrentUser user, @Valid @RequestBody DeclineRequest body) {
    require(tenantId, user, "casting.offer.answer");
    return casting.answerOffer(tenantId, user.userId(), offerId, false, body.reason());
  }

  @Operation(summary = "The tenant's casting KPIs against the T2 targets (no-shows ≤ 8%, KPI timer breaches)")
  @GetMapping("/kpis")
  CastingService.Kpis kpis(@PathVariable String tenantId, @AuthenticationPrincipal CurrentUser user) {
    require(tenantId, user, "casting.call.view");
    return casting.kpis(tenantId);
  }

  private void require(String tenantId, CurrentUser user, String capability) {
    capabilities.require(tenantId, user.userId(), user.roles(), capability);
  }
}
