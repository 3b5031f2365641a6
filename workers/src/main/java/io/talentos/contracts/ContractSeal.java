package io.talentos.contracts;

import io.talentos.documents.PdfText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Calendar;
import java.util.List;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureInterface;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.springframework.stereotype.Component;

/**
 * Seals a signed contract (issue 5; seed 000 §11.4, seed 002 non-repudiation): appends an audit certificate page
 * (every signer with role, channel, time and IP address, and the SHA-256 of the contract as they signed it) and signs
 * the whole PDF with the platform's key as a PAdES baseline B signature (ETSI EN 319 142-1): PDFBox's signing
 * support with sub-filter {@code ETSI.CAdES.detached}, a detached CMS SignedData from BouncyCastle whose signed
 * attributes carry the signing-certificate-v2 and no signing-time (the claimed time is the signature dictionary's
 * {@code /M}). Any change to the sealed bytes breaks the signature.
 */
@Component
public class ContractSeal {

  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);

  /** One signing event for the audit certificate: who, in which role, through which channel, when, from where. */
  public record SigningEvent(String signer, String role, String email, Instant signedAt, String ipAddress,
      String channel) {}

  /** The sealed PDF and its SHA-256 (hex), as the evidence vault stores them. */
  public record Sealed(byte[] pdf, String sha256) {}

  private final PlatformSeal seal;

  ContractSeal(PlatformSeal seal) {
    this.seal = seal;
  }

  /**
   * Adds the audit certificate page and seals the contract.
   *
   * @param contractPdf the contract as the parties signed it
   * @throws IOException if the contract is not a readable PDF
   */
  public Sealed seal(String contractId, byte[] contractPdf, List<SigningEvent> events) throws IOException {
    String signedHash = DigestUtils.sha256Hex(contractPdf);
    try (PDDocument document = Loader.loadPDF(contractPdf)) {
      appendAuditCertificate(document, contractId, signedHash, events);
      PDSignature signature = new PDSignature();
      signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
      signature.setSubFilter(PDSignature.SUBFILTER_ETSI_CADES_DETACHED);
      signature.setName("TalentOS platform seal");
      signature.setReason("Contract " + contractId + " signed by all parties; audit certificate attached");
      signature.setSignDate(Calendar.getInstance());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (SignatureOptions options = new SignatureOptions()) {
        options.setPreferredSignatureSize(SignatureOptions.DEFAULT_SIGNATURE_SIZE * 2);
        document.addSignature(signature, this::cmsSignature, options);
        document.saveIncremental(out);
      }
      byte[] sealed = out.toByteArray();
      return new Sealed(sealed, DigestUtils.sha256Hex(sealed));
    }
  }

  private void appendAuditCertificate(PDDocument document, String contractId, String signedHash,
      List<SigningEvent> events) throws IOException {
    PDPage page = new PDPage(PDRectangle.A4);
    document.addPage(page);
    PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    try (PDPageContentStream text = new PDPageContentStream(document, page)) {
      text.beginText();
      text.setLeading(15);
      text.newLineAtOffset(50, 780);
      text.setFont(bold, 16);
      text.showText("Audit certificate");
      text.newLine();
      text.newLine();
      text.setFont(regular, 10);
      text.showText(PdfText.winAnsi("Contract " + contractId));
      text.newLine();
      text.showText("SHA-256 of the contract as signed: " + signedHash);
      text.newLine();
      text.showText(PdfText.winAnsi("Sealed by the TalentOS platform key: "
          + seal.certificate().getSubjectX500Principal().getName()));
      text.newLine();
      text.newLine();
      for (SigningEvent event : events) {
        text.setFont(bold, 10);
        text.showText(PdfText.winAnsi(event.role() + ": " + event.signer() + " <" + event.email() + ">"));
        text.newLine();
        text.setFont(regular, 10);
        text.showText(PdfText.winAnsi("  signed " + UTC.format(event.signedAt()) + " from " + event.ipAddress()
            + " via " + event.channel()));
        text.newLine();
      }
      text.endText();
    }
  }

  /** The detached CMS SignedData over the PDF's signed byte ranges (PDFBox calls it while saving). */
  private byte[] cmsSignature(InputStream content) throws IOException {
    try {
      ESSCertIDv2 certId = new ESSCertIDv2(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256),
          MessageDigest.getInstance("SHA-256").digest(seal.certificate().getEncoded()));
      ASN1EncodableVector attributes = new ASN1EncodableVector();
      attributes.add(new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
          new DERSet(new SigningCertificateV2(new ESSCertIDv2[] {certId}))));
      CMSAttributeTableGenerator signed = new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes)) {
        @Override
        @SuppressWarnings("rawtypes")
        public AttributeTable getAttributes(java.util.Map parameters) {
          return super.getAttributes(parameters).remove(CMSAttributes.signingTime); // PAdES B-B: the /M entry
        }
      };
      CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
      generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder()
          .build()).setSignedAttributeGenerator(signed)
          .build(new JcaContentSignerBuilder("SHA256withRSA").build(seal.privateKey()), seal.certificate()));
      generator.addCertificates(new JcaCertStore(List.of(seal.certificate())));
      byte[] data = content.readAllBytes();
      CMSTypedData typed = new org.bouncycastle.cms.CMSProcessableByteArray(data);
      return generator.generate(typed, false).getEncoded();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("Sealing failed: " + e.getMessage(), e);
    }
  }
}
