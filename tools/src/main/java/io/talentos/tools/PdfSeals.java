package io.talentos.tools;

import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Validates the signatures of a PDF with the EU DSS library, independently of TalentOS (issue 5: the sealed contract
 * must be a PAdES signature an independent validator reports intact). Offline: no CRL, OCSP or AIA lookups; the
 * platform's seal certificate, when given, is the trust anchor.
 */
public final class PdfSeals {

  /**
   * One signature as DSS sees it: whether the signed bytes are unchanged ({@code intact}) and the cryptography holds
   * ({@code valid}), its format (e.g. PAdES-BASELINE-B), DSS's indication (TOTAL_PASSED, INDETERMINATE,
   * TOTAL_FAILED) with its sub-indication, and the signer's certificate subject.
   */
  public record Signature(boolean intact, boolean valid, String format, String indication, String subIndication,
      String signedBy) {}

  private PdfSeals() {}

  /** The PDF's signatures, in document order (empty if it has none). */
  public static List<Signature> validate(byte[] pdf, X509Certificate trustAnchor) {
    SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new InMemoryDocument(pdf));
    CommonCertificateVerifier verifier = new CommonCertificateVerifier();
    if (trustAnchor != null) {
      CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
      trusted.addCertificate(new CertificateToken(trustAnchor));
      verifier.setTrustedCertSources(trusted);
    }
    validator.setCertificateVerifier(verifier);
    Reports reports = validator.validateDocument();
    return reports.getDiagnosticData().getSignatures().stream().map(s -> signature(reports, s)).toList();
  }

  private static Signature signature(Reports reports, SignatureWrapper s) {
    var sub = reports.getSimpleReport().getSubIndication(s.getId());
    return new Signature(s.isSignatureIntact(), s.isSignatureValid(), String.valueOf(s.getSignatureFormat()),
        String.valueOf(reports.getSimpleReport().getIndication(s.getId())), sub == null ? null : sub.name(),
        s.getSigningCertificate() == null ? null : s.getSigningCertificate().getCertificateDN());
  }
}
