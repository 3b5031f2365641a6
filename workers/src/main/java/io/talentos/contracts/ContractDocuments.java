package io.talentos.contracts;

import io.talentos.documents.PdfText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The signed contract as a document (seed 000 §11.2 EvidenceVault): the final version's text rendered to PDF with
 * PDFBox, the audit certificate page and the platform's PAdES seal added ({@link ContractSeal}), stored in the
 * {@link EvidenceVault}. Sealing twice (a retried job) returns the first sealed document.
 */
@Component
public class ContractDocuments {

  private static final float MARGIN = 56;
  private static final float FONT_SIZE = 10.5f;
  private static final float LEADING = 14.5f;

  private final ContractService contracts;
  private final ContractSeal seal;
  private final EvidenceVault vault;
  private final JdbcTemplate jdbc;
  private final io.talentos.engine.EngineClock clock;
  private final org.springframework.transaction.support.TransactionTemplate tx;

  ContractDocuments(ContractService contracts, ContractSeal seal, EvidenceVault vault, JdbcTemplate jdbc,
      io.talentos.engine.EngineClock clock, org.springframework.transaction.support.TransactionTemplate tx) {
    this.tx = tx;
    this.clock = clock;
    this.contracts = contracts;
    this.seal = seal;
    this.vault = vault;
    this.jdbc = jdbc;
  }

  /**
   * Renders, seals and stores the contract as its signers signed it. @return the vault item of the sealed PDF
   * @throws ContractService.ContractStateException unless every signer signed
   */
  public EvidenceVault.Item seal(String tenantId, UUID contractId) {
    // under the contract's row lock: a job that runs twice at once stores one sealed PDF, not two
    return tx.execute(status -> {
      jdbc.queryForList("select 1 from contract where tenant_id = ? and contract_id = ? for update", tenantId,
          contractId);
      return sealLocked(tenantId, contractId);
    });
  }

