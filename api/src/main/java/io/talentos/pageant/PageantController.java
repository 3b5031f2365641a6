package io.talentos.pageant;

import io.swagger.v3.oas.annotations.Operation;
import io.talentos.identity.CurrentUser;
import io.talentos.policy.Capabilities;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
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
 * The pageant organiser's console over HTTP (issue 6; seed 000 §14: season builder, judges management, scoring
 * console, freeze and publish): seasons with staged, weighted criteria, registrations checked by the eligibility DMN,
 * verification, judge assignment, judge completion, the frozen results for approval and the score chain's
 * verification. Judges use {@code JudgingController}; the public reads published results without a login.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/pageant")
class PageantController {

  /** A criterion: key, label and weight (percent; a stage's weights sum to 100). */
  record CriterionRequest(@NotBlank @Pattern(regexp = "[a-z][a-z0-9_]{0,39}") String key,
      @NotBlank @Size(max = 80) String label, @NotNull @Min(1) @Max(100) Integer weightPercent) {}

  /** A stage with its scoring rules: the scale, drop high/low, and the tie-break criteria in order. */
  record StageRequest(@NotBlank @Pattern(regexp = "[a-z][a-z0-9-]{0,39}") String stageKey,
      @NotBlank @Size(max = 120) String name, @NotNull @Min(1) @Max(100) Integer weightPercent,
      @NotNull @Size(min = 1, max = 12) List<@Valid @NotNull CriterionRequest> criteria,
      @NotNull @Min(0) @Max(100) Integer scaleMin, @NotNull @Min(0) @Max(100) Integer scaleMax, boolean dropHighLow,
      @Size(max = 12) List<@NotBlank String> tieBreakCriteria) {}

  /** A new season; the prize pool in minor units of the currency, for rank 1, 2, …. */
  record SeasonRequest(@NotBlank @Size(max = 200) String name, @NotNull Instant registrationClosesAt,
      @NotNull LocalDate referenceDate, @NotNull @Min(0) @Max(120) Integer minAge,
      @NotNull @Min(0) @Max(120) Integer maxAge, @Size(max = 100) List<@NotBlank String> regions,
      @Min(0) @Max(100) int maxPriorTitles, @Size(max = 50) List<@NotNull @PositiveOrZero Long> prizePool,
      @NotBlank @Pattern(regexp = "[A-Z]{3}") String currency, @NotNull Instant embargoUntil,
      @NotNull @Size(min = 1, max = 10) List<@Valid @NotNull StageRequest> stages) {}

  /** A registration. */
  record RegistrationRequest(@NotBlank @Size(max = 200) String fullName, @NotNull LocalDate birthDate,
      @NotBlank @Size(max = 80) String region, @Min(0) @Max(100) int priorTitles) {}

  /** Verification: a minor needs the guardian's consent. */
  record VerifyRequest(boolean guardianConsent) {}

  /** A judge to assign. */
  record JudgeRequest(@NotBlank @Size(max = 64) String judgeId) {}

  /** The process instance of an opened season. */
  record OpenedResponse(UUID seasonId, long processInstanceKey) {}

  private final PageantService pageants;
  private final Capabilities capabilities;

  PageantController(PageantService pageants, Capabilities capabilities) {
    this.pageants = pageants;
    this.capabilities = capabilities;
  }

  @Operation(summary = "Create a season (DRAFT) with its stages and scoring rules")
  @PostMapping("/seasons")
  ResponseEntity<PageantService.SeasonView> create(@PathVariable String tenantId,
      @AuthenticationPrincipal CurrentUser user, @Valid @RequestBody SeasonRequest body) {
    require(tenantId, user, "pageant.stage.configure");
    PageantService.SeasonView season = pageants.createSeason(tenantId, user.userId(), new PageantService.SeasonRequest(
        body.name(), body.registrationClosesAt(), body.referenceDate(), body.minAge(), body.maxAge(), body.regions(),
        body.maxPriorTitles(), body.prizePool(), body.currency(), body.embargoUntil(), body.stages().stream()
            .map(s -> new PageantService.StageRequest(s.stageKey(), s.name(), s.weightPercent(), new StageRules(
                s.criteria().stream().map(c -> new StageRules.Criterion(c.key(), c.label(), c.weightPercent()))
                    .toList(), s.scaleMin(), s.scaleMax(), s.dropHighLow(),
                s.tieBreakCriteria() == null ? List.of() : s.tieBreakCriteria()))).toList()));
    return ResponseEntity.created(URI.create("/api/v1/tenants/" + tenantId + "/pageant/seasons/"
        + season.seasonId())).body(season);
  }

  @Operation(summary = "Open a season for registration and start its pageant-season process")
  @PostMapping("/seasons/{seasonId}/open")
  OpenedResponse open(@PathVariable String tenantId, @PathVariable UUID seasonId,
      @AuthenticationPrincipal CurrentUser user) {
    require(tenantId, user, "pageant.stage.configure");
    return new OpenedResponse(seasonId, pageants.open(tenantId, user.userId(), seasonId));
  }

