package io.talentos.pageant;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.talentos.engine.Decisions;
import io.talentos.engine.EngineClock;
import io.talentos.engine.MessageCorrelation;
import io.talentos.engine.ProcessStarter;
import io.talentos.policy.AccessPolicy;
import io.talentos.tenancy.Tenants;
import java.security.SecureRandom;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pageant seasons (issue 6; seed 000 §3 B3, §8.3, §9.3 Pageant Integrity Pack; seed 002 §3.4 and §7; seed 003 §8,
 * §11): the season and its stages with weighted criteria, registration checked by the DMN {@code pageant-eligibility},
 * verification (a guardian's consent for a minor) that gives each contestant a random code, judges assigned to stages
 * by the tenant, blind scoring by code only, conflicts of interest, and append-only scorecards that are hash-chained
 * per season and signed with the judge's key. The process {@code pageant-season} moves the season through its states.
 * Prize money is minor units of the season's ISO 4217 currency.
 */
@Service
public class PageantService {

  /** The BPMN process id of a season. */
  public static final String PROCESS_ID = "pageant-season";
  /** Published when the director closes registration before its deadline. */
  public static final String REGISTRATION_CLOSED = "PageantRegistrationClosed";
  /** Published when every expected scorecard of a stage is in. */
  public static final String SCORECARDS_COMPLETE = "StageScorecardsComplete";

  private static final Logger LOG = LoggerFactory.getLogger(PageantService.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  /** A stage: key, name, weight in the season's result (percent) and its scoring rules. */
  public record StageRequest(String stageKey, String name, int weightPercent, StageRules rules) {}

  /**
   * A new season. Ages are whole years on {@code referenceDate}; {@code regions} empty means any region; the prize
   * pool lists the prize for rank 1, 2, … in minor units of {@code currency}; results stay hidden until
   * {@code embargoUntil}.
   */
  public record SeasonRequest(String name, Instant registrationClosesAt, LocalDate referenceDate, int minAge,
      int maxAge, List<String> regions, int maxPriorTitles, List<Long> prizePool, String currency,
      Instant embargoUntil, List<StageRequest> stages) {}

  /** A stage as the director sees it: scorecards expected and received (judge completion, T3 ≥ 95%). */
  public record StageView(String stageKey, String name, int position, int weightPercent, StageRules rules,
      String status, List<String> judges, int scorecardsExpected, int scorecardsReceived, int remindersSent) {}

  /** A season as the director sees it. */
  public record SeasonView(UUID seasonId, String name, String status, Instant registrationClosesAt,
      Instant embargoUntil, List<Long> prizePool, String currency, int registrations, int verified,
      int ineligible, int verifiedWithinTarget, List<StageView> stages, Instant publishedAt) {}

  /** A registration. {@code contestantCode} is set at verification; judges only ever see the code. */
  public record RegistrationRequest(String fullName, LocalDate birthDate, String region, int priorTitles) {}

  /** A registration as the director sees it (names included; never shown to judges). */
  public record Contestant(UUID registrationId, String fullName, String region, boolean minor, String status,
      String eligibilityReason, String contestantCode, Instant registeredAt, Instant verifiedAt) {}

  /** A judge's assignment: what the judge may score (003 §11: assigned stages only). */
  public record Assignment(UUID seasonId, String seasonName, String stageKey, String stageName, StageRules rules,
      String status, int missingScorecards) {}

  /** A contestant as a judge sees them: the code only, whether the judge scored them, and a declared conflict. */
  public record BlindContestant(String contestantCode, boolean scored, boolean conflictOfInterest) {}

  /** A scorecard as recorded: its place in the season's chain, its hash and the judge's signature. */
  public record Scorecard(long seq, UUID scoreId, String stageKey, String judgeId, String contestantCode,
      Map<String, Integer> criterionScores, UUID correctsScoreId, Instant submittedAt, String hash,
      String signature) {}

  /** No season, stage or registration with this id in the tenant (HTTP 404). */
  public static class UnknownPageantException extends RuntimeException {
    UnknownPageantException(String message) {
      super(message);
    }
  }

  /** The request does not fit the season's or stage's state (HTTP 409). */
  public static class PageantStateException extends RuntimeException {
    PageantStateException(String message) {
      super(message);
    }
  }

  /** The request is invalid (HTTP 422); the message names every problem. */
  public static class InvalidPageantException extends RuntimeException {
    InvalidPageantException(String message) {
      super(message);
    }
  }

  /** The judge may not do this: not assigned, or a conflict of interest (HTTP 403). */
  public static class JudgeNotAllowedException extends RuntimeException {
    JudgeNotAllowedException(String message) {
      super(message);
    }
  }

  /** The judge submits scorecards faster than the limit (HTTP 429; seed 002 §3.4 flooding). */
  public static class ScoringRateLimitedException extends RuntimeException {
    ScoringRateLimitedException(String message) {
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
  private final Decisions decisions;
  private final AccessPolicy policy;
  private final JudgeKeys keys;
  private final int scoresPerMinute;
  private final Duration verificationTarget;
  private final Duration archiveAfter;
  private final Duration judgeReminderEvery;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  PageantService(JdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper json, EngineClock clock, Tenants tenants,
      ProcessStarter processes, MessageCorrelation messages, Decisions decisions,
      AccessPolicy policy, JudgeKeys keys,
      @Value("${talentos.pageant.scores-per-minute:30}") int scoresPerMinute,
      @Value("${talentos.pageant.verification-target:PT72H}") Duration verificationTarget,
      @Value("${talentos.pageant.archive-after:P30D}") Duration archiveAfter,
      @Value("${talentos.pageant.judge-reminder-every:PT12H}") Duration judgeReminderEvery) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.json = json;
    this.clock = clock;
    this.tenants = tenants;
    this.processes = processes;
    this.messages = messages;
    this.decisions = decisions;
    this.policy = policy;
    this.keys = keys;
    this.scoresPerMinute = scoresPerMinute;
    this.verificationTarget = verificationTarget;
    this.archiveAfter = archiveAfter;
    this.judgeReminderEvery = judgeReminderEvery;
  }

  /**
   * Creates a season (DRAFT) with its stages. @throws InvalidPageantException naming every problem (dates, ages,
   * stage weights that do not sum to 100, duplicate keys); @throws StageRules.InvalidRulesException for a stage's
   * rules
   */
  public SeasonView createSeason(String tenantId, String actor, SeasonRequest season) {
    tenants.requireActive(tenantId);
    List<String> problems = new ArrayList<>();
    Instant now = clock.now();
    if (!season.registrationClosesAt().isAfter(now)) {
      problems.add("registrationClosesAt must be in the future");
    }
    if (!season.embargoUntil().isAfter(season.registrationClosesAt())) {
      problems.add("embargoUntil must be after registrationClosesAt");
    }
    if (season.minAge() < 0 || season.maxAge() < season.minAge()) {
      problems.add("ages must satisfy 0 <= minAge <= maxAge");
    }
    if (season.stages() == null || season.stages().isEmpty()) {
      problems.add("a season needs at least one stage");
    } else {
      if (season.stages().stream().mapToInt(StageRequest::weightPercent).sum() != 100) {
        problems.add("stage weights must sum to 100");
      }
      Set<String> seen = new HashSet<>();
      season.stages().forEach(s -> {
        if (s.stageKey() == null || !s.stageKey().matches("[a-z][a-z0-9-]{0,39}") || !seen.add(s.stageKey())) {
          problems.add("stage keys must be unique, lower case: " + s.stageKey());
        }
        if (s.weightPercent() < 1 || s.weightPercent() > 100) {
          problems.add("stage " + s.stageKey() + ": weightPercent must be 1..100");
        }
      });
    }
    if (season.prizePool() != null && season.prizePool().stream().anyMatch(p -> p == null || p < 0)) {
      problems.add("prizePool amounts must be zero or positive minor units");
    }
    if (!problems.isEmpty()) {
      throw new InvalidPageantException(String.join("; ", problems));
    }
    UUID id = UUID.randomUUID();
    tx.executeWithoutResult(status -> {
      jdbc.update("""
          insert into pageant_season (tenant_id, season_id, name, registration_closes_at, reference_date, min_age,
            max_age, regions, max_prior_titles, prize_pool, currency, embargo_until, created_by)
          values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?)""", tenantId, id, season.name(),
          Timestamp.from(season.registrationClosesAt()), Date.valueOf(season.referenceDate()), season.minAge(),
          season.maxAge(), toJson(season.regions() == null ? List.of() : season.regions()), season.maxPriorTitles(),
          toJson(season.prizePool() == null ? List.of() : season.prizePool()), season.currency(),
          Timestamp.from(season.embargoUntil()), actor);
      int position = 0;
      for (StageRequest s : season.stages()) {
        jdbc.update("""
            insert into pageant_stage (tenant_id, season_id, stage_key, name, position, weight_percent, rules)
            values (?, ?, ?, ?, ?, ?, ?::jsonb)""", tenantId, id, s.stageKey(), s.name(), ++position,
            s.weightPercent(), toJson(s.rules()));
      }
    });
    return season(tenantId, id);
  }

  /**
   * Opens a DRAFT season for registration and starts its {@code pageant-season} process.
   *
   * @throws PageantStateException unless DRAFT
   */
  public long open(String tenantId, String actor, UUID seasonId) {
    Map<String, Object> variables = tx.execute(status -> {
      SeasonView season = lockSeason(tenantId, seasonId);
      if (!"DRAFT".equals(season.status())) {
        throw new PageantStateException("Season " + seasonId + " is " + season.status() + ", not DRAFT");
      }
      jdbc.update("update pageant_season set status = 'REGISTRATION' where tenant_id = ? and season_id = ?",
          tenantId, seasonId);
      Map<String, Object> vars = new LinkedHashMap<>();
      vars.put("tenantId", tenantId);
      vars.put("seasonId", seasonId.toString());
      vars.put("businessKey", seasonId.toString());
      vars.put("registrationClosesAt", season.registrationClosesAt().toString());
      vars.put("stageKeys", season.stages().stream().map(StageView::stageKey).toList());
      vars.put("embargoUntil", season.embargoUntil().toString());
      vars.put("archiveAt", season.embargoUntil().plus(archiveAfter).toString());
      vars.put("judgeReminderCycle", "R/" + judgeReminderEvery);
      vars.put("openedBy", actor);
      return vars;
    });
    long key;
    try {
      key = processes.start(tenantId, PROCESS_ID, variables);
    } catch (RuntimeException e) {
      jdbc.update("update pageant_season set status = 'DRAFT' where tenant_id = ? and season_id = ? and "
          + "process_instance_key is null", tenantId, seasonId);
      throw e;
    }
    jdbc.update("update pageant_season set process_instance_key = ? where tenant_id = ? and season_id = ?", key,
        tenantId, seasonId);
    LOG.info("Season {} (tenant {}) opened for registration by {}: pageant-season instance {}", seasonId, tenantId,
        actor, key);
    return key;
  }

  /** Closes registration before its deadline. @throws PageantStateException unless REGISTRATION */
  public void closeRegistration(String tenantId, UUID seasonId) {
    if (!"REGISTRATION".equals(season(tenantId, seasonId).status())) {
      throw new PageantStateException("Season " + seasonId + " is not taking registrations");
    }
    messages.publish(tenantId, REGISTRATION_CLOSED, seasonId.toString(), "registration-closed:" + seasonId,
        Duration.ofHours(1), Map.of());
  }

  /**
   * Registers a contestant; the DMN {@code pageant-eligibility} decides on age (on the season's reference date),
   * region and prior titles. An ineligible registration is kept with its reason (INELIGIBLE).
   *
   * @throws PageantStateException unless the season is in REGISTRATION
   */
  public Contestant register(String tenantId, String actor, UUID seasonId, RegistrationRequest registration) {
    season(tenantId, seasonId);
    Map<String, Object> season = jdbc.queryForMap("""
        select status, reference_date, min_age, max_age, regions::text as regions, max_prior_titles
        from pageant_season where tenant_id = ? and season_id = ?""", tenantId, seasonId);
    if (!"REGISTRATION".equals(season.get("status"))) {
      throw new PageantStateException("Season " + seasonId + " is not taking registrations");
    }
    LocalDate reference = ((Date) season.get("reference_date")).toLocalDate();
    int age = Period.between(registration.birthDate(), reference).getYears();
    LocalDate today = LocalDate.ofInstant(clock.now(), java.time.ZoneOffset.UTC);
    // a minor today needs a guardian, even one who comes of age by the season's reference date
    boolean minor = Period.between(registration.birthDate(), today).getYears() < 18;
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("ageYears", age);
    inputs.put("minAge", season.get("min_age"));
    inputs.put("maxAge", season.get("max_age"));
    inputs.put("region", registration.region());
    inputs.put("regions", fromJson((String) season.get("regions"), new TypeReference<List<String>>() {}));
    inputs.put("priorTitles", registration.priorTitles());
    inputs.put("maxPriorTitles", season.get("max_prior_titles"));
    Decisions.Result result = decisions.evaluate("pageant-eligibility", inputs);
    if (result.failed()) {
      throw new IllegalStateException("pageant-eligibility could not decide: " + result.failure());
    }
    Map<String, Object> out = fromJson(result.outputJson(), new TypeReference<Map<String, Object>>() {});
    boolean eligible = Boolean.TRUE.equals(out.get("eligible"));
    UUID id = UUID.randomUUID();
    jdbc.update("""
        insert into pageant_contestant (tenant_id, season_id, registration_id, full_name, birth_date, region,
          prior_titles, registered_by, status, eligibility_reason, minor, registered_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", tenantId, seasonId, id, registration.fullName(),
        Date.valueOf(registration.birthDate()), registration.region(), registration.priorTitles(), actor,
        eligible ? "REGISTERED" : "INELIGIBLE", out.get("reason"), minor, Timestamp.from(clock.now()));
    LOG.info("Season {} (tenant {}): registration {} {}", seasonId, tenantId, id, out.get("reason"));
    return contestant(tenantId, id);
  }

  /**
   * Verifies a registration and gives the contestant a random code (judges see only codes). A minor needs their
   * guardian's consent (seed 000 §6.4). @throws PageantStateException unless REGISTERED; @throws
   * InvalidPageantException for a minor without consent
   */
  public Contestant verify(String tenantId, String actor, UUID registrationId, boolean guardianConsent) {
    Contestant c = contestant(tenantId, registrationId);
    if (!"REGISTERED".equals(c.status())) {
      throw new PageantStateException("Registration " + registrationId + " is " + c.status());
    }
    String seasonStatus = jdbc.queryForObject("select s.status from pageant_season s join pageant_contestant c on "
        + "c.tenant_id = s.tenant_id and c.season_id = s.season_id where c.tenant_id = ? and c.registration_id = ?",
        String.class, tenantId, registrationId);
    if (!"REGISTRATION".equals(seasonStatus)) {
      throw new PageantStateException("Verification ends with registration; the season is " + seasonStatus);
    }
    if (c.minor() && !guardianConsent) {
      throw new InvalidPageantException("The contestant is a minor: the guardian's consent is required");
    }
    for (int attempt = 0; ; attempt++) {
      String code = code();
      try {
        jdbc.update("""
            update pageant_contestant set status = 'VERIFIED', contestant_code = ?, guardian_consent = ?,
              verified_at = ?, verified_by = ? where tenant_id = ? and registration_id = ? and status = 'REGISTERED'""",
            code, guardianConsent, Timestamp.from(clock.now()), actor, tenantId, registrationId);
        return contestant(tenantId, registrationId);
      } catch (org.springframework.dao.DuplicateKeyException e) {
        if (attempt > 5) {
          throw e;
        }
      }
    }
  }

  /** Assigns a judge to a stage (seed 003: judges are assigned, never self-appointed) and makes their signing key. */
  public void assignJudge(String tenantId, String actor, UUID seasonId, String stageKey, String judgeId) {
    StageView stage = stage(tenantId, seasonId, stageKey);
    if (!"PENDING".equals(stage.status())) {
      throw new PageantStateException("Judges are assigned before stage " + stageKey + " opens; it is "
          + stage.status());
    }
    keys.ensure(tenantId, judgeId);
    jdbc.update("""
        insert into pageant_judge (tenant_id, season_id, stage_key, judge_id, assigned_by) values (?, ?, ?, ?, ?)
        on conflict do nothing""", tenantId, seasonId, stageKey, judgeId, actor);
  }

  /** The stages the judge is assigned to (003 §11: assigned stages only). */
  public List<Assignment> assignments(String tenantId, String judgeId) {
    return jdbc.query("""
        select s.season_id, p.name, s.stage_key, s.name, s.rules::text, s.status from pageant_judge j
          join pageant_stage s on s.tenant_id = j.tenant_id and s.season_id = j.season_id and s.stage_key = j.stage_key
          join pageant_season p on p.tenant_id = s.tenant_id and p.season_id = s.season_id
        where j.tenant_id = ? and j.judge_id = ? order by p.created_at, s.position""",
        (rs, i) -> new Assignment(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
            rules(rs.getString(5)), rs.getString(6), "SCORING".equals(rs.getString(6))
                ? missing(completion(tenantId, rs.getObject(1, UUID.class), rs.getString(3), judgeId)) : 0),
        tenantId, judgeId);
  }

  /**
   * The contestants of an assigned stage as the judge sees them: codes only (blind scoring, 003 §11).
   *
   * @throws JudgeNotAllowedException when the judge is not assigned to the stage
   */
  public List<BlindContestant> blindContestants(String tenantId, String judgeId, UUID seasonId, String stageKey) {
    requireAssigned(tenantId, judgeId, seasonId, stageKey);
    Set<String> conflicts = conflicts(tenantId, seasonId, judgeId);
    Set<String> scored = new HashSet<>();
    StageResults.effectiveScorecards(records(tenantId, seasonId, stageKey)).stream()
        .filter(r -> r.judgeId().equals(judgeId)).forEach(r -> scored.add(r.contestantCode()));
    return verifiedCodes(tenantId, seasonId).stream().map(code -> new BlindContestant(code, scored.contains(code),
        conflicts.contains(code))).toList();
  }

  /**
   * A judge declares a conflict of interest with a contestant: they are excluded from scoring that contestant in
   * the season, and the scorecards they gave in stages not yet frozen are left out of the results. A frozen stage
   * keeps its result: it counts the conflicts declared before its freeze.
   */
  public void declareConflict(String tenantId, String judgeId, UUID seasonId, String contestantCode, String reason) {
    if (jdbc.queryForObject("select count(*) from pageant_judge where tenant_id = ? and season_id = ? and "
        + "judge_id = ?", Integer.class, tenantId, seasonId, judgeId) == 0) {
      throw new JudgeNotAllowedException("Judge " + judgeId + " is not assigned to this season");
    }
    if (!verifiedCodes(tenantId, seasonId).contains(contestantCode)) {
      throw new UnknownPageantException("No contestant " + contestantCode + " in this season");
    }
    tx.executeWithoutResult(status -> {
      // ordered against freezes by the season's event counter, under the season's lock (not by clocks)
      long event = nextEvent(tenantId, seasonId);
      jdbc.update("""
          insert into pageant_conflict (tenant_id, season_id, judge_id, contestant_code, reason, declared_at,
            declared_event) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""", tenantId, seasonId, judgeId,
          contestantCode, reason, Timestamp.from(clock.now()), event);
    });
    LOG.info("Season {} (tenant {}): judge {} declared a conflict of interest with {}", seasonId, tenantId, judgeId,
        contestantCode);
    jdbc.queryForList("select stage_key from pageant_stage where tenant_id = ? and season_id = ? and status = "
        + "'SCORING'", String.class, tenantId, seasonId).forEach(stage -> announceIfComplete(tenantId, seasonId,
        stage));
  }

  /**
   * Records a judge's scorecard (or a correction citing their earlier one) as the next row of the season's hash
   * chain, signed with the judge's key. Corrections stop at freeze: the policy DMN ({@code pageant.score.modify},
   * seed 000 §7.4) refuses them once the stage is frozen.
   *
   * @throws JudgeNotAllowedException when not assigned or in conflict with the contestant
   * @throws PageantStateException when the stage is not open for scoring, or a first scorecard exists already
   * @throws AccessPolicy.DeniedException for a correction after freeze
   * @throws ScoringRateLimitedException beyond {@code talentos.pageant.scores-per-minute} attempts of the judge in
   *     the season, refused ones included (seed 002 §3.4 scoring submission flooding)
   * @throws StageRules.InvalidScoreException for criteria outside the stage's scale
   */
  public Scorecard score(String tenantId, String judgeId, UUID seasonId, String stageKey, String contestantCode,
      Map<String, Integer> criterionScores, UUID correctsScoreId) {
    requireAssigned(tenantId, judgeId, seasonId, stageKey);
    Bucket bucket = buckets.computeIfAbsent(tenantId + "|" + seasonId + "|" + judgeId, k -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(scoresPerMinute).refillIntervally(scoresPerMinute, Duration.ofMinutes(1))
            .build()).build());
    if (!bucket.tryConsume(1)) {
      throw new ScoringRateLimitedException("At most " + scoresPerMinute + " scorecards a minute per judge and season");
    }
    Scorecard card = tx.execute(status -> {
      jdbc.queryForList("select 1 from pageant_season where tenant_id = ? and season_id = ? for update", tenantId,
          seasonId); // one chain per season: appends are serialised
      Map<String, Object> stageRow = jdbc.queryForMap("select status, rules::text as rules from pageant_stage where "
          + "tenant_id = ? and season_id = ? and stage_key = ?", tenantId, seasonId, stageKey);
      StageState stage = new StageState((String) stageRow.get("status"), rules((String) stageRow.get("rules")));
      if (correctsScoreId != null || "FROZEN".equals(stage.status())) {
        policy.require(tenantId, judgeId, List.of("judge"), false, "pageant.score.modify", "pageant-stage",
            seasonId + ":" + stageKey, new AccessPolicy.Attributes(null, null, null,
                "FROZEN".equals(stage.status()), null));
      }
      if (!"SCORING".equals(stage.status())) {
        throw new PageantStateException("Stage " + stageKey + " is " + stage.status() + ", not open for scoring");
      }
      if (jdbc.queryForObject("select count(*) from pageant_contestant where tenant_id = ? and season_id = ? and "
          + "status = 'VERIFIED' and contestant_code = ?", Integer.class, tenantId, seasonId, contestantCode) == 0) {
        throw new UnknownPageantException("No contestant " + contestantCode + " in this season");
      }
      if (jdbc.queryForObject("select count(*) from pageant_conflict where tenant_id = ? and season_id = ? and "
          + "judge_id = ? and contestant_code = ?", Integer.class, tenantId, seasonId, judgeId, contestantCode) > 0) {
        throw new JudgeNotAllowedException("Judge " + judgeId + " declared a conflict of interest with "
            + contestantCode);
      }
      stage.rules().check(criterionScores);
      List<ScoreRecord> mine = StageResults.effectiveScorecards(jdbc.query(SCORE_SELECT + " and stage_key = ? and "
          + "judge_id = ? and contestant_code = ? order by seq", this::recordRow, tenantId, seasonId, stageKey,
          judgeId, contestantCode));
      if (correctsScoreId == null && !mine.isEmpty()) {
        throw new PageantStateException("Judge " + judgeId + " scored " + contestantCode + " already; send a "
            + "correction citing scorecard " + mine.getFirst().scoreId());
      }
      if (correctsScoreId != null && mine.stream().noneMatch(r -> r.scoreId().equals(correctsScoreId))) {
        throw new PageantStateException("A correction cites the judge's current scorecard for the contestant");
      }
      ScoreRecord record = new ScoreRecord(UUID.randomUUID(), judgeId, contestantCode, Map.copyOf(criterionScores),
          correctsScoreId, clock.now().truncatedTo(ChronoUnit.MICROS));
      List<Map<String, Object>> last = jdbc.queryForList("select seq, hash from pageant_score where tenant_id = ? "
          + "and season_id = ? order by seq desc limit 1", tenantId, seasonId);
      long seq = last.isEmpty() ? 1 : ((Number) last.getFirst().get("seq")).longValue() + 1;
      String previous = last.isEmpty() ? ScoreChain.GENESIS_HASH : (String) last.getFirst().get("hash");
      ScoreChain.ChainedRow row = ScoreChain.seal(previous, ScoreChain.ChainFields.of(seq, tenantId, seasonId,
          stageKey, record), keys.privateKey(tenantId, judgeId));
      jdbc.update("""
          insert into pageant_score (tenant_id, season_id, seq, score_id, stage_key, judge_id, contestant_code,
            criterion_scores, corrects_score_id, submitted_at, previous_hash, hash, signature)
          values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)""", tenantId, seasonId, seq, record.scoreId(), stageKey,
          judgeId, contestantCode, toJson(record.criterionScores()), correctsScoreId,
          Timestamp.from(record.submittedAt()), row.previousHash(), row.hash(), row.signature());
      return new Scorecard(seq, record.scoreId(), stageKey, judgeId, contestantCode, record.criterionScores(),
          correctsScoreId, record.submittedAt(), row.hash(), row.signature());
    });
    if (correctsScoreId == null) {
      int[] judgeCompletion = completion(tenantId, seasonId, stageKey, judgeId);
      if (judgeCompletion[1] >= judgeCompletion[0]) { // this judge is done: is everyone?
        announceIfComplete(tenantId, seasonId, stageKey);
      }
    }
    return card;
  }

  /**
   * The director closes a stage's scoring although scorecards are missing (a judge who stopped, a contestant who
   * withdrew); the stage goes on to anomaly review and freeze with what is in, and who closed it is recorded.
   *
   * @throws PageantStateException unless the stage is open for scoring with scorecards missing, or when it was closed
   *     already
   */
  public Map<String, Integer> closeScoring(String tenantId, String actor, UUID seasonId, String stageKey) {
    Map<String, Integer> missing = tx.execute(status -> {
      lockSeason(tenantId, seasonId); // no scorecard lands while this is decided
      StageView stage = stage(tenantId, seasonId, stageKey);
      if (!"SCORING".equals(stage.status())) {
        throw new PageantStateException("Stage " + stageKey + " is " + stage.status() + ", not open for scoring");
      }
      Map<String, Integer> open = missingByJudge(tenantId, seasonId, stageKey);
      if (open.isEmpty()) {
        throw new PageantStateException("Every scorecard of stage " + stageKey + " is in; nothing to close");
      }
      if (jdbc.update("update pageant_stage set scoring_closed_by = ? where tenant_id = ? and season_id = ? and "
          + "stage_key = ? and scoring_closed_by is null", actor, tenantId, seasonId, stageKey) == 0) {
        throw new PageantStateException("Scoring of stage " + stageKey + " was closed already");
      }
      return open;
    });
    messages.publish(tenantId, SCORECARDS_COMPLETE, seasonId + ":" + stageKey, "scorecards-complete:" + seasonId
        + ":" + stageKey, Duration.ofDays(7), Map.of("scoringClosedBy", actor));
    LOG.warn("Season {} (tenant {}): {} closed scoring of stage {} with scorecards missing: {}", seasonId, tenantId,
        actor, stageKey, missing);
    return missing;
  }

  /** The judge's own scorecards of a stage, in chain order. */
  public List<Scorecard> scorecards(String tenantId, String judgeId, UUID seasonId, String stageKey) {
    requireAssigned(tenantId, judgeId, seasonId, stageKey);
    return jdbc.query(SCORE_SELECT + " and stage_key = ? and judge_id = ? order by seq", this::scorecardRow, tenantId,
        seasonId, stageKey, judgeId);
  }

  /**
   * Verifies the season's score chain: recomputes every row's hash from its content and the row before, and checks
   * each signature with the judge's public key. Any altered, removed or re-signed row fails it.
   */
  public ScoreChain.Verification verifyChain(String tenantId, UUID seasonId) {
    season(tenantId, seasonId);
    List<ScoreChain.ChainedRow> rows = jdbc.query(SCORE_SELECT + " order by seq", (rs, i) -> {
      Scorecard s = scorecardRow(rs, i);
      return new ScoreChain.ChainedRow(ScoreChain.ChainFields.of(s.seq(), tenantId, seasonId, s.stageKey(),
          new ScoreRecord(s.scoreId(), s.judgeId(), s.contestantCode(), s.criterionScores(), s.correctsScoreId(),
              s.submittedAt())), rs.getString(11), s.hash(), s.signature());
    }, tenantId, seasonId);
    ScoreChain.Verification verification = ScoreChain.verify(rows, keys.publicKeys(tenantId)::get);
    if (!verification.intact()) {
      return verification;
    }
    for (Map<String, Object> anchor : jdbc.queryForList("select stage_key, chain_head_seq, chain_head_hash from "
        + "pageant_stage where tenant_id = ? and season_id = ? and chain_head_seq is not null order by position",
        tenantId, seasonId)) {
      long seq = ((Number) anchor.get("chain_head_seq")).longValue();
      boolean found = rows.stream().anyMatch(r -> r.fields().seq() == seq && r.hash().equals(anchor.get(
          "chain_head_hash")));
      if (!found) {
        return new ScoreChain.Verification(false, verification.rowsChecked(), seq, "row " + seq + ": the chain "
            + "no longer holds the row that ended it when stage " + anchor.get("stage_key") + " was frozen");
      }
    }
    return verification;
  }

  /** How many effective scorecards a stage expects (judges × verified contestants, less conflicts) and has. */
  public int[] completion(String tenantId, UUID seasonId, String stageKey) {
    return completion(tenantId, seasonId, stageKey, null);
  }

  /** As {@link #completion(String, UUID, String)}, for one judge's scorecards only when {@code judgeId} is given. */
  int[] completion(String tenantId, UUID seasonId, String stageKey, String judgeId) {
    // in SQL, not over the loaded log: a judge's scorecard asks it for the judge, and then for the stage
    Map<String, Object> counts = jdbc.queryForMap("""
        with stage as (select frozen_event from pageant_stage where tenant_id = ? and season_id = ? and stage_key = ?),
        due as (
          select j.judge_id, c.contestant_code from pageant_judge j
            join pageant_contestant c on c.tenant_id = j.tenant_id and c.season_id = j.season_id
              and c.status = 'VERIFIED'
          where j.tenant_id = ? and j.season_id = ? and j.stage_key = ? and (?::text is null or j.judge_id = ?)
            and not exists (select 1 from pageant_conflict f, stage s where f.tenant_id = j.tenant_id
              and f.season_id = j.season_id and f.judge_id = j.judge_id and f.contestant_code = c.contestant_code
              and (s.frozen_event is null or f.declared_event < s.frozen_event)))
        select (select count(*) from due) as expected,
          (select count(*) from pageant_score p join due d on d.judge_id = p.judge_id
             and d.contestant_code = p.contestant_code
           where p.tenant_id = ? and p.season_id = ? and p.stage_key = ?
             and not exists (select 1 from pageant_score x where x.tenant_id = p.tenant_id
               and x.season_id = p.season_id and x.corrects_score_id = p.score_id)) as received""",
        tenantId, seasonId, stageKey, tenantId, seasonId, stageKey, judgeId, judgeId, tenantId, seasonId, stageKey);
    return new int[] {((Number) counts.get("expected")).intValue(), ((Number) counts.get("received")).intValue()};
  }

  /** Missing scorecards per judge of a stage (judge completion, T3 ≥ 95%). */
  public Map<String, Integer> missingByJudge(String tenantId, UUID seasonId, String stageKey) {
    Map<String, Integer> missing = new LinkedHashMap<>();
    for (String judge : jdbc.queryForList("select judge_id from pageant_judge where tenant_id = ? and season_id = ? "
        + "and stage_key = ? order by judge_id", String.class, tenantId, seasonId, stageKey)) {
      int open = missing(completion(tenantId, seasonId, stageKey, judge));
      if (open > 0) {
        missing.put(judge, open);
      }
    }
    return missing;
  }

  private static int missing(int[] completion) {
    return Math.max(0, completion[0] - completion[1]);
  }

  /** Tells the stage's process that every expected scorecard is in (once; the message id makes repeats no-ops). */
  void announceIfComplete(String tenantId, UUID seasonId, String stageKey) {
    int[] completion = completion(tenantId, seasonId, stageKey);
    if (completion[0] > 0 && completion[1] >= completion[0]) {
      messages.publish(tenantId, SCORECARDS_COMPLETE, seasonId + ":" + stageKey, "scorecards-complete:" + seasonId
          + ":" + stageKey, Duration.ofDays(7), Map.of());
      LOG.info("Season {} (tenant {}): every scorecard of stage {} is in ({})", seasonId, tenantId, stageKey,
          completion[1]);
    }
  }

  /** All scorecards of a stage, corrections included. */
  public List<ScoreRecord> records(String tenantId, UUID seasonId, String stageKey) {
    return jdbc.query(SCORE_SELECT + " and stage_key = ? order by seq", this::recordRow, tenantId, seasonId,
        stageKey);
  }

  private ScoreRecord recordRow(ResultSet rs, int i) throws SQLException {
    Scorecard s = scorecardRow(rs, i);
    return new ScoreRecord(s.scoreId(), s.judgeId(), s.contestantCode(), s.criterionScores(), s.correctsScoreId(),
        s.submittedAt());
  }

  /** A stage's status and rules, without the completion counts {@link StageView} carries. */
  private record StageState(String status, StageRules rules) {}

  /**
   * The scorecards that count: the effective ones of a stage except a judge's scorecards for a contestant they
   * declared a conflict of interest with (for a frozen stage: declared before its freeze).
   */
  public List<ScoreRecord> countedRecords(String tenantId, UUID seasonId, String stageKey) {
    Map<String, Set<String>> conflicts = new LinkedHashMap<>();
    jdbc.query("""
        select c.judge_id, c.contestant_code from pageant_conflict c join pageant_stage s
          on s.tenant_id = c.tenant_id and s.season_id = c.season_id and s.stage_key = ?
        where c.tenant_id = ? and c.season_id = ? and (s.frozen_event is null or c.declared_event < s.frozen_event)""",
        rs -> {
          conflicts.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
        }, stageKey, tenantId, seasonId);
    List<ScoreRecord> all = records(tenantId, seasonId, stageKey);
    return StageResults.effectiveScorecards(all).stream().filter(r -> !conflicts.getOrDefault(r.judgeId(), Set.of())
        .contains(r.contestantCode())).toList();
  }

  /** The season with its stages. @throws UnknownPageantException if the tenant has no such season */
  public SeasonView season(String tenantId, UUID seasonId) {
    List<SeasonView> found = jdbc.query("""
        select s.season_id, s.name, s.status, s.registration_closes_at, s.embargo_until, s.prize_pool::text,
          s.currency, s.published_at,
          (select count(*) from pageant_contestant c where c.tenant_id = s.tenant_id and c.season_id = s.season_id),
          (select count(*) from pageant_contestant c where c.tenant_id = s.tenant_id and c.season_id = s.season_id
             and c.status = 'VERIFIED'),
          (select count(*) from pageant_contestant c where c.tenant_id = s.tenant_id and c.season_id = s.season_id
             and c.status = 'INELIGIBLE'),
          (select count(*) from pageant_contestant c where c.tenant_id = s.tenant_id and c.season_id = s.season_id
             and c.status = 'VERIFIED' and c.verified_at <= c.registered_at + ?::interval)
        from pageant_season s where s.tenant_id = ? and s.season_id = ?""", (rs, i) -> new SeasonView(
            rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), instant(rs, 4), instant(rs, 5),
            fromJson(rs.getString(6), new TypeReference<List<Long>>() {}), rs.getString(7), rs.getInt(9),
            rs.getInt(10), rs.getInt(11), rs.getInt(12), stages(tenantId, seasonId), instant(rs, 8)),
        verificationTarget.toSeconds() + " seconds", tenantId, seasonId);
    if (found.isEmpty()) {
      throw new UnknownPageantException("No season " + seasonId + " in this tenant");
    }
    return found.getFirst();
  }

  /** The tenant's seasons, newest first. */
  public List<SeasonView> seasons(String tenantId) {
    return jdbc.queryForList("select season_id from pageant_season where tenant_id = ? order by created_at desc "
        + "limit 100", UUID.class, tenantId).stream().map(id -> season(tenantId, id)).toList();
  }

  /** A placement as published: the code, the contestant's name and the score. */
  public record PublishedPlacement(int rank, String contestantCode, String fullName, String score) {}

  /** Results as the public sees them once published. */
  public record PublishedResults(UUID seasonId, String name, Instant publishedAt, List<PublishedPlacement> ranking,
      List<TieBreak> tieBreaks, String fingerprint, Long chainHeadSeq, String chainHeadHash) {}

  /**
   * The published results. Before publication (and so before the embargo lifts) they do not exist for anyone: the
   * answer is the same as for an unknown season (seed 002 §3.4 premature result leakage).
   *
   * @throws UnknownPageantException until the season is PUBLISHED (or ARCHIVED)
   */
  public PublishedResults publishedResults(String tenantId, UUID seasonId) {
    List<Map<String, Object>> found = jdbc.queryForList("""
        select name, published_at, result::text as result, result_fingerprint from pageant_season
        where tenant_id = ? and season_id = ? and status in ('PUBLISHED', 'ARCHIVED') and published_at <= ?
          and embargo_until <= ?""", tenantId, seasonId, Timestamp.from(clock.now()), Timestamp.from(clock.now()));
    if (found.isEmpty()) {
      throw new UnknownPageantException("No published results for season " + seasonId);
    }
    Map<String, Object> row = found.getFirst();
    SeasonResult result = fromJson((String) row.get("result"), new TypeReference<SeasonResult>() {});
    // the chain's head at the last freeze, published: whoever keeps this answer can later detect rows cut off
    List<Map<String, Object>> head = jdbc.queryForList("""
        select chain_head_seq as seq, chain_head_hash as hash from pageant_stage where tenant_id = ? and season_id = ?
          and chain_head_seq is not null order by chain_head_seq desc limit 1""", tenantId, seasonId);
    Map<String, String> names = new java.util.HashMap<>();
    contestants(tenantId, seasonId).stream().filter(c -> c.contestantCode() != null)
        .forEach(c -> names.put(c.contestantCode(), c.fullName()));
    return new PublishedResults(seasonId, (String) row.get("name"), ((Timestamp) row.get("published_at")).toInstant(),
        result.ranking().stream().map(p -> new PublishedPlacement(p.rank(), p.contestantCode(),
            names.get(p.contestantCode()), p.score())).toList(), result.tieBreaks(),
        (String) row.get("result_fingerprint"),
        head.isEmpty() ? null : ((Number) head.getFirst().get("seq")).longValue(),
        head.isEmpty() ? null : (String) head.getFirst().get("hash"));
  }

  /** The results for the director's and auditor's approval: each frozen stage's result and the season's. */
  public record ResultsForReview(String seasonStatus, Map<String, Object> stageResults,
      Map<String, Object> anomaliesAtFreeze, Object seasonResult, Map<String, String> contestantNames) {}

  /** The frozen results as the approvers see them before publication (pageant.results.review). */
  public ResultsForReview resultsForReview(String tenantId, UUID seasonId) {
    SeasonView season = season(tenantId, seasonId);
    Map<String, Object> stages = new LinkedHashMap<>();
    Map<String, Object> anomalies = new LinkedHashMap<>();
    jdbc.query("select stage_key, result::text, coalesce(anomalies, '[]'::jsonb)::text from pageant_stage where "
        + "tenant_id = ? and season_id = ? and result is not null order by position", rs -> {
          stages.put(rs.getString(1), fromJson(rs.getString(2), new TypeReference<Map<String, Object>>() {}));
          anomalies.put(rs.getString(1), fromJson(rs.getString(3), new TypeReference<List<Object>>() {}));
        }, tenantId, seasonId);
    String result = jdbc.queryForObject("select result::text from pageant_season where tenant_id = ? and season_id = ?",
        String.class, tenantId, seasonId);
    Map<String, String> names = new LinkedHashMap<>();
    contestants(tenantId, seasonId).stream().filter(c -> c.contestantCode() != null)
        .forEach(c -> names.put(c.contestantCode(), c.fullName()));
    return new ResultsForReview(season.status(), stages, anomalies, result == null ? null
        : fromJson(result, new TypeReference<Map<String, Object>>() {}), names);
  }

  /** The season's stages in order. */
  public List<StageView> stages(String tenantId, UUID seasonId) {
    return jdbc.queryForList("select stage_key from pageant_stage where tenant_id = ? and season_id = ? order by "
        + "position", String.class, tenantId, seasonId).stream().map(k -> stage(tenantId, seasonId, k)).toList();
  }

  /** One stage. @throws UnknownPageantException if there is none */
  public StageView stage(String tenantId, UUID seasonId, String stageKey) {
    List<StageView> found = jdbc.query("""
        select stage_key, name, position, weight_percent, rules::text, status, reminders_sent from pageant_stage
        where tenant_id = ? and season_id = ? and stage_key = ?""", (rs, i) -> {
          String key = rs.getString(1);
          int[] completion = completion(tenantId, seasonId, key);
          return new StageView(key, rs.getString(2), rs.getInt(3), rs.getInt(4), rules(rs.getString(5)),
              rs.getString(6), jdbc.queryForList("select judge_id from pageant_judge where tenant_id = ? and "
                  + "season_id = ? and stage_key = ? order by judge_id", String.class, tenantId, seasonId, key),
              completion[0], completion[1], rs.getInt(7));
        }, tenantId, seasonId, stageKey);
    if (found.isEmpty()) {
      throw new UnknownPageantException("No stage " + stageKey + " in season " + seasonId);
    }
    return found.getFirst();
  }

  /** The season's registrations (names: the director's view, never a judge's). */
  public List<Contestant> contestants(String tenantId, UUID seasonId) {
    season(tenantId, seasonId);
    return jdbc.query(CONTESTANT_SELECT + " where tenant_id = ? and season_id = ? order by registered_at, "
        + "registration_id", this::contestantRow, tenantId, seasonId);
  }

  /** One registration. @throws UnknownPageantException if there is none */
  public Contestant contestant(String tenantId, UUID registrationId) {
    return jdbc.query(CONTESTANT_SELECT + " where tenant_id = ? and registration_id = ?", this::contestantRow,
        tenantId, registrationId).stream().findFirst()
        .orElseThrow(() -> new UnknownPageantException("No registration " + registrationId + " in this tenant"));
  }

  /** The codes of the season's verified contestants. */
  List<String> verifiedCodes(String tenantId, UUID seasonId) {
    return jdbc.queryForList("select contestant_code from pageant_contestant where tenant_id = ? and season_id = ? "
        + "and status = 'VERIFIED' order by contestant_code", String.class, tenantId, seasonId);
  }

  /** The contestant codes the judge declared a conflict of interest with. */
  Set<String> conflicts(String tenantId, UUID seasonId, String judgeId) {
    return new HashSet<>(jdbc.queryForList("select contestant_code from pageant_conflict where tenant_id = ? and "
        + "season_id = ? and judge_id = ?", String.class, tenantId, seasonId, judgeId));
  }

  /**
   * Takes the season's lock and the next number of its event counter, which orders conflict declarations against
   * freezes (a conflict counts for a frozen stage only if its number is lower than the freeze's).
   */
  long nextEvent(String tenantId, UUID seasonId) {
    return jdbc.queryForObject("update pageant_season set event_seq = event_seq + 1 where tenant_id = ? and "
        + "season_id = ? returning event_seq", Long.class, tenantId, seasonId);
  }

  /** Locks the season's row for the caller's transaction (score appends are serialised per season). */
  SeasonView lockSeason(String tenantId, UUID seasonId) {
    jdbc.queryForList("select 1 from pageant_season where tenant_id = ? and season_id = ? for update", tenantId,
        seasonId);
    return season(tenantId, seasonId);
  }

  private void requireAssigned(String tenantId, String judgeId, UUID seasonId, String stageKey) {
    if (jdbc.queryForObject("select count(*) from pageant_judge where tenant_id = ? and season_id = ? and "
        + "stage_key = ? and judge_id = ?", Integer.class, tenantId, seasonId, stageKey, judgeId) == 0) {
      throw new JudgeNotAllowedException("Judge " + judgeId + " is not assigned to stage " + stageKey
          + " of season " + seasonId);
    }
  }

  private static String code() {
    StringBuilder code = new StringBuilder("C-");
    for (int i = 0; i < 4; i++) {
      code.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
    }
    return code.toString();
  }

  private static final String SCORE_SELECT = """
      select seq, score_id, stage_key, judge_id, contestant_code, criterion_scores::text, corrects_score_id,
        submitted_at, hash, signature, previous_hash from pageant_score where tenant_id = ? and season_id = ?""";

  private Scorecard scorecardRow(ResultSet rs, int i) throws SQLException {
    return new Scorecard(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
        rs.getString(5), fromJson(rs.getString(6), new TypeReference<Map<String, Integer>>() {}),
        rs.getObject(7, UUID.class), instant(rs, 8), rs.getString(9), rs.getString(10));
  }

  private static final String CONTESTANT_SELECT = """
      select registration_id, full_name, region, minor, status, eligibility_reason, contestant_code, registered_at,
        verified_at from pageant_contestant""";

  private Contestant contestantRow(ResultSet rs, int i) throws SQLException {
    return new Contestant(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getBoolean(4),
        rs.getString(5), rs.getString(6), rs.getString(7), instant(rs, 8), instant(rs, 9));
  }

  StageRules rules(String text) {
    return fromJson(text, new TypeReference<StageRules>() {});
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  <T> T fromJson(String text, TypeReference<T> type) {
    try {
      return json.readValue(text, type);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