  private EvidenceVault.Item sealLocked(String tenantId, UUID contractId) {
    ContractService.ContractView contract = contracts.view(tenantId, contractId, true);
    if (contract.sealedItemId() != null) {
      return vault.items(tenantId, contractId.toString()).stream()
          .filter(i -> i.itemId().equals(contract.sealedItemId())).findFirst().orElseThrow();
    }
    List<ContractService.SignerView> signers = contract.signers();
    if (signers.isEmpty() || signers.stream().anyMatch(s -> !"SIGNED".equals(s.status()))) {
      throw new ContractService.ContractStateException("Contract " + contractId + " is not signed by every signer");
    }
    List<ContractSeal.SigningEvent> events = new ArrayList<>();
    for (ContractService.SignerView s : signers) {
      String ip = jdbc.queryForObject("select ip_address from contract_signer where signer_id = ?", String.class,
          s.signerId());
      events.add(new ContractSeal.SigningEvent(s.name(), s.role(), s.email(), java.time.Instant.parse(s.decidedAt()),
          ip, s.channel()));
    }
    try {
      byte[] pdf = render(contract.title(), contract.text(), contractId, contract.version(), contract.sha256());
      ContractSeal.Sealed sealed = seal.seal(contractId.toString(), pdf, events);
      EvidenceVault.Item item = vault.storeDocument(tenantId, contractId.toString(),
          "contract-" + contractId + "-v" + contract.version() + "-sealed.pdf", sealed.pdf(), "contract-signing");
      contracts.sealed(tenantId, contractId, item.itemId());
      return item;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An expiring read link to the sealed PDF (seed 000 §11.5 access expiry): its URL and expiry (ISO-8601). */
  public record AccessLink(String url, String expiresAt) {}

  /** The sealed PDF. @throws ContractService.ContractStateException if the contract is not sealed yet */
  public byte[] sealedDocument(String tenantId, UUID contractId) {
    UUID item = contracts.sealedItem(tenantId, contractId).orElseThrow(() ->
        new ContractService.ContractStateException("Contract " + contractId + " has no sealed PDF yet: it is sealed "
            + "once every signer has signed"));
    return vault.read(tenantId, item);
  }

  /**
   * Creates a read link to the sealed PDF that works without a login until it expires (at most 30 days).
   * @throws ContractService.ContractStateException if the contract is not sealed yet
   */
  public AccessLink accessLink(String tenantId, UUID contractId, String actor, java.time.Duration ttl,
      String baseUrl) {
    if (contracts.sealedItem(tenantId, contractId).isEmpty()) {
      throw new ContractService.ContractStateException("Contract " + contractId + " has no sealed PDF to share yet");
    }
    java.time.Duration valid = ttl == null || ttl.isNegative() || ttl.isZero() ? java.time.Duration.ofDays(1)
        : ttl.compareTo(java.time.Duration.ofDays(30)) > 0 ? java.time.Duration.ofDays(30) : ttl;
    String token = SignaturePackets.newToken();
    java.time.Instant expires = clock.now().plus(valid);
    jdbc.update("insert into contract_access_link (link_sha256, tenant_id, contract_id, created_by, expires_at) "
        + "values (?, ?, ?, ?, ?)", org.apache.commons.codec.digest.DigestUtils.sha256Hex(token), tenantId,
        contractId, actor, java.sql.Timestamp.from(expires));
    vault.recordEvent(tenantId, contractId.toString(), "ACCESS_LINK_CREATED", java.util.Map.of("by", actor,
        "expiresAt", expires.toString()), actor);
    return new AccessLink(baseUrl.replaceAll("/+$", "") + "/api/v1/contract-links/" + tenantId + "/" + token,
        expires.toString());
  }

  /** A sealed PDF read through an access link, and the contract it belongs to. */
  public record Shared(UUID contractId, byte[] pdf) {}

  /** The sealed PDF through an access link. @throws SignaturePackets.LinkException if unknown (404) or expired (410) */
  public Shared sharedDocument(String tenantId, String token) {
    var rows = token == null || token.length() > 100 ? java.util.List.<java.util.Map<String, Object>>of()
        : jdbc.queryForList("select contract_id, expires_at from contract_access_link where tenant_id = ? and "
            + "link_sha256 = ?", tenantId, org.apache.commons.codec.digest.DigestUtils.sha256Hex(token));
    if (rows.isEmpty()) {
      throw new SignaturePackets.LinkException(SignaturePackets.NOT_VALID, false);
    }
    if (((java.sql.Timestamp) rows.getFirst().get("expires_at")).toInstant().isBefore(clock.now())) {
      throw new SignaturePackets.LinkException("This access link has expired", true);
    }
    UUID contractId = (UUID) rows.getFirst().get("contract_id");
    return new Shared(contractId, sealedDocument(tenantId, contractId));
  }

  /** The contract text on A4 pages, wrapped to the page width, with a header naming the version and its hash. */
  static byte[] render(String title, String text, UUID contractId, int version, String sha256) throws IOException {
    PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    try (PDDocument document = new PDDocument()) {
      float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
      List<String> lines = new ArrayList<>();
      for (String paragraph : text.split("\n", -1)) {
        lines.addAll(wrap(PdfText.winAnsi(paragraph), regular, width));
      }
      int perPage = (int) ((PDRectangle.A4.getHeight() - 2 * MARGIN - 40) / LEADING);
      for (int start = 0, page = 1; start < lines.size() || start == 0; start += perPage, page++) {
        PDPage pdPage = new PDPage(PDRectangle.A4);
        document.addPage(pdPage);
        try (PDPageContentStream out = new PDPageContentStream(document, pdPage)) {
          out.beginText();
          out.newLineAtOffset(MARGIN, PDRectangle.A4.getHeight() - MARGIN);
          out.setFont(bold, 9);
          out.setLeading(LEADING);
          out.showText(PdfText.winAnsi(title + " - contract " + contractId + ", version " + version + ", page "
              + page));
          out.newLine();
          out.setFont(regular, 7);
          out.showText("SHA-256 of the text: " + sha256);
          out.newLine();
          out.newLine();
          out.setFont(regular, FONT_SIZE);
          for (String line : lines.subList(start, Math.min(lines.size(), start + perPage))) {
            out.showText(line);
            out.newLine();
          }
          out.endText();
        }
        if (lines.isEmpty()) {
          break;
        }
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      document.save(bytes);
      return bytes.toByteArray();
    }
  }

  private static List<String> wrap(String paragraph, PDType1Font font, float width) throws IOException {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : paragraph.split(" ")) {
      String candidate = line.isEmpty() ? word : line + " " + word;
      if (!line.isEmpty() && font.getStringWidth(candidate) / 1000 * FONT_SIZE > width) {
        lines.add(line.toString());
        line = new StringBuilder(word);
      } else {
        line = new StringBuilder(candidate);
      }
    }
    lines.add(line.toString());
    return lines;
  }
}
