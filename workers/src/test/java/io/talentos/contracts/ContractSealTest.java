package io.talentos.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import io.talentos.tools.PdfSeals;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, sealing: a contract sealed with the platform key is a PAdES baseline B signature that an independent
 * validator, the EU DSS library, reports intact and valid (the platform certificate as its trust anchor), with the
 * audit certificate page inside the signed bytes; a byte changed after sealing fails that validation.
 */
class ContractSealTest {

  private static PlatformSeal platform;
  private static ContractSeal.Sealed sealed;
  private static byte[] contract;

  @BeforeAll
  static void seal() throws Exception {
    platform = PlatformSeal.generated("CN=TalentOS test seal,O=TalentOS");
    contract = contractPdf();
    sealed = new ContractSeal(platform).seal("C-2026-014", contract, List.of(
        new ContractSeal.SigningEvent("Lumen Cosmetics Pvt Ltd", "Client", "legal@lumen.example",
            Instant.parse("2026-11-22T09:15:00Z"), "203.0.113.7", "email link + OTP"),
        new ContractSeal.SigningEvent("Mira Kapoor", "Talent", "mira@talent.example",
            Instant.parse("2026-11-22T10:02:00Z"), "198.51.100.23", "email link + OTP"),
        new ContractSeal.SigningEvent("\u092e\u0940\u0930\u093e Agency", "Agency", "ops@agency.example",
            Instant.parse("2026-11-22T10:30:00Z"), "192.0.2.44", "signed in (MFA)")));
  }

  @Test
  void theSealIsAPadesBaselineBSignature_thatDssReportsIntactAndValid() {
    List<PdfSeals.Signature> signatures = PdfSeals.validate(sealed.pdf(), platform.certificate());
    assertThat(signatures).hasSize(1);
    PdfSeals.Signature signature = signatures.getFirst();
    assertThat(signature.intact()).as("the signed bytes are unchanged").isTrue();
    assertThat(signature.valid()).isTrue();
    assertThat(signature.format()).isEqualTo("PAdES-BASELINE-B");
    assertThat(signature.signedBy()).contains("TalentOS test seal");
    assertThat(signature.indication()).isEqualTo("TOTAL_PASSED");
    assertThat(sealed.sha256()).isEqualTo(DigestUtils.sha256Hex(sealed.pdf())).hasSize(64);
  }

  @Test
  void theAuditCertificateNamesEverySigner_theirTimesAndAddresses_andTheHashOfWhatTheySigned() throws Exception {
    try (PDDocument document = Loader.loadPDF(sealed.pdf())) {
      assertThat(document.getNumberOfPages()).isEqualTo(2);
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setStartPage(2);
      String audit = stripper.getText(document);
      assertThat(audit).contains("Audit certificate", "Contract C-2026-014",
          "SHA-256 of the contract as signed: " + DigestUtils.sha256Hex(contract),
          "Client: Lumen Cosmetics Pvt Ltd <legal@lumen.example>", "signed 2026-11-22 09:15:00 UTC from 203.0.113.7",
          "Talent: Mira Kapoor <mira@talent.example>", "signed 2026-11-22 10:02:00 UTC from 198.51.100.23",
          "Agency: ???? Agency <ops@agency.example>"); // what WinAnsi cannot encode prints as a question mark
    }
  }

  @Test
  void aContractChangedAfterSealing_failsTheValidation() {
    byte[] tampered = sealed.pdf().clone();
    int at = new String(tampered, StandardCharsets.ISO_8859_1).indexOf("stream") + 20; // inside the first page's data
    tampered[at] = (byte) (tampered[at] ^ 0x01);

    PdfSeals.Signature signature = PdfSeals.validate(tampered, platform.certificate()).getFirst();
    assertThat(signature.intact()).as("one changed byte").isFalse();
    assertThat(signature.indication()).isEqualTo("TOTAL_FAILED");
  }

  private static byte[] contractPdf() throws Exception {
    try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDPage page = new PDPage();
      document.addPage(page);
      try (PDPageContentStream text = new PDPageContentStream(document, page)) {
        text.beginText();
        text.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        text.newLineAtOffset(50, 720);
        text.showText("Booking contract C-2026-014: one studio day, INR 1,50,000, paid into escrow.");
        text.endText();
      }
      document.save(out);
      return out.toByteArray();
    }
  }
}
