package io.talentos.pageant;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.talentos.engine.EngineClock;
import io.talentos.finance.AccountType;
import io.talentos.finance.JournalEntry;
import io.talentos.finance.Ledger;
import io.talentos.isolation.TenantScope;
import io.talentos.tenancy.TenantGuard;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Job workers of processes/pageant/pageant-season.bpmn. Each is safe to run twice: statuses move idempotently, a
 * frozen stage keeps its stored result, and the prize money's journal entries carry idempotency keys
 * ({@code prize-escrow:<season>}, {@code prize-release:<season>}), so the ledger never double-posts. Money: minor
 * units of the season's ISO 4217 currency; accounts {@code prize-escrow:<season>} (liability, held for the winners)
 * and {@code prize-payable:<season>:<code>} (liability, owed to a winner).
 */
@Component
public class PageantWorkers {

  private static final Logger LOG = LoggerFactory.getLogger(PageantWorkers.class);

  private final PageantService pageants;
  private final Ledger ledger;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final EngineClock clock;
  private final TenantGuard guard;
  private final double zBound;
  private final int burstCount;
  private final Duration burstWindow;

  PageantWorkers(PageantService pageants, Ledger ledger, JdbcTemplate jdbc, TransactionTemplate tx, EngineClock clock,
      TenantGuard guard, @Value("${talentos.pageant.anomaly-z-bound:1.5}") double zBound,
      @Value("${talentos.pageant.burst-count:20}") int burstCount,
      @Value("${talentos.pageant.burst-window:PT10S}") Duration burstWindow) {
    this.pageants = pageants;
    this.ledger = ledger;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
    this.guard = guard;
    this.zBound = zBound;
    this.burstCount = burstCount;
    this.burstWindow = burstWindow;
  }

  /** The season a job works on. */
  public record SeasonRef(String tenantId, String seasonId) {}

  /** The season's status after the job. */
  public record Status(String seasonStatus) {}

  /** The prize pool held, in minor units. */
  public record PrizeHeld(long prizePoolMinor) {}