  @Operation(summary = "Close registration before its deadline")
  @PostMapping("/seasons/{seasonId}/close-registration")
  ResponseEntity<Void> closeRegistration(@PathVariable String tenantId, @PathVariable UUID seasonId,
      @AuthenticationPrincipal CurrentUser user) {
    require(tenantId, user, "pageant.stage.configure");
    pageants.closeRegistration(tenantId, seasonId);
    return ResponseEntity.accepted().build();
  }

  @Operation(summary = "The tenant's seasons")
  @GetMapping("/seasons")
  List<PageantService.SeasonView> seasons(@PathVariable String tenantId, @AuthenticationPrincipal CurrentUser user) {
    require(tenantId, user, "pageant.season.view");
    return pageants.seasons(tenantId);
  }

  @Operation(summary = "A season: stages, judges, judge completion, registrations and the 72 h verification KPI")
  @GetMapping("/seasons/{seasonId}")
  PageantService.SeasonView season(@PathVariable String tenantId, @PathVariable UUID seasonId,
      @AuthenticationPrincipal CurrentUser user) {
    require(tenantId, user, "pageant.season.view");
    return pageants.season(tenantId, seasonId);
  }

  @Operation(summary = "Register a contestant (the eligibility DMN decides; an ineligible registration keeps its reason)")
  @PostMapping("/seasons/{seasonId}/registrations")
  ResponseEntity<PageantService.Contestant> register(@PathVariable String tenantId, @PathVariable UUID seasonId,
      @AuthenticationPrincipal CurrentUser user, @Valid @RequestBody RegistrationRequest body) {
    require(tenantId, user, "pageant.contestant.register");
    PageantService.Contestant c = pageants.register(tenantId, user.userId(), seasonId,
        new PageantService.RegistrationRequest(body.fullName(), body.birthDate(), body.region(), body.priorTitles()));
    return ResponseEntity.created(URI.create("/api/v1/tenants/" + tenantId + "/pageant/registrations/"
        + c.registrationId())).body(c);
  }

  @Operation(summary = "The season's registrations, with names (never shown to judges)")
  @GetMapping("/seasons/{seasonId}/registrations")
  List<PageantService.Contestant> registrations(@PathVariable String tenantId, @PathVariable UUID seasonId,
      @AuthenticationPrincipal CurrentUser user) {
    require(tenantId, user, "pageant.contestant.verify");
    return pageants.contestants(tenantId, seasonId);
  }

  @Operation(summary = "Verify a registration; the contestant gets a random code (a minor needs guardian consent)")
  @PostMapping("/registrations/{registrationId}/verify")
  PageantService.Contestant verify(@PathVariable String tenantId, @PathVariable UUID registrationId,
      @AuthenticationPrincipal CurrentUser user, @Valid @RequestBody VerifyRequest body) {
    require(tenantId, user, "pageant.contestant.verify");
    return pageants.verify(tenantId, user.userId(), registrationId, body.guardianConsent());
  }

  @Operation(summary = "Assign a judge to a stage")
  @PostMapping("/seasons/{seasonId}/stages/{stageKey}/judges")
  ResponseEntity<Void> assign(@PathVariable String tenantId, @PathVariable UUID seasonId,
      @PathVariable String stageKey, @AuthenticationPrincipal CurrentUser user, @Valid @RequestBody JudgeRequest body) {
    require(tenantId, user, "pageant.judge.assign");
    pageants.assignJudge(tenantId, user.userId(), seasonId, stageKey, body.judgeId());
    return ResponseEntity.noContent().build();
  }

  @Operation(summary = "Close a stage's scoring with scorecards missing (who closed it is recorded); returns what is "
      + "missing per judge")
  @PostMapping("/seasons/{seasonId}/stages/{stageKey}/close-scoring")
  java.util.Map<String, Integer> closeScoring(@PathVariable String tenantId, @PathVariable UUID seasonId,
      @PathVariable String stageKey, @AuthenticationPrincipal CurrentUser user) {
    require(tenantId, user, "pageant.results.freeze");
    return pageants.closeScoring(tenantId, user.userId(), seasonId, stageKey);
  }

  @Operation(summary = "The frozen results, for the director's and the auditor's approval (not public)")
  @GetMapping("/seasons/{seasonId}/results")
  PageantService.ResultsForReview results(@PathVariable String tenantId, @PathVariable UUID seasonId,
      @AuthenticationPrincipal CurrentUser user) {
    require(tenantId, user, "pageant.results.review");
    return pageants.resultsForReview(tenantId, seasonId);
  }

  @Operation(summary = "Verify the season's score chain: every hash recomputed, every judge's signature checked")
  @GetMapping("/seasons/{seasonId}/score-chain/verification")
  ScoreChain.Verification verifyChain(@PathVariable String tenantId, @PathVariable UUID seasonId,
      @AuthenticationPrincipal CurrentUser user) {
    require(tenantId, user, "pageant.results.review");
    return pageants.verifyChain(tenantId, seasonId);
  }

  private void require(String tenantId, CurrentUser user, String capability) {
    capabilities.require(tenantId, user.userId(), user.roles(), capability);
  }
}
