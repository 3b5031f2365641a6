package io.talentos.pageant;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Per-judge signing keys held by the server (issue 6; seed 002 §3.4 "hash &amp; sign scores"): an Ed25519 key pair
 * per judge and tenant, made on first assignment. The public key verifies the score chain; the private key is stored
 * encrypted with AES-256-GCM under {@code talentos.pageant.judge-key-secret} (Base64, 32 bytes) and decrypted only to
 * sign the judge's own scorecard. Without a configured secret a development secret is used, with a warning.
 */
@Component
public class JudgeKeys {

  private static final Logger LOG = LoggerFactory.getLogger(JudgeKeys.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int IV_BYTES = 12;

  private final JdbcTemplate jdbc;
  private final SecretKeySpec secret;
  /** Decrypted private keys by tenant and judge: a judge's key never changes once made (insert-only). */
  private final Map<String, PrivateKey> decrypted = new java.util.concurrent.ConcurrentHashMap<>();

  JudgeKeys(JdbcTemplate jdbc, @Value("${talentos.pageant.judge-key-secret:}") String configured)
      throws GeneralSecurityException {
    this.jdbc = jdbc;
    byte[] key;
    if (configured.isBlank()) {
      LOG.warn("talentos.pageant.judge-key-secret is not set: judges' signing keys are encrypted with a development "
          + "secret. Set a random 32-byte Base64 secret in production.");
      key = MessageDigest.getInstance("SHA-256").digest("talentos-development-judge-keys"
          .getBytes(StandardCharsets.UTF_8));
    } else {
      key = Base64.getDecoder().decode(configured.strip());
      if (key.length != 32) {
        throw new IllegalStateException("talentos.pageant.judge-key-secret must be 32 bytes in Base64");
      }
    }
    this.secret = new SecretKeySpec(key, "AES");
  }

  /** Makes the judge's key pair unless it exists (a repeated assignment keeps the first). */
  public void ensure(String tenantId, String judgeId) {
    if (publicKey(tenantId, judgeId) != null) {
      return;
    }
    KeyPair pair = ScoreChain.newJudgeKey();
    jdbc.update("""
        insert into pageant_judge_key (tenant_id, judge_id, public_key, private_key_enc) values (?, ?, ?, ?)
        on conflict do nothing""", tenantId, judgeId, pair.getPublic().getEncoded(),
        encrypt(pair.getPrivate().getEncoded()));
  }

  /** The judge's private key, to sign their scorecard. @throws IllegalStateException without a key */
  PrivateKey privateKey(String tenantId, String judgeId) {
    PrivateKey cached = decrypted.get(tenantId + "|" + judgeId);
    if (cached != null) {
      return cached;
    }
    List<byte[]> found = jdbc.queryForList("select private_key_enc from pageant_judge_key where tenant_id = ? and "
        + "judge_id = ?", byte[].class, tenantId, judgeId);
    if (found.isEmpty()) {
      throw new IllegalStateException("Judge " + judgeId + " has no signing key; assign the judge to a stage first");
    }
    PrivateKey key = ScoreChain.privateKey(decrypt(found.getFirst()));
    decrypted.put(tenantId + "|" + judgeId, key);
    return key;
  }

  /** The judge's public key, or null without one. */
  public PublicKey publicKey(String tenantId, String judgeId) {
    List<byte[]> found = jdbc.queryForList("select public_key from pageant_judge_key where tenant_id = ? and "
        + "judge_id = ?", byte[].class, tenantId, judgeId);
    return found.isEmpty() ? null : ScoreChain.publicKey(found.getFirst());
  }

  /** Every public key of the tenant's judges, by judge id, to verify a chain with. */
  public Map<String, PublicKey> publicKeys(String tenantId) {
    Map<String, PublicKey> keys = new java.util.HashMap<>();
    jdbc.query("select judge_id, public_key from pageant_judge_key where tenant_id = ?",
        rs -> {
          keys.put(rs.getString(1), ScoreChain.publicKey(rs.getBytes(2)));
        }, tenantId);
    return keys;
  }

  private byte[] encrypt(byte[] plain) {
    try {
      byte[] iv = new byte[IV_BYTES];
      RANDOM.nextBytes(iv);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, secret, new GCMParameterSpec(128, iv));
      byte[] sealed = cipher.doFinal(plain);
      byte[] out = Arrays.copyOf(iv, IV_BYTES + sealed.length);
      System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not encrypt a judge's key", e);
    }
  }

  private byte[] decrypt(byte[] stored) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, secret, new GCMParameterSpec(128, stored, 0, IV_BYTES));
      return cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("A judge's key does not decrypt with talentos.pageant.judge-key-secret", e);
    }
  }
}
