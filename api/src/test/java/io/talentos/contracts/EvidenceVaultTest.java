package io.talentos.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talentos.isolation.TenantScope;
import io.talentos.support.ProcessTestSupport;
import io.talentos.support.TalentOsTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 5, the evidence vault on the real PostgreSQL: documents are stored with their SHA-256 and read back checked,
 * events are recorded in order, the table refuses every change (append-only), bytes changed in storage are detected
 * and never served, and another tenant sees none of it.
 */
@TalentOsTest
class EvidenceVaultTest extends ProcessTestSupport {

  @Autowired EvidenceVault vault;
  @Autowired LocalEvidenceStorage storage;

  @Test
  void documentsAndEventsAreKeptInOrder_withTheirHashes_andReadBackChecked() {
    String contract = "C-" + UUID.randomUUID();
    byte[] draft = "draft v1".getBytes(StandardCharsets.UTF_8);
    byte[] sealed = "%PDF-1.7 sealed".getBytes(StandardCharsets.UTF_8);
    var first = vault.storeDocument(TENANT, contract, "draft-v1.pdf", draft, "legal.lena");
    var signed = vault.recordEvent(TENANT, contract, "SIGNED", Map.of("signer", "Mira Kapoor", "ip", "198.51.100.23",
        "channel", "email link + OTP"), "signing.link");
    var last = vault.storeDocument(TENANT, contract, "sealed.pdf", sealed, "automation.contracts");

    assertThat(vault.items(TENANT, contract)).extracting(EvidenceVault.Item::name)
        .containsExactly("draft-v1.pdf", "SIGNED", "sealed.pdf");
    assertThat(first.sha256()).isEqualTo(DigestUtils.sha256Hex(draft));
    assertThat(first.sizeBytes()).isEqualTo(draft.length);
    assertThat(signed.sizeBytes()).isNull();
    assertThat(signed.detail()).containsEntry("ip", "198.51.100.23");
    assertThat(vault.read(TENANT, last.itemId())).isEqualTo(sealed);
  }

  @Test
  void theVaultIsAppendOnly_andBytesChangedInStorageAreDetected() throws Exception {
    String contract = "C-" + UUID.randomUUID();
    var item = vault.storeDocument(TENANT, contract, "sealed.pdf", "original".getBytes(StandardCharsets.UTF_8),
        "automation.contracts");

    assertThatThrownBy(() -> jdbc.update("update evidence_item set name = 'other.pdf' where item_id = ?",
        item.itemId())).hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.update("delete from evidence_item where item_id = ?", item.itemId()))
        .hasMessageContaining("append-only");

    String key = jdbc.queryForObject("select storage_key from evidence_item where item_id = ?", String.class,
        item.itemId());
    Files.write(storage.file(key), "changed".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> vault.read(TENANT, item.itemId()))
        .isInstanceOf(EvidenceVault.EvidenceTamperedException.class).hasMessageContaining(item.sha256());
  }

  @Test
  void anotherTenantSeesNothing() {
    String contract = "C-" + UUID.randomUUID();
    var item = vault.storeDocument(TENANT, contract, "sealed.pdf", "ours".getBytes(StandardCharsets.UTF_8),
        "automation.contracts");
    TenantScope.callAs(OTHER_TENANT, () -> {
      assertThat(vault.items(OTHER_TENANT, contract)).isEmpty();
      assertThat(vault.items(TENANT, contract)).as("row-level security, even when asked by name").isEmpty();
      assertThatThrownBy(() -> vault.read(OTHER_TENANT, item.itemId()))
          .isInstanceOf(EvidenceVault.UnknownEvidenceException.class);
      return null;
    });
    assertThatThrownBy(() -> storage.file("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
  }
}
