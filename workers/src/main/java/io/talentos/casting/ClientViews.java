package io.talentos.casting;

import io.talentos.contracts.ContractService;
import io.talentos.contracts.SignaturePackets;
import io.talentos.contracts.SignerMail;
import io.talentos.engine.EngineClock;
import io.talentos.policy.AccessPolicy;
import io.talentos.tenancy.Tenants;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.codec.digest.DigestUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The client's view of a casting call's shortlist (issue 6; seed 000 §7.4 "clients see redacted talent details until
 * the NDA is signed"). Sharing emails the client an expiring single-use-per-share link (256 bits, stored as SHA-256)
 * and drafts the client's NDA through CLM, signed like any contract. Each opening asks the policy DMN
 * {@code access-policy} for {@code casting.talent.view}; its REDACT_FIELDS obligation hides names, ids, media and notes
 * until the NDA is SIGNED or ACTIVE. Every answer carries a watermark naming the viewer, the view and the time.
 */
@Component
public class ClientViews {

  /** What an unknown tenant and an unknown link get; nothing tells them apart. */
  public static final String NOT_VALID = "This client view link is not valid";

  /** One shortlisted talent as the client sees it; redacted fields are null (media empty). */
  public record ShortlistedTalent(int position, UUID submissionId, String talentId, String talentName,
      List<String> media, String note, String watermark) {}

  /**
   * The shortlist as the client sees it: redacted until the NDA is signed, watermarked with the viewer's identity.
   * {@code ndaStatus} is the NDA contract's status (DRAFT … ACTIVE).
   */
  public record ClientShortlist(UUID castingCallId, String title, String roleName, String clientName,
      String viewerName, String viewerEmail, boolean redacted, String ndaStatus, String policyReason,
      Instant expiresAt, String watermark, List<ShortlistedTalent> talent) {}

  /** A shared view: its id, when it expires and the NDA contract the client signs. */
  public record Shared(UUID viewId, Instant expiresAt, UUID ndaContractId) {}

  private static final Logger LOG = LoggerFactory.getLogger(ClientViews.class);
  private static final Set<String> NDA_IN_FORCE = Set.of("SIGNED", "ACTIVE", "RENEWED");

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final EngineClock clock;
  private final Tenants tenants;
  private final ContractService contracts;
  private final SignerMail mail;
  private final AccessPolicy policy;
  private final CastingService casting;
  private final Duration ttl;
  private final String baseUrl;

  ClientViews(JdbcTemplate jdbc, TransactionTemplate tx, EngineClock clock, Tenants tenants,
      ContractService contracts, SignerMail mail, AccessPolicy policy, CastingService casting,
      @Value("${talentos.casting.client-view-ttl:P14D}") Duration ttl,
      @Value("${talentos.contracts.signing-base-url:http://localhost:8080}") String baseUrl) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
    this.tenants = tenants;
    this.contracts = contracts;
    this.mail = mail;
    this.policy = policy;
    this.casting = casting;
    this.ttl = ttl;
    this.baseUrl = baseUrl;
  }

  /**
   * The casting call's NDA with its client: drafted from the NDA template (agency as DISCLOSER, client as RECIPIENT)
   * once per call, so a retried job finds the same contract. Submitting it is {@link #submitNda}'s work.
   */
  public UUID ensureNda(String tenantId, UUID castingCallId) {
    return tx.execute(status -> {
      casting.lock(tenantId, castingCallId);
      Map<String, Object> call = jdbc.queryForMap("""
          select title, client_name, client_email, agency_signer_name, agency_signer_email, nda_contract_id
          from casting_call where tenant_id = ? and casting_call_id = ?""", tenantId, castingCallId);
      if (call.get("nda_contract_id") != null) {
        return (UUID) call.get("nda_contract_id");
      }
      String agency = tenants.requireActive(tenantId).name();
      ContractService.ContractView nda = contracts.draft(tenantId, "casting", new ContractService.Draft("NDA",
          "NDA: " + call.get("title"), null, Map.of("agencyName", agency,
              "effectiveDate", LocalDate.ofInstant(clock.now(), ZoneOffset.UTC).toString(), "disclosingParty", agency,
              "receivingParty", call.get("client_name"), "purpose", "Casting: " + call.get("title"),
              "termMonths", 12), null, List.of(
              new ContractService.Signer("DISCLOSER", (String) call.get("agency_signer_name"),
                  (String) call.get("agency_signer_email"), 1, false),
              new ContractService.Signer("RECIPIENT", (String) call.get("client_name"),
                  (String) call.get("client_email"), 1, false)), false, null));
      jdbc.update("update casting_call set nda_contract_id = ? where tenant_id = ? and casting_call_id = ?",
          nda.contractId(), tenantId, castingCallId);
      return nda.contractId();
    });
  }

  /** Submits the NDA for signing if it is still a DRAFT (a retried job finds it submitted and does nothing). */
  public void submitNda(String tenantId, UUID ndaContractId) {
    if ("DRAFT".equals(contracts.view(tenantId, ndaContractId, true).status())) {
      contracts.submit(tenantId, "casting", ndaContractId);
    }
  }

  /**
   * Emails the client a new link to the shortlist. {@code viewId} comes from the job, so a retried job that already
   * sent it does not send a second link.
   */
  public Shared share(String tenantId, UUID castingCallId, UUID viewId, UUID ndaContractId) {
    return tx.execute(status -> {
      List<Timestamp> existing = jdbc.queryForList("select expires_at from casting_client_view where tenant_id = ? "
          + "and view_id = ?", Timestamp.class, tenantId, viewId);
      if (!existing.isEmpty()) {
        return new Shared(viewId, existing.getFirst().toInstant(), ndaContractId);
      }
      Map<String, Object> call = jdbc.queryForMap("select title, role_name, client_name, client_email from "
          + "casting_call where tenant_id = ? and casting_call_id = ?", tenantId, castingCallId);
      String token = SignaturePackets.newToken();
      Instant expires = clock.now().plus(ttl);
      jdbc.update("""
          insert into casting_client_view (tenant_id, view_id, casting_call_id, token_sha256, viewer_name,
            viewer_email, expires_at) values (?, ?, ?, ?, ?, ?, ?)""", tenantId, viewId, castingCallId,
          DigestUtils.sha256Hex(token), call.get("client_name"), call.get("client_email"), Timestamp.from(expires));
      mail.send((String) call.get("client_email"), "Shortlist: " + call.get("title"), """
          Hello %s,

          the shortlist for "%s" (%s) is ready:
          %s/api/v1/casting-views/%s/%s

          Talent details stay hidden until you sign the non-disclosure agreement, which reaches you in a separate
          email. The link is for you alone, is watermarked with your name and expires at %s.
          """.formatted(call.get("client_name"), call.get("title"), call.get("role_name"), baseUrl, tenantId, token,
          expires));
      LOG.info("Casting call {} (tenant {}): shortlist shared with {} until {}", castingCallId, tenantId,
          call.get("client_email"), expires);
      return new Shared(viewId, expires, ndaContractId);
    });
  }

  /**
   * Opens a client view link: the shortlisted talent in submission order, redacted unless the client's NDA is in
   * force, watermarked. @throws SignaturePackets.LinkException 404 for an unknown link, 410 for an expired one
   */
  public ClientShortlist open(String tenantId, String token) {
    List<Map<String, Object>> found = jdbc.queryForList("""
        select v.view_id, v.casting_call_id, v.viewer_name, v.viewer_email, v.expires_at, c.title, c.role_name,
          c.client_name, c.nda_contract_id
        from casting_client_view v join casting_call c
          on c.tenant_id = v.tenant_id and c.casting_call_id = v.casting_call_id
        where v.tenant_id = ? and v.token_sha256 = ?""", tenantId, DigestUtils.sha256Hex(token));
    if (found.isEmpty()) {
      throw new SignaturePackets.LinkException(NOT_VALID, false);
    }
    Map<String, Object> view = found.getFirst();
    Instant expires = ((Timestamp) view.get("expires_at")).toInstant();
    Instant now = clock.now();
    if (!expires.isAfter(now)) {
      throw new SignaturePackets.LinkException("This client view expired at " + expires + "; ask the casting office "
          + "for a new link", true);
    }
    UUID callId = (UUID) view.get("casting_call_id");
    UUID ndaId = (UUID) view.get("nda_contract_id");
    String ndaStatus = ndaId == null ? null : contracts.view(tenantId, ndaId, true).status();
    String viewer = (String) view.get("viewer_email");
    AccessPolicy.Decision decision = policy.require(tenantId, "client:" + viewer, List.of("client"), false,
        "casting.talent.view", "casting-call", callId.toString(), new AccessPolicy.Attributes(null, null, null, null,
            ndaStatus != null && NDA_IN_FORCE.contains(ndaStatus)));
    boolean redacted = "REDACT_FIELDS".equals(decision.obligation());
    jdbc.update("update casting_client_view set opened = opened + 1, last_opened_at = ? where tenant_id = ? and "
        + "view_id = ?", Timestamp.from(now), tenantId, view.get("view_id"));
    String watermark = "Confidential: shared with " + view.get("viewer_name") + " <" + viewer + ">, view "
        + view.get("view_id") + ", opened " + now;
    List<ShortlistedTalent> talent = new ArrayList<>();
    for (CastingService.SubmissionView s : casting.submissions(tenantId, callId)) {
      if (!s.shortlisted() || !"SUBMITTED".equals(s.status())) {
        continue;
      }
      int position = talent.size() + 1;
      talent.add(redacted ? new ShortlistedTalent(position, null, null, "Talent " + position, List.of(), null,
          watermark) : new ShortlistedTalent(position, s.submissionId(), s.talentId(), s.talentName(), s.media(),
          s.note(), watermark));
    }
    return new ClientShortlist(callId, (String) view.get("title"), (String) view.get("role_name"),
        (String) view.get("client_name"), (String) view.get("viewer_name"), viewer, redacted, ndaStatus,
        decision.reason(), expires, watermark, talent);
  }
}
