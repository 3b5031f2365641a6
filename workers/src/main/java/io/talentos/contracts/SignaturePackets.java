package io.talentos.contracts;

import io.talentos.engine.EngineClock;
import io.talentos.engine.MessageCorrelation;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.codec.digest.DigestUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Signature packets (seed 000 §11.4): each signer gets a single-use signing link that expires
 * ({@code talentos.contracts.signing-link-ttl}, default P7D), opens it (SENT → VIEWED), proves control of their email
 * with a one-time password (six digits, ten minutes, five tries, one per 30 seconds) and signs or declines. Links
 * and codes are stored as SHA-256 only. The answer is published to the {@code contract-signing} process as
 * {@code SignerResponded}.
 */
@Service
public class SignaturePackets {

  /** What a signer sees through their link: the contract's text and their own part in it. */
  public record SigningView(UUID contractId, String title, int version, String sha256, String text, UUID signerId,
      String signerName, String role, String status, String linkExpiresAt) {}

  /** A signer's link as issued by the process: the signer and when the link expires (ISO-8601). */
  public record IssuedLink(String signerId, String linkExpiresAt) {}

  /**
   * A link without a login (signing link, access link, casting client view) is unknown, already used or no longer
   * valid (HTTP 404, or 410 when {@code gone}).
   */
  public static class LinkException extends RuntimeException {
    private final boolean gone;

    /** A link that never existed for this tenant ({@code gone} false) or that has expired or been used (true). */
    public LinkException(String message, boolean gone) {
      super(message);
      this.gone = gone;
    }

    /** Whether the link existed but can no longer be used (410 Gone) rather than never existing (404). */
    public boolean gone() {
      return gone;
    }
  }

  /** The one-time password is wrong, expired or used up (HTTP 422; after five wrong tries a new code is needed). */
  public static class OtpException extends RuntimeException {
    OtpException(String message) {
      super(message);
    }
  }

  /** What an unknown tenant, an unknown link, a used link and a replaced link all get: nothing to tell them apart. */
  public static final String NOT_VALID =
      "This link is not valid: it was used, replaced by a newer one or never existed";

  /** The name of the message each signer's answer is published as. */
  public static final String SIGNER_RESPONDED = "SignerResponded";
  /** The channel a signer's identity was checked through: a one-time password sent to their email. */
  public static final String CHANNEL_EMAIL_OTP = "EMAIL_OTP";