  /** Holds the prize pool in escrow: cash (asset) to {@code prize-escrow:<season>} (liability), once. */
  @JobWorker(type = PageantJobTypes.HOLD_PRIZE_MONEY)
  public PrizeHeld holdPrizeMoney(@VariablesAsType SeasonRef in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      PageantService.SeasonView season = pageants.season(in.tenantId(), id(in));
      long pool = season.prizePool().stream().mapToLong(Long::longValue).sum();
      if (pool > 0) {
        ledger.post(JournalEntry.builder(in.tenantId(), "prize-escrow:" + in.seasonId(), "PRIZE_ESCROW_HELD",
                in.seasonId(), "Prize money of " + season.name() + " held in escrow until the results are published")
            .debit("cash", AccountType.ASSET, pool, season.currency())
            .credit("prize-escrow:" + in.seasonId(), AccountType.LIABILITY, pool, season.currency()).build());
      }
      return new PrizeHeld(pool);
    }
  }

  /** How many contestants go to the rounds. */
  public record RegistrationClosed(int verifiedContestants, String seasonStatus) {}

  /** Closes registration: the season moves to ROUNDS with its verified contestants. */
  @JobWorker(type = PageantJobTypes.CLOSE_REGISTRATION)
  public RegistrationClosed closeRegistration(@VariablesAsType SeasonRef in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      setStatus(in, "ROUNDS", "REGISTRATION");
      int verified = pageants.verifiedCodes(in.tenantId(), id(in)).size();
      LOG.info("Season {} (tenant {}): registration closed with {} verified contestants", in.seasonId(),
          in.tenantId(), verified);
      return new RegistrationClosed(verified, "ROUNDS");
    }
  }

  /** The stage a job works on (the multi-instance element of "Run stage"). */
  public record StageRef(String tenantId, String seasonId, String stageKey) {}

  /** Scorecards the stage expects. */
  public record StageOpened(int scorecardsExpected, String seasonStatus) {}

  /** Opens the stage for scoring (SCORING). */
  @JobWorker(type = PageantJobTypes.OPEN_STAGE)
  public StageOpened openStage(@VariablesAsType StageRef in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      UUID seasonId = UUID.fromString(in.seasonId());
      jdbc.update("update pageant_stage set status = 'SCORING' where tenant_id = ? and season_id = ? and stage_key = ? "
          + "and status = 'PENDING'", in.tenantId(), seasonId, in.stageKey());
      jdbc.update("update pageant_season set status = 'SCORING' where tenant_id = ? and season_id = ? and status in "
          + "('ROUNDS', 'SCORING')", in.tenantId(), seasonId);
      pageants.announceIfComplete(in.tenantId(), seasonId, in.stageKey());
      return new StageOpened(pageants.completion(in.tenantId(), seasonId, in.stageKey())[0], "SCORING");
    }
  }

  /** Scorecards still missing, per judge. */
  public record Reminded(Map<String, Integer> missingScorecards) {}

  /**
   * Judge completion (T3 ≥ 95%): reminds each judge of their missing scorecards, and counts the reminder. If nothing
   * is missing any more (a conflict declared since), the stage is told it is complete.
   */
  @JobWorker(type = PageantJobTypes.REMIND_JUDGES)
  public Reminded remindJudges(@VariablesAsType StageRef in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      UUID seasonId = UUID.fromString(in.seasonId());
      Map<String, Integer> missing = pageants.missingByJudge(in.tenantId(), seasonId, in.stageKey());
      if (missing.isEmpty()) {
        pageants.announceIfComplete(in.tenantId(), seasonId, in.stageKey());
      } else {
        jdbc.update("update pageant_stage set reminders_sent = reminders_sent + 1 where tenant_id = ? and "
            + "season_id = ? and stage_key = ?", in.tenantId(), seasonId, in.stageKey());
        missing.forEach((judge, count) -> LOG.warn("Season {} (tenant {}), stage {}: reminder to judge {}: {} "
            + "scorecard(s) missing", seasonId, in.tenantId(), in.stageKey(), judge, count));
      }
      return new Reminded(missing);
    }
  }

  /** The flags raised for the director and the auditor. */
  public record Anomalies(List<Map<String, String>> anomalyFlags, int anomalyCount) {}

  /**
   * Anomaly detection (seed 000 §9.3): a judge whose scores lie beyond {@code talentos.pageant.anomaly-z-bound}
   * standard deviations from the panel, and scorecards in bursts ({@code burst-count} within {@code burst-window}).
   */
  @JobWorker(type = PageantJobTypes.DETECT_ANOMALIES)
  public Anomalies detectAnomalies(@VariablesAsType StageRef in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      UUID seasonId = UUID.fromString(in.seasonId());
      StageRules rules = pageants.stage(in.tenantId(), seasonId, in.stageKey()).rules();
      List<Map<String, String>> out = flags(in.tenantId(), seasonId, in.stageKey(), rules);
      out.forEach(f -> LOG.warn("Season {} (tenant {}), stage {}: {} for judge {}: {}", seasonId, in.tenantId(),
          in.stageKey(), f.get("kind"), f.get("judgeId"), f.get("detail")));
      return new Anomalies(out, out.size());
    }
  }

  private List<Map<String, String>> flags(String tenantId, UUID seasonId, String stageKey, StageRules rules) {
    List<Map<String, String>> out = new ArrayList<>();
    for (ScoringAnomalies.Flag f : ScoringAnomalies.detect(rules, pageants.records(tenantId, seasonId, stageKey),
        zBound, burstCount, burstWindow)) {
      Map<String, String> flag = new LinkedHashMap<>();
      flag.put("kind", f.kind());
      flag.put("judgeId", f.judgeId());
      flag.put("detail", f.detail());
      flag.put("value", f.value());
      out.add(flag);
    }
    return out;
  }

  /** The stage's frozen result: its fingerprint and ranking as codes. */
  public record StageFrozen(String stageResultFingerprint, String seasonStatus) {}

  /**
   * Freezes the stage (seed 000 §7.4: no score changes after results.freeze): locks its scorecards, computes its
   * result deterministically from them, records the anomaly flags as they stand now (corrections made during the
   * review included) for the approvers, and anchors the season's score chain at its current last row. A repeated
   * job keeps the first result.
   */
  @JobWorker(type = PageantJobTypes.FREEZE_STAGE)
  public StageFrozen freezeStage(@VariablesAsType StageRef in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      UUID seasonId = UUID.fromString(in.seasonId());
      String fingerprint = tx.execute(status -> {
        pageants.lockSeason(in.tenantId(), seasonId);
        PageantService.StageView stage = pageants.stage(in.tenantId(), seasonId, in.stageKey());
        if ("FROZEN".equals(stage.status())) {
          return jdbc.queryForObject("select result_fingerprint from pageant_stage where tenant_id = ? and "
              + "season_id = ? and stage_key = ?", String.class, in.tenantId(), seasonId, in.stageKey());
        }
        long event = pageants.nextEvent(in.tenantId(), seasonId);
        StageResult result = StageResults.compute(stage.rules(), pageants.countedRecords(in.tenantId(), seasonId,
            in.stageKey()));
        List<Map<String, Object>> head = jdbc.queryForList("select seq, hash from pageant_score where tenant_id = ? "
            + "and season_id = ? order by seq desc limit 1", in.tenantId(), seasonId);
        jdbc.update("""
            update pageant_stage set status = 'FROZEN', frozen_at = ?, result = ?::jsonb, result_fingerprint = ?,
              anomalies = ?::jsonb, chain_head_seq = ?, chain_head_hash = ?, frozen_event = ?
            where tenant_id = ? and season_id = ? and stage_key = ?""", Timestamp.from(clock.now()),
            pageants.toJson(result), result.fingerprint(),
            pageants.toJson(flags(in.tenantId(), seasonId, in.stageKey(), stage.rules())),
            head.isEmpty() ? null : head.getFirst().get("seq"), head.isEmpty() ? null : head.getFirst().get("hash"),
            event, in.tenantId(), seasonId, in.stageKey());
        return result.fingerprint();
      });
      LOG.info("Season {} (tenant {}): stage {} frozen, result {}", seasonId, in.tenantId(), in.stageKey(),
          fingerprint);
      return new StageFrozen(fingerprint, "SCORING");
    }
  }

  /** The season's result: its fingerprint. */
  public record SeasonComputed(String seasonResultFingerprint, String seasonStatus) {}

  /**
   * Computes the season's result from the frozen stages, recomputed from the scorecards (each stage's fingerprint
   * must match the one stored at freeze, or the job fails into an incident).
   */
  @JobWorker(type = PageantJobTypes.COMPUTE_RESULTS)
  public SeasonComputed computeResults(@VariablesAsType SeasonRef in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      SeasonResult result = PageantResults.recompute(pageants, jdbc, in.tenantId(), id(in));
      jdbc.update("update pageant_season set status = 'RESULTS', result = ?::jsonb, result_fingerprint = ? where "
          + "tenant_id = ? and season_id = ? and status in ('SCORING', 'ROUNDS', 'RESULTS')", pageants.toJson(result),
          result.fingerprint(), in.tenantId(), id(in));
      return new SeasonComputed(result.fingerprint(), "RESULTS");
    }
  }

  /** Why the auditor refused. */
  public record RejectionInput(String tenantId, String seasonId, String rejectionReason, String auditorApprovedBy) {}

  /** How often the results were sent back. */
  public record Rejected(String lastRejectionReason) {}

  /** The auditor refused the results: back to the director, with the reason on record. */
  @JobWorker(type = PageantJobTypes.RECORD_REJECTION)
  public Rejected recordRejection(@VariablesAsType RejectionInput in) {
    LOG.warn("Season {} (tenant {}): results rejected by {}: {}", in.seasonId(), in.tenantId(),
        in.auditorApprovedBy(), in.rejectionReason());
    return new Rejected(in.rejectionReason());
  }

  /** The season to publish and its approvals, which the task list recorded from the authenticated users. */
  public record PublishInput(String tenantId, String seasonId, Boolean resultsApproved, String directorApprovedBy,
      String auditorApprovedBy) {}

  /** When the results became public. */
  public record Published(String publishedAt, String seasonStatus) {}

  /**
   * Publishes the results once the embargo has lifted (PUBLISHED) and releases the prize money: each prize from
   * {@code prize-escrow:<season>} to {@code prize-payable:<season>:<code>}; contestants sharing a rank share the
   * prizes of the places they span (the remainder to the first by code); prizes for places nobody took go back to
   * the organiser's cash, so the escrow ends at zero. @throws IllegalStateException (an incident) before the embargo
   * lifts or without a director's and a different auditor's approval, whatever the model says
   */
  @JobWorker(type = PageantJobTypes.PUBLISH_RESULTS)
  public Published publishResults(@VariablesAsType PublishInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      UUID seasonId = UUID.fromString(in.seasonId());
      if (!Boolean.TRUE.equals(in.resultsApproved()) || in.directorApprovedBy() == null
          || in.auditorApprovedBy() == null || in.directorApprovedBy().equals(in.auditorApprovedBy())) {
        throw new IllegalStateException("Season " + seasonId + " lacks the approvals of a director and a different "
            + "auditor (seed 000 §6.8); not published");
      }
      PageantService.SeasonView season = pageants.season(in.tenantId(), seasonId);
      if (clock.now().isBefore(season.embargoUntil())) {
        throw new IllegalStateException("Season " + seasonId + " is under embargo until " + season.embargoUntil());
      }
      SeasonResult result = pageants.fromJson(jdbc.queryForObject("select result::text from pageant_season where "
          + "tenant_id = ? and season_id = ?", String.class, in.tenantId(), seasonId),
          new com.fasterxml.jackson.core.type.TypeReference<SeasonResult>() {});
      Map<String, Long> prizes = PageantResults.prizes(result, season.prizePool());
      long pool = season.prizePool().stream().mapToLong(Long::longValue).sum();
      long unawarded = pool - prizes.values().stream().mapToLong(Long::longValue).sum();
      if (pool > 0) {
        JournalEntry.Builder entry = JournalEntry.builder(in.tenantId(), "prize-release:" + seasonId, "PRIZE_RELEASED",
            seasonId.toString(), "Prize money of " + season.name() + " released to the winners on publication"
                + (unawarded > 0 ? "; the prizes nobody placed for return to the organiser" : ""));
        prizes.forEach((code, amount) -> entry.debit("prize-escrow:" + seasonId, AccountType.LIABILITY, amount,
            season.currency()).credit("prize-payable:" + seasonId + ":" + code, AccountType.LIABILITY, amount,
            season.currency()));
        entry.debit("prize-escrow:" + seasonId, AccountType.LIABILITY, unawarded, season.currency())
            .credit("cash", AccountType.ASSET, unawarded, season.currency());
        ledger.post(entry.build());
      }
      jdbc.update("update pageant_season set status = 'PUBLISHED', published_at = coalesce(published_at, ?) where "
          + "tenant_id = ? and season_id = ? and status = 'RESULTS'", Timestamp.from(clock.now()), in.tenantId(),
          seasonId);
      LOG.info("Season {} (tenant {}): results published, {} prize(s) released", seasonId, in.tenantId(),
          prizes.size());
      return new Published(pageants.season(in.tenantId(), seasonId).publishedAt().toString(), "PUBLISHED");
    }
  }

  /** Archives the season (ARCHIVED): read-only from now on. */
  @JobWorker(type = PageantJobTypes.ARCHIVE_SEASON)
  public Status archiveSeason(@VariablesAsType SeasonRef in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      setStatus(in, "ARCHIVED", "PUBLISHED");
      return new Status("ARCHIVED");
    }
  }

  private void setStatus(SeasonRef in, String to, String from) {
    jdbc.update("update pageant_season set status = ? where tenant_id = ? and season_id = ? and status = ?", to,
        in.tenantId(), id(in), from);
  }

  private static UUID id(SeasonRef in) {
    return UUID.fromString(in.seasonId());
  }
}
