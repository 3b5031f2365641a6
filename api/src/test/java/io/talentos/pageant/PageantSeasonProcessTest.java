package io.talentos.pageant;

import static io.talentos.support.Waits.AWAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.talentos.finance.Ledger;
import io.talentos.policy.AccessPolicy;
import io.talentos.support.ProcessTestSupport;
import io.talentos.support.TalentOsTest;
import io.talentos.tasklist.TaskList;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every path of processes/pageant/pageant-season.bpmn on the real engine with real PostgreSQL: a season of 12
 * contestants (and one ineligible registration, and a minor verified with the guardian's consent), two stages, three
 * judges, one conflict of interest and one tie broken by a criterion; a correction before freeze and one refused after
 * it by the policy; an outlier judge flagged for review; the auditor rejecting the results once; the embargo keeping
 * them hidden until it lifts; the prize money held in escrow and released on publication; the score chain verified;
 * and, on a small season, judge reminders by timer and a tampered score row detected.
 */
@TalentOsTest
class PageantSeasonProcessTest extends ProcessTestSupport {

  @Autowired PageantService pageants;
  @Autowired Ledger ledgerEntries;

  private static final List<String> JUDGES = List.of("judge.arun", "judge.bela", "judge.chen");

  private static StageRules prelimRules() {
    return new StageRules(List.of(new StageRules.Criterion("poise", "Poise", 50),
        new StageRules.Criterion("talk", "Talk", 50)), 1, 10, false, List.of("talk"));
  }

  private static StageRules finalRules() {
    return new StageRules(List.of(new StageRules.Criterion("presence", "Stage presence", 60),
        new StageRules.Criterion("answer", "Final answer", 40)), 1, 10, true, List.of("answer"));
  }

  private UUID openSeason(List<Long> prizePool, List<PageantService.StageRequest> stages) {
    var season = pageants.createSeason(tenant(), "director.priya", new PageantService.SeasonRequest(
        "Miss Monsoon " + UUID.randomUUID().toString().substring(0, 6), clock.now().plus(Duration.ofHours(2)),
        LocalDate.ofInstant(clock.now(), ZoneOffset.UTC), 16, 28, List.of("Kerala", "Karnataka"), 0, prizePool,
        "INR", clock.now().plus(Duration.ofHours(3)), stages));
    assertThat(season.status()).isEqualTo("DRAFT");
    pageants.open(tenant(), "director.priya", season.seasonId());
    awaitEntered(season.seasonId(), "Task_CollectRegistrations");
    return season.seasonId();
  }

  private PageantService.Contestant register(UUID seasonId, String name, int age, String region) {
    return pageants.register(tenant(), "director.priya", seasonId, new PageantService.RegistrationRequest(name,
        LocalDate.ofInstant(clock.now(), ZoneOffset.UTC).minusYears(age).minusDays(10), region, 0));
  }

  /** Completes "Review scoring anomalies" (the director's and the auditor's) if raised, then freezes the stage. */
  private List<TaskList.TaskView> freeze(UUID seasonId) {
    List<TaskList.TaskView> reviews = new ArrayList<>();
    while (true) {
      TaskList.TaskView next = await().atMost(AWAIT).until(() -> tasks.list(tenant(), "CREATED", null,
          seasonId.toString()).stream().filter(t -> List.of("Task_ReviewAnomalies", "Task_FreezeStage")
          .contains(t.elementId())).findFirst().orElse(null), t -> t != null);
      if (next.elementId().equals("Task_FreezeStage")) {
        tasks.complete(tenant(), next.taskId(), "director.priya", Map.of("freezeConfirmed", true));
        return reviews;
      }
      reviews.add(next);
      tasks.complete(tenant(), next.taskId(), next.candidateGroups().contains("auditor") ? "auditor.ila"
          : "director.priya", Map.of("anomaliesReviewed", true, "anomalyNote", "Judge briefed; scores stand"));
    }
  }

  @Test
  void aSeasonRunsFromRegistrationToPublishedResults_withAConflictATieACorrectionAndTheAuditorsRejection() {
    UUID seasonId = openSeason(List.of(5_000_000L, 2_000_000L, 1_000_000L), List.of(
        new PageantService.StageRequest("prelim", "Preliminary round", 40, prelimRules()),
        new PageantService.StageRequest("final", "Final round", 60, finalRules())));
    assertThat(ledgerEntries.entries(tenant(), seasonId.toString())).extracting(Ledger.PostedEntry::kind)
        .containsExactly("PRIZE_ESCROW_HELD");
    assertThat(balance("prize-escrow:" + seasonId)).isEqualTo(8_000_000L);

    // registration: the eligibility DMN refuses one; a minor needs the guardian's consent
    var tooOld = register(seasonId, "Asha Varma", 31, "Kerala");
    assertThat(tooOld.status()).isEqualTo("INELIGIBLE");
    assertThat(tooOld.eligibilityReason()).isEqualTo("AGE_ABOVE_MAXIMUM");
    List<PageantService.Contestant> contestants = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      contestants.add(register(seasonId, "Contestant Name " + (char) ('A' + i), i == 11 ? 17 : 19 + i % 9,
          i % 2 == 0 ? "Kerala" : "Karnataka"));
    }
    assertThatThrownBy(() -> pageants.verify(tenant(), "director.priya", contestants.get(11).registrationId(), false))
        .isInstanceOf(PageantService.InvalidPageantException.class).hasMessageContaining("guardian");
    assertThatThrownBy(() -> pageants.verify(tenant(), "director.priya", tooOld.registrationId(), true))
        .isInstanceOf(PageantService.PageantStateException.class);
    List<String> codes = new ArrayList<>();
    for (var c : contestants) {
      codes.add(pageants.verify(tenant(), "director.priya", c.registrationId(), c.minor()).contestantCode());
    }
    assertThat(codes).doesNotHaveDuplicates().allMatch(code -> code.matches("C-[A-Z2-9]{4}"));
    for (String stage : List.of("prelim", "final")) {
      JUDGES.forEach(judge -> pageants.assignJudge(tenant(), "director.priya", seasonId, stage, judge));
    }
    pageants.closeRegistration(tenant(), seasonId);
    awaitEntered(seasonId, "Task_AwaitScorecards");
    assertThat(pageants.season(tenant(), seasonId).status()).isEqualTo("SCORING");

    // blind scoring: codes only; judge.chen declares a conflict with contestant 4 and is excluded for them
    assertThat(pageants.blindContestants(tenant(), "judge.arun", seasonId, "prelim"))
        .extracting(PageantService.BlindContestant::contestantCode).containsExactlyInAnyOrderElementsOf(codes);
    pageants.declareConflict(tenant(), "judge.chen", seasonId, codes.get(4), "Cousin of the contestant");
    assertThatThrownBy(() -> pageants.score(tenant(), "judge.chen", seasonId, "prelim", codes.get(4),
        Map.of("poise", 5, "talk", 5), null)).isInstanceOf(PageantService.JudgeNotAllowedException.class);
    assertThatThrownBy(() -> pageants.score(tenant(), "judge.nobody", seasonId, "prelim", codes.get(0),
        Map.of("poise", 5, "talk", 5), null)).isInstanceOf(PageantService.JudgeNotAllowedException.class);
    assertThatThrownBy(() -> pageants.score(tenant(), "judge.arun", seasonId, "prelim", codes.get(0),
        Map.of("poise", 11, "talk", 5), null)).isInstanceOf(StageRules.InvalidScoreException.class);

    // prelim: contestants 2 and 3 tie on the weighted total (7.0); talk, the tie-break criterion, puts 3 first
    UUID firstCard = null;
    for (String judge : JUDGES) {
      for (int i = 0; i < 12; i++) {
        if (judge.equals("judge.chen") && i == 4) {
          continue;
        }
        Map<String, Integer> card = i == 2 ? Map.of("poise", 8, "talk", 6) : i == 3 ? Map.of("poise", 6, "talk", 8)
            : Map.of("poise", 2 + (i * 7) % 9, "talk", 1 + (i * 5) % 10);
        var scored = pageants.score(tenant(), judge, seasonId, "prelim", codes.get(i), card, null);
        if (judge.equals("judge.arun") && i == 0) {
          firstCard = scored.scoreId();
        }
      }
    }
    UUID corrected = firstCard;
    assertThatThrownBy(() -> pageants.score(tenant(), "judge.arun", seasonId, "prelim", codes.get(0),
        Map.of("poise", 9, "talk", 9), null)).as("a second scorecard must be a correction")
        .isInstanceOf(PageantService.PageantStateException.class);
    var correction = pageants.score(tenant(), "judge.arun", seasonId, "prelim", codes.get(0),
        Map.of("poise", 9, "talk", 9), corrected);
    assertThat(correction.correctsScoreId()).isEqualTo(corrected);
    freeze(seasonId);
    await().atMost(AWAIT).until(() -> pageants.stage(tenant(), seasonId, "prelim").status().equals("FROZEN"));
    assertThatThrownBy(() -> pageants.score(tenant(), "judge.arun", seasonId, "prelim", codes.get(0),
        Map.of("poise", 1, "talk", 1), correction.scoreId())).as("corrections stop at freeze (policy DMN)")
        .isInstanceOf(AccessPolicy.DeniedException.class).hasMessageContaining("locked");

    // a conflict declared after the freeze leaves the frozen stage as it was and counts from the next stage on
    pageants.declareConflict(tenant(), "judge.bela", seasonId, codes.get(0), "Met her at a workshop in the break");

    // final: judge.chen scores everyone five points below the panel, which flags him for review
    awaitEntered(seasonId, "Task_OpenStageScoring");
    await().atMost(AWAIT).until(() -> pageants.stage(tenant(), seasonId, "final").status().equals("SCORING"));
    for (String judge : JUDGES) {
      for (int i = 0; i < 12; i++) {
        if (judge.equals("judge.chen") && i == 4 || judge.equals("judge.bela") && i == 0) {
          continue;
        }
        int base = 6 + (i * 3) % 5;
        int offset = judge.equals("judge.chen") ? -5 : judge.equals("judge.bela") && base < 10 && i % 2 == 0 ? 1 : 0;
        pageants.score(tenant(), judge, seasonId, "final", codes.get(i), Map.of("presence", base + offset,
            "answer", base + offset), null);
      }
    }
    List<TaskList.TaskView> reviews = freeze(seasonId);
    assertThat(reviews).as("one review for the director, one for the auditor").hasSize(2)
        .flatExtracting(TaskList.TaskView::candidateGroups).containsExactlyInAnyOrder("pageant-director", "auditor");
    assertThat(reviews).allSatisfy(t -> assertThat(t.variables().get("anomalyFlags").toString())
        .contains("OUTLIER_JUDGE").contains("judge.chen"));

    // results: the director approves, the auditor rejects once, then both approve; the director cannot audit
    TaskList.TaskView directorTask = awaitTask(seasonId, "Task_DirectorApproval");
    tasks.complete(tenant(), directorTask.taskId(), "director.priya", Map.of("resultsChecked", true));
    TaskList.TaskView audit = awaitTask(seasonId, "Task_AuditorApproval");
    assertThatThrownBy(() -> tasks.complete(tenant(), audit.taskId(), "director.priya",
        Map.of("resultsApproved", true))).isInstanceOf(TaskList.SelfApprovalException.class);
    tasks.complete(tenant(), audit.taskId(), "auditor.ila", Map.of("resultsApproved", false,
        "rejectionReason", "Explain the outlier flag in the report first"));
    complete(seasonId, "Task_DirectorApproval", "director.priya", Map.of("resultsChecked", true));
    complete(seasonId, "Task_AuditorApproval", "auditor.ila", Map.of("resultsApproved", true));

    // the embargo: approved but hidden from everyone until it lifts
    awaitEntered(seasonId, "Event_EmbargoLifts");
    assertThat(pageants.season(tenant(), seasonId).status()).isEqualTo("RESULTS");
    assertThatThrownBy(() -> pageants.publishedResults(tenant(), seasonId))
        .isInstanceOf(PageantService.UnknownPageantException.class);
    advance(Duration.ofHours(3));
    await().atMost(AWAIT).until(() -> pageants.season(tenant(), seasonId).status().equals("PUBLISHED"));
    PageantService.PublishedResults published = pageants.publishedResults(tenant(), seasonId);
    assertThat(published.ranking()).hasSize(12);
    assertThat(published.ranking()).extracting(PageantService.PublishedPlacement::fullName)
        .allMatch(n -> n.startsWith("Contestant Name"));

    // the stage results record the rules and the tie-break; recomputing from the records gives the same ranking
    Map<String, Object> prelim = (Map<String, Object>) pageants.resultsForReview(tenant(), seasonId).stageResults()
        .get("prelim");
    assertThat(prelim.get("tieBreaks").toString()).contains("criterion:talk").contains(codes.get(3));
    List<?> prelimRanking = (List<?>) prelim.get("ranking");
    int rankOf2 = rankOf(prelimRanking, codes.get(2));
    int rankOf3 = rankOf(prelimRanking, codes.get(3));
    assertThat(rankOf3).isLessThan(rankOf2);
    Map<String, Object> finalStage = (Map<String, Object>) pageants.resultsForReview(tenant(), seasonId)
        .stageResults().get("final");
    assertThat(finalStage.get("dropHighLow")).isEqualTo(true);
    assertThat(((List<Map<String, Object>>) finalStage.get("ranking")).stream()
        .filter(p -> p.get("contestantCode").equals(codes.get(4))).findFirst().orElseThrow().get("judgesCounted"))
        .as("the conflicted judge's contestant is scored by two judges, so nothing is dropped").isEqualTo(2);
    assertThat(pageants.countedRecords(tenant(), seasonId, "prelim"))
        .as("bela's prelim scorecard for contestant 0 still counts: her conflict came after the freeze")
        .anyMatch(r -> r.judgeId().equals("judge.bela") && r.contestantCode().equals(codes.get(0)));
    assertThat(pageants.countedRecords(tenant(), seasonId, "final"))
        .noneMatch(r -> r.judgeId().equals("judge.bela") && r.contestantCode().equals(codes.get(0)));
    assertThat(((List<Map<String, Object>>) finalStage.get("ranking")).stream()
        .filter(p -> p.get("contestantCode").equals(codes.get(0))).findFirst().orElseThrow().get("judgesCounted"))
        .isEqualTo(2);
    assertThat(PageantResults.recompute(pageants, jdbc, tenant(), seasonId).fingerprint())
        .isEqualTo(published.fingerprint());

    // the prize money: held in escrow, released to the first three on publication
    assertThat(ledgerEntries.entries(tenant(), seasonId.toString())).extracting(Ledger.PostedEntry::kind)
        .containsExactly("PRIZE_ESCROW_HELD", "PRIZE_RELEASED");
    assertThat(balance("prize-escrow:" + seasonId)).isZero();
    assertThat(balance("prize-payable:" + seasonId + ":" + published.ranking().getFirst().contestantCode()))
        .isEqualTo(5_000_000L);

    ScoreChain.Verification chain = pageants.verifyChain(tenant(), seasonId);
    assertThat(chain.intact()).isTrue();
    assertThat(chain.rowsChecked()).isEqualTo(35 + 1 + 34);

    advance(Duration.ofMinutes(61)); // the (test) archive delay after the embargo
    await().atMost(AWAIT).until(() -> pageants.season(tenant(), seasonId).status().equals("ARCHIVED"));
    assertThatProcess(seasonId, "pageant-season").hasPassedElementsInOrder("StartEvent_SeasonOpened",
        "Task_HoldPrizeMoney", "Task_CollectRegistrations", "Task_CloseRegistration", "Task_ComputeSeasonResults",
        "Task_DirectorApproval", "Task_AuditorApproval", "Task_RecordRejection", "Task_DirectorApproval",
        "Task_AuditorApproval", "Event_EmbargoLifts", "Task_PublishResults", "Event_ArchiveDue", "Task_ArchiveSeason",
        "EndEvent_SeasonArchived")
        .hasPassedElement("Task_FreezeStage", 2)
        .hasPassedElement("Task_ComputeStageResults", 2)
        .hasNotPassedElement("BoundaryEvent_RegistrationDeadline").hasNotPassedElement("Task_RemindJudges")
        .isCompleted();
  }

  @Test
  void missingScorecardsRemindJudges_andATamperedScoreRowFailsVerification() {
    UUID seasonId = openSeason(List.of(), List.of(new PageantService.StageRequest("only", "Only round", 100,
        prelimRules())));
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      codes.add(pageants.verify(tenant(), "director.priya", register(seasonId, "Small " + i, 20, "Kerala")
          .registrationId(), false).contestantCode());
    }
    pageants.assignJudge(tenant(), "director.priya", seasonId, "only", "judge.arun");
    pageants.closeRegistration(tenant(), seasonId);
    awaitEntered(seasonId, "Task_AwaitScorecards");
    await().atMost(AWAIT).until(() -> pageants.stage(tenant(), seasonId, "only").status().equals("SCORING"));
    pageants.score(tenant(), "judge.arun", seasonId, "only", codes.get(0), Map.of("poise", 7, "talk", 6), null);
    pageants.score(tenant(), "judge.arun", seasonId, "only", codes.get(1), Map.of("poise", 5, "talk", 8), null);
    assertThat(pageants.missingByJudge(tenant(), seasonId, "only")).containsEntry("judge.arun", 1);
    advance(Duration.ofMinutes(61)); // the (test) reminder cycle of 1 h
    await().atMost(AWAIT).until(() -> pageants.stage(tenant(), seasonId, "only").remindersSent() > 0);
    assertThat(pageants.assignments(tenant(), "judge.arun")).filteredOn(a -> a.seasonId().equals(seasonId))
        .singleElement().extracting(PageantService.Assignment::missingScorecards).isEqualTo(1);
    // the judge does not come back: the director closes scoring with the scorecard missing, on record
    assertThat(pageants.closeScoring(tenant(), "director.priya", seasonId, "only")).containsEntry("judge.arun", 1);
    freeze(seasonId);
    await().atMost(AWAIT).until(() -> pageants.stage(tenant(), seasonId, "only").status().equals("FROZEN"));
    awaitTask(seasonId, "Task_DirectorApproval"); // the season's results are computed before the row is changed
    assertThat(pageants.verifyChain(tenant(), seasonId).intact()).isTrue();

    // the table refuses changes; an owner who switches the guard off can change rows, and verification finds it:
    // the last row removed (the chain ends where it ended at freeze), then the first row altered
    assertThatThrownBy(() -> jdbc.update("update pageant_score set criterion_scores = '{\"poise\": 10, \"talk\": 10}'"
        + " where tenant_id = ? and season_id = ? and seq = 1", tenant(), seasonId))
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.update("delete from pageant_score where tenant_id = ? and season_id = ? and seq = 2",
        tenant(), seasonId)).hasMessageContaining("append-only");
    jdbc.execute("alter table pageant_score disable trigger pageant_score_append_only");
    try {
      jdbc.update("delete from pageant_score where tenant_id = ? and season_id = ? and seq = 2", tenant(), seasonId);
      ScoreChain.Verification truncated = pageants.verifyChain(tenant(), seasonId);
      assertThat(truncated.intact()).isFalse();
      assertThat(truncated.firstBrokenSeq()).isEqualTo(2L);
      assertThat(truncated.problem()).contains("no longer holds");
      jdbc.update("update pageant_score set criterion_scores = '{\"poise\": 10, \"talk\": 10}' where tenant_id = ? "
          + "and season_id = ? and seq = 1", tenant(), seasonId);
    } finally {
      jdbc.execute("alter table pageant_score enable trigger pageant_score_append_only");
    }
    ScoreChain.Verification tampered = pageants.verifyChain(tenant(), seasonId);
    assertThat(tampered.intact()).isFalse();
    assertThat(tampered.firstBrokenSeq()).isEqualTo(1L);
    assertThat(tampered.problem()).contains("hash");
    // flooding: every attempt counts, refused ones too, and beyond the limit the judge is turned away
    int attempts = 0;
    RuntimeException refusal = null;
    while (refusal == null || !(refusal instanceof PageantService.ScoringRateLimitedException)) {
      attempts++;
      try {
        pageants.score(tenant(), "judge.arun", seasonId, "only", "C-NONE", Map.of("poise", 1, "talk", 1), null);
      } catch (RuntimeException e) {
        refusal = e;
      }
      assertThat(attempts).as("the limit holds").isLessThanOrEqualTo(31);
    }
    assertThat(refusal).hasMessageContaining("At most 30 scorecards a minute"); // 2 went to the scorecards
    assertThatProcess(seasonId, "pageant-season").hasPassedElement("Task_RemindJudges")
        .hasPassedElement("Task_ComputeStageResults").isActive();
  }

  private static int rankOf(List<?> ranking, String code) {
    return ranking.stream().map(p -> (Map<String, Object>) p).filter(p -> p.get("contestantCode").equals(code))
        .map(p -> ((Number) p.get("rank")).intValue()).findFirst().orElseThrow();
  }
}
