package io.talentos.pageant;

import io.swagger.v3.oas.annotations.Operation;
import io.talentos.identity.CurrentUser;
import io.talentos.policy.Capabilities;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The judging console (issue 6; seed 003 §8 and §11: judges see their assigned stages only and score blind): the
 * judge's assignments, contestants by code only, conflicts of interest, scorecards and corrections. Every answer here
 * is built from codes; no contestant's name or registration ever reaches a judge.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/judging")
class JudgingController {

  /** A scorecard: the contestant's code, a score per criterion, and for a correction the scorecard it replaces. */
  record ScoreRequest(@NotBlank @Size(max = 16) String contestantCode,
      @NotEmpty @Size(max = 12) Map<@NotBlank String, Integer> criterionScores, UUID correctsScoreId) {}

  /** A conflict of interest with a contestant. */
  record ConflictRequest(@NotBlank @Size(max = 16) String contestantCode, @NotBlank @Size(max = 1000) String reason) {}

  private final PageantService pageants;
  private final Capabilities capabilities;

  JudgingController(PageantService pageants, Capabilities capabilities) {
    this.pageants = pageants;
    this.capabilities = capabilities;
  }

  @Operation(summary = "The judge's assigned stages")
  @GetMapping("/assignments")
  List<PageantService.Assignment> assignments(@PathVariable String tenantId,
      @AuthenticationPrincipal CurrentUser user) {
    require(tenantId, user);
    return pageants.assignments(tenantId, user.userId());
  }

  @Operation(summary = "An assigned stage's contestants: codes only (blind scoring)")
  @GetMapping("/seasons/{seasonId}/stages/{stageKey}/contestants")
  List<PageantService.BlindContestant> contestants(@PathVariable String tenantId, @PathVariable UUID seasonId,
      @PathVariable String stageKey, @AuthenticationPrincipal CurrentUser user) {
    require(tenantId, user);
    return pageants.blindContestants(tenantId, user.userId(), seasonId, stageKey);
  }

  @Operation(summary = "Submit a scorecard, or a correction citing the judge's earlier one (not after freeze)")
  @PostMapping("/seasons/{seasonId}/stages/{stageKey}/scorecards")
  ResponseEntity<PageantService.Scorecard> score(@PathVariable String tenantId, @PathVariable UUID seasonId,
      @PathVariable String stageKey, @AuthenticationPrincipal CurrentUser user,
      @Valid @RequestBody ScoreRequest body) {
    require(tenantId, user);
    PageantService.Scorecard card = pageants.score(tenantId, user.userId(), seasonId, stageKey, body.contestantCode(),
        body.criterionScores(), body.correctsScoreId());
    return ResponseEntity.created(URI.create("/api/v1/tenants/" + tenantId + "/judging/seasons/" + seasonId
        + "/stages/" + stageKey + "/scorecards/" + card.scoreId())).body(card);
  }

  @Operation(summary = "The judge's own scorecards of a stage")
  @GetMapping("/seasons/{seasonId}/stages/{stageKey}/scorecards")
  List<PageantService.Scorecard> scorecards(@PathVariable String tenantId, @PathVariable UUID seasonId,
      @PathVariable String stageKey, @AuthenticationPrincipal CurrentUser user) {
    require(tenantId, user);
    return pageants.scorecards(tenantId, user.userId(), seasonId, stageKey);
  }

  @Operation(summary = "Declare a conflict of interest: the judge is excluded for that contestant")
  @PostMapping("/seasons/{seasonId}/conflicts")
  ResponseEntity<Void> conflict(@PathVariable String tenantId, @PathVariable UUID seasonId,
      @AuthenticationPrincipal CurrentUser user, @Valid @RequestBody ConflictRequest body) {
    require(tenantId, user);
    pageants.declareConflict(tenantId, user.userId(), seasonId, body.contestantCode(), body.reason());
    return ResponseEntity.noContent().build();
  }

  private void require(String tenantId, CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "pageant.score.submit");
  }
}