  private static final Logger LOG = LoggerFactory.getLogger(SignaturePackets.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration OTP_TTL = Duration.ofMinutes(10);
  private static final int OTP_TRIES = 5;
  private static final Duration OTP_RESEND_AFTER = Duration.ofSeconds(30);
  private static final int OTP_CODES_PER_LINK = 5;

  private final JdbcTemplate jdbc;
  private final SignerMail mail;
  private final EvidenceVault vault;
  private final MessageCorrelation messages;
  private final EngineClock clock;
  private final Duration linkTtl;
  private final String baseUrl;
  private final org.springframework.transaction.support.TransactionTemplate tx;

  SignaturePackets(org.springframework.transaction.support.TransactionTemplate tx, JdbcTemplate jdbc,
      SignerMail mail, EvidenceVault vault, MessageCorrelation messages, EngineClock clock,
      @Value("${talentos.contracts.signing-link-ttl:P7D}") Duration linkTtl,
      @Value("${talentos.contracts.signing-base-url:http://localhost:8080}") String baseUrl) {
    this.tx = tx;
    this.jdbc = jdbc;
    this.mail = mail;
    this.vault = vault;
    this.messages = messages;
    this.clock = clock;
    this.linkTtl = linkTtl;
    this.baseUrl = baseUrl.replaceAll("/+$", "");
  }

  /** The contract's signing groups in order (1, 2, …). */
  public List<Integer> groups(String tenantId, UUID contractId) {
    return jdbc.queryForList("select distinct signing_group from contract_signer where tenant_id = ? and "
        + "contract_id = ? order by 1", Integer.class, tenantId, contractId);
  }

  /**
   * Sends the signing links of one group: each PENDING signer gets a fresh link by email and becomes SENT. A retried
   * job sends only to signers still PENDING. @return every signer of the group with their link's expiry
   * @throws SignerMail.MailFailedException if an email cannot be sent (that signer stays PENDING)
   */
  public List<IssuedLink> sendLinks(String tenantId, UUID contractId, int group) {
    Instant expires = clock.now().plus(linkTtl);
    var pending = jdbc.queryForList("""
        select signer_id, name, email, party_role from contract_signer
        where tenant_id = ? and contract_id = ? and signing_group = ? and status = 'PENDING'""",
        tenantId, contractId, group);
    String title = title(tenantId, contractId);
    for (var signer : pending) {
      UUID signerId = (UUID) signer.get("signer_id");
      String token = newToken();
      jdbc.update("update contract_signer set link_sha256 = ?, link_expires_at = ?, otp_sent = 0, otp_sha256 = null "
          + "where signer_id = ?", DigestUtils.sha256Hex(token), Timestamp.from(expires), signerId);
      mail.send((String) signer.get("email"), "Please sign: " + title, """
          Hello %s,

          you are asked to sign "%s" as %s.

          Open your personal signing link (it works once and expires on %s):
          %s

          To sign, you will receive a one-time code at this address.
          """.formatted(signer.get("name"), title, signer.get("party_role"), expires, link(tenantId, token)));
      jdbc.update("update contract_signer set status = 'SENT', sent_at = ? where signer_id = ?",
          Timestamp.from(clock.now()), signerId);
      vault.recordEvent(tenantId, contractId.toString(), "SIGNING_LINK_SENT", Map.of("signerId", signerId.toString(),
          "role", signer.get("party_role"), "channel", "EMAIL", "expiresAt", expires.toString()), "contract-signing");
      LOG.info("Contract {} (tenant {}): signing link sent to signer {} ({})", contractId, tenantId, signerId,
          signer.get("party_role"));
    }
    return jdbc.query("""
        select signer_id, link_expires_at from contract_signer
        where tenant_id = ? and contract_id = ? and signing_group = ? order by signer_id""",
        (rs, n) -> new IssuedLink(rs.getString(1), ContractService.iso(rs, 2)), tenantId, contractId, group);
  }

  /**
   * Reminds a signer who has not answered: a fresh link (the old one stops working) with the same expiry.
   * @return whether a reminder went out (not once the signer answered)
   */
  public boolean remind(String tenantId, UUID signerId) {
    var rows = jdbc.queryForList("""
        select s.contract_id, s.name, s.email, s.link_expires_at from contract_signer s
        where s.tenant_id = ? and s.signer_id = ? and s.status in ('SENT', 'VIEWED')""", tenantId, signerId);
    if (rows.isEmpty()) {
      return false;
    }
    var signer = rows.getFirst();
    UUID contractId = (UUID) signer.get("contract_id");
    String token = newToken();
    jdbc.update("update contract_signer set link_sha256 = ?, reminders_sent = reminders_sent + 1, otp_sent = 0, "
        + "otp_sha256 = null where signer_id = ?", DigestUtils.sha256Hex(token), signerId);
    mail.send((String) signer.get("email"), "Reminder: please sign " + title(tenantId, contractId), """
        Hello %s,

        a reminder: "%s" still waits for your signature. Your new signing link (the earlier one no longer works)
        expires on %s:
        %s
        """.formatted(signer.get("name"), title(tenantId, contractId),
        ((Timestamp) signer.get("link_expires_at")).toInstant(), link(tenantId, token)));
    vault.recordEvent(tenantId, contractId.toString(), "SIGNING_REMINDER_SENT", Map.of("signerId",
        signerId.toString()), "contract-signing");
    return true;
  }

  /**
   * The signer's link expired: an unanswered signer becomes EXPIRED. @return the signer's status afterwards: EXPIRED,
   * or SIGNED or DECLINED when the answer was recorded but its message had not reached the process
   */
  public String expire(String tenantId, UUID signerId) {
    jdbc.update("""
        update contract_signer set status = 'EXPIRED', link_sha256 = null, decided_at = ?
        where tenant_id = ? and signer_id = ? and status in ('PENDING', 'SENT', 'VIEWED')""",
        Timestamp.from(clock.now()), tenantId, signerId);
    return jdbc.queryForObject("select status from contract_signer where tenant_id = ? and signer_id = ?",
        String.class, tenantId, signerId);
  }

  /** Voids the packet's open signers: their links stop working. */
  public void voidOpen(String tenantId, UUID contractId) {
    jdbc.update("""
        update contract_signer set status = 'VOIDED', link_sha256 = null
        where tenant_id = ? and contract_id = ? and status in ('PENDING', 'SENT', 'VIEWED')""", tenantId, contractId);
  }

  /**
   * Opens a signing link: the signer sees the contract, and SENT becomes VIEWED (recorded with IP and user agent).
   * @throws LinkException if the link is unknown (404), used or expired (410)
   */
  @Transactional
  public SigningView open(String tenantId, String token, String ip, String userAgent) {
    var signer = byToken(tenantId, token);
    UUID signerId = (UUID) signer.get("signer_id");
    UUID contractId = (UUID) signer.get("contract_id");
    if ("SENT".equals(signer.get("status"))) {
      jdbc.update("update contract_signer set status = 'VIEWED', viewed_at = ?, ip_address = ?, user_agent = ? "
          + "where signer_id = ?", Timestamp.from(clock.now()), ip, userAgent, signerId);
      vault.recordEvent(tenantId, contractId.toString(), "SIGNER_VIEWED", Map.of("signerId", signerId.toString(),
          "ip", String.valueOf(ip), "userAgent", String.valueOf(userAgent)), "signer:" + signerId);
    }
    var version = jdbc.queryForMap("""
        select c.title, v.version, v.sha256, v.rendered_text from contract c join contract_version v
          on v.tenant_id = c.tenant_id and v.contract_id = c.contract_id and v.version = ?
        where c.tenant_id = ? and c.contract_id = ?""", signer.get("version"), tenantId, contractId);
    return new SigningView(contractId, (String) version.get("title"), (Integer) version.get("version"),
        (String) version.get("sha256"), (String) version.get("rendered_text"), signerId, (String) signer.get("name"),
        (String) signer.get("party_role"), "SENT".equals(signer.get("status")) ? "VIEWED"
            : (String) signer.get("status"), ((Timestamp) signer.get("link_expires_at")).toInstant().toString());
  }

  /**
   * Emails a one-time password to the signer's address (a new one replaces the last; one per 30 seconds, five per
   * link). @throws LinkException if the link is unknown, used or expired
   * @throws OtpException if a code was sent less than 30 seconds ago or five were sent for this link
   */
  @Transactional
  public void sendOtp(String tenantId, String token) {
    var signer = byToken(tenantId, token);
    Object lastExpiry = signer.get("otp_expires_at");
    if (lastExpiry != null && ((Timestamp) lastExpiry).toInstant().minus(OTP_TTL).plus(OTP_RESEND_AFTER)
        .isAfter(clock.now())) {
      throw new OtpException("A code was sent less than " + OTP_RESEND_AFTER.toSeconds() + " seconds ago: check "
          + "your email, or ask again in a moment");
    }
    if ((Integer) signer.get("otp_sent") >= OTP_CODES_PER_LINK) {
      throw new OtpException(OTP_CODES_PER_LINK + " codes were sent for this link: the next reminder brings a fresh "
          + "link, or ask the agency to send one");
    }
    String code = "%06d".formatted(RANDOM.nextInt(1_000_000));
    jdbc.update("update contract_signer set otp_sha256 = ?, otp_expires_at = ?, otp_attempts = 0, "
        + "otp_sent = otp_sent + 1 where signer_id = ?",
        DigestUtils.sha256Hex(signer.get("signer_id") + ":" + code), Timestamp.from(clock.now().plus(OTP_TTL)),
        signer.get("signer_id"));
    mail.send((String) signer.get("email"), "Your signing code", """
        Your one-time code to sign "%s" is %s. It is valid for 10 minutes.
        If you did not ask for it, ignore this email.
        """.formatted(title(tenantId, (UUID) signer.get("contract_id")), code));
  }

  /**
   * Signs or declines through the link with the emailed code. The link is used up; the answer goes to the process.
   *
   * @param decline whether the signer declines; {@code reason} is then required
   * @throws LinkException if the link is unknown, used or expired
   * @throws OtpException if the code is missing, wrong, expired or tried too often
   */
  public ContractService.SignerView answer(String tenantId, String token, String otp, boolean decline, String reason,
      String ip, String userAgent) {
    // recorded and committed first, then the process hears of it: its next job reads the answer
    Object outcome = tx.execute(status -> {
      try {
        return record(tenantId, token, otp, decline, reason, ip, userAgent);
      } catch (OtpException e) {
        return e; // committed with the row: a wrong code counts against the code's tries, also when tried in parallel
      }
    });
    if (outcome instanceof OtpException e) {
      throw e;
    }
    ContractService.SignerView answered = (ContractService.SignerView) outcome;
    try {
      messages.publish(tenantId, SIGNER_RESPONDED, answered.signerId().toString(), "signer-responded:"
          + answered.signerId(), Duration.ofDays(30), Map.of("signerDecision", answered.status()));
    } catch (RuntimeException e) { // the answer is on record; the expiry step of the packet reads it from there
      LOG.warn("Tenant {}: signer {}'s answer is recorded but could not be published yet: {}", tenantId,
          answered.signerId(), e.getMessage());
    }
    return answered;
  }

  private ContractService.SignerView record(String tenantId, String token, String otp, boolean decline,
      String reason, String ip, String userAgent) {
    var signer = byToken(tenantId, token);
    UUID signerId = (UUID) signer.get("signer_id");
    UUID contractId = (UUID) signer.get("contract_id");
    checkOtp(signer, otp);
    if (decline && (reason == null || reason.isBlank())) {
      throw new OtpException("A decline needs a reason");
    }
    String status = decline ? "DECLINED" : "SIGNED";
    Instant now = clock.now();
    jdbc.update("""
        update contract_signer set status = ?, decided_at = ?, ip_address = ?, user_agent = ?, channel = ?,
          decline_reason = ?, link_sha256 = null, otp_sha256 = null
        where signer_id = ?""", status, Timestamp.from(now), ip, userAgent, CHANNEL_EMAIL_OTP,
        decline ? reason.strip() : null, signerId);
    Map<String, Object> detail = new HashMap<>();
    detail.put("signerId", signerId.toString());
    detail.put("role", signer.get("party_role"));
    detail.put("email", signer.get("email"));
    detail.put("ip", String.valueOf(ip));
    detail.put("userAgent", String.valueOf(userAgent));
    detail.put("channel", CHANNEL_EMAIL_OTP);
    detail.put("version", signer.get("version"));
    if (decline) {
      detail.put("reason", reason.strip());
    }
    vault.recordEvent(tenantId, contractId.toString(), "SIGNER_" + status, detail, "signer:" + signerId);
    LOG.info("Contract {} (tenant {}): signer {} ({}) {}", contractId, tenantId, signerId, signer.get("party_role"),
        status);
    return new ContractService.SignerView(signerId, (Integer) signer.get("signing_group"),
        (String) signer.get("party_role"), (String) signer.get("name"), (String) signer.get("email"),
        (Boolean) signer.get("minor"), status, null, null,
        now.toString(), CHANNEL_EMAIL_OTP, decline ? reason.strip() : null);
  }

  private void checkOtp(Map<String, Object> signer, String otp) {
    Object expected = signer.get("otp_sha256");
    if (expected == null) {
      throw new OtpException("Ask for a one-time code first (POST …/otp); it is sent to your email");
    }
    if ((Integer) signer.get("otp_attempts") >= OTP_TRIES) {
      throw new OtpException("Too many wrong codes: ask for a new one");
    }
    if (((Timestamp) signer.get("otp_expires_at")).toInstant().isBefore(clock.now())) {
      throw new OtpException("The code has expired: ask for a new one");
    }
    String given = DigestUtils.sha256Hex(signer.get("signer_id") + ":" + (otp == null ? "" : otp.strip()));
    if (!MessageDigest.isEqual(given.getBytes(), expected.toString().getBytes())) {
      jdbc.update("update contract_signer set otp_attempts = otp_attempts + 1 where signer_id = ?",
          signer.get("signer_id"));
      throw new OtpException("The code is wrong");
    }
  }

  private Map<String, Object> byToken(String tenantId, String token) {
    var rows = token == null || token.length() > 100 ? List.<Map<String, Object>>of() : jdbc.queryForList("""
        select signer_id, contract_id, version, signing_group, party_role, name, email, minor, status,
               link_expires_at, otp_sha256, otp_expires_at, otp_attempts, otp_sent
        from contract_signer where tenant_id = ? and link_sha256 = ? for update""", tenantId,
        DigestUtils.sha256Hex(token));
    if (rows.isEmpty()) {
      throw new LinkException(NOT_VALID, false);
    }
    var signer = rows.getFirst();
    if (!List.of("SENT", "VIEWED").contains(signer.get("status"))) {
      throw new LinkException("This signing link can no longer be used: the signer is " + signer.get("status"), true);
    }
    if (((Timestamp) signer.get("link_expires_at")).toInstant().isBefore(clock.now())) {
      throw new LinkException("This signing link expired at " + signer.get("link_expires_at"), true);
    }
    return signer;
  }

  private String title(String tenantId, UUID contractId) {
    return jdbc.queryForObject("select title from contract where tenant_id = ? and contract_id = ?", String.class,
        tenantId, contractId);
  }

  private String link(String tenantId, String token) {
    return baseUrl + "/api/v1/signing/" + tenantId + "/" + token;
  }

  /**
   * A new link token (signing links, access links, casting client views): 256 random bits, URL-safe Base64 without
   * padding (43 characters); store only its SHA-256.
   */
  public static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
