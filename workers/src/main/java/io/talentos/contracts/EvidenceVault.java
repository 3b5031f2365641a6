package io.talentos.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.codec.digest.DigestUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The evidence vault (issue 5; seed 000 §11.2, seed 002 non-repudiation): every version of a contract's documents and
 * every signing event, tenant-scoped and append-only (the table refuses UPDATE, DELETE and TRUNCATE; row-level
 * security keeps tenants apart). A document's bytes go to {@link EvidenceStorage} under a key nobody reuses, and its
 * SHA-256 to the table; reading it back checks the hash, so bytes changed in storage are detected, never served.
 */
@Component
public class EvidenceVault {

  /**
   * One vault item: a DOCUMENT (name, SHA-256 hex, size in bytes) or an EVENT (name, detail), who recorded it and
   * when (ISO-8601).
   */
  public record Item(UUID itemId, String contractId, String kind, String name, String sha256, Long sizeBytes,
      Map<String, Object> detail, String recordedBy, String recordedAt) {}

  /** The tenant has no such evidence item (HTTP 404). */
  public static class UnknownEvidenceException extends RuntimeException {
    UnknownEvidenceException(String tenantId, UUID itemId) {
      super("Tenant '" + tenantId + "' has no evidence item " + itemId);
    }
  }

  /** The stored bytes no longer match the SHA-256 recorded with them (HTTP 409 and an alert, never the bytes). */
  public static class EvidenceTamperedException extends RuntimeException {
    EvidenceTamperedException(UUID itemId, String expected, String actual) {
      super("Evidence item " + itemId + " was changed in storage: SHA-256 " + actual + ", recorded " + expected);
    }
  }

  private final JdbcTemplate jdbc;
  private final EvidenceStorage storage;
  private final ObjectMapper json;

  EvidenceVault(JdbcTemplate jdbc, EvidenceStorage storage, ObjectMapper json) {
    this.jdbc = jdbc;
    this.storage = storage;
    this.json = json;
  }

  /**
   * Stores a document version (a draft, the signed PDF, the sealed PDF) with its SHA-256.
   *
   * @throws IllegalArgumentException for an empty document or a blank contract id or name
   */
  public Item storeDocument(String tenantId, String contractId, String name, byte[] bytes, String recordedBy) {
    if (bytes == null || bytes.length == 0 || contractId == null || contractId.isBlank() || name == null
        || name.isBlank()) {
      throw new IllegalArgumentException("A document needs a contract id, a name and some bytes");
    }
    UUID id = UUID.randomUUID();
    String key = tenantId + "/" + UUID.nameUUIDFromBytes(contractId.getBytes(StandardCharsets.UTF_8)) + "/" + id;
    storage.put(key, bytes);
    jdbc.update("""
        insert into evidence_item (item_id, tenant_id, contract_id, kind, name, sha256, size_bytes, storage_key,
          recorded_by) values (?, ?, ?, 'DOCUMENT', ?, ?, ?, ?, ?)""", id, tenantId, contractId, name,
        DigestUtils.sha256Hex(bytes), (long) bytes.length, key, recordedBy);
    return find(tenantId, id);
  }

  /**
   * Records an event (e.g. SENT, VIEWED, SIGNED with signer, time, IP and channel).
   *
   * @throws IllegalArgumentException for a blank contract id or event name
   */
  public Item recordEvent(String tenantId, String contractId, String name, Map<String, Object> detail,
      String recordedBy) {
    if (contractId == null || contractId.isBlank() || name == null || name.isBlank()) {
      throw new IllegalArgumentException("An event needs a contract id and a name");
    }
    UUID id = UUID.randomUUID();
    jdbc.update("""
        insert into evidence_item (item_id, tenant_id, contract_id, kind, name, detail, recorded_by)
        values (?, ?, ?, 'EVENT', ?, ?::jsonb, ?)""", id, tenantId, contractId, name, toJson(detail), recordedBy);
    return find(tenantId, id);
  }

  /** The contract's items in the order they were recorded. */
  public List<Item> items(String tenantId, String contractId) {
    return jdbc.query(SELECT + " where tenant_id = ? and contract_id = ? order by recorded_at, item_id", this::item,
        tenantId, contractId);
  }

  /**
   * A document's bytes, checked against the SHA-256 recorded with them.
   *
   * @throws UnknownEvidenceException if the tenant has no such document
   * @throws EvidenceTamperedException if the stored bytes changed
   */
  public byte[] read(String tenantId, UUID itemId) {
    List<String[]> rows = jdbc.query("""
        select storage_key, sha256 from evidence_item where tenant_id = ? and item_id = ? and kind = 'DOCUMENT'""",
        (rs, i) -> new String[] {rs.getString(1), rs.getString(2)}, tenantId, itemId);
    if (rows.isEmpty()) {
      throw new UnknownEvidenceException(tenantId, itemId);
    }
    byte[] bytes = storage.get(rows.getFirst()[0]);
    String actual = DigestUtils.sha256Hex(bytes);
    if (!actual.equals(rows.getFirst()[1])) {
      throw new EvidenceTamperedException(itemId, rows.getFirst()[1], actual);
    }
    return bytes;
  }

  private Item find(String tenantId, UUID itemId) {
    return jdbc.query(SELECT + " where tenant_id = ? and item_id = ?", this::item, tenantId, itemId).stream()
        .findFirst().orElseThrow(() -> new UnknownEvidenceException(tenantId, itemId));
  }

  private static final String SELECT = """
      select item_id, contract_id, kind, name, sha256, size_bytes, detail::text, recorded_by, recorded_at
      from evidence_item""";

  @SuppressWarnings("unchecked")
  private Item item(ResultSet rs, int row) throws SQLException {
    Map<String, Object> detail;
    try {
      detail = json.readValue(rs.getString(7), Map.class);
    } catch (JsonProcessingException e) {
      throw new SQLException("evidence detail is not JSON", e);
    }
    Long size = rs.getObject(6) == null ? null : rs.getLong(6);
    return new Item(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        size, detail, rs.getString(8), rs.getTimestamp(9).toInstant().toString());
  }

  private String toJson(Map<String, Object> detail) {
    try {
      return json.writeValueAsString(detail == null ? Map.of() : detail);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("The event detail cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }
}
