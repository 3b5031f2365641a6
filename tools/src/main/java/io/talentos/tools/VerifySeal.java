package io.talentos.tools;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Checks a sealed contract from the command line with the EU DSS library:
 * {@code ./mvnw -q -pl tools exec:java -Dexec.args="contract.pdf [seal-certificate.pem]"}. Prints each signature and
 * exits 0 when every signature is intact and valid (and, with the certificate, trusted: TOTAL_PASSED), else 1.
 */
public final class VerifySeal {

  private VerifySeal() {}

  /** Runs the check. @param args the PDF, optionally the platform's seal certificate (PEM) as trust anchor */
  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: VerifySeal contract.pdf [seal-certificate.pem]");
      System.exit(2);
    }
    X509Certificate anchor = null;
    if (args.length == 2) {
      try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
        anchor = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      }
    }
    List<PdfSeals.Signature> signatures = PdfSeals.validate(Files.readAllBytes(Path.of(args[0])), anchor);
    if (signatures.isEmpty()) {
      System.out.println(args[0] + ": no signature");
      System.exit(1);
    }
    boolean ok = true;
    for (PdfSeals.Signature s : signatures) {
      System.out.printf("%s: %s, intact=%s, valid=%s, indication=%s%s, signed by %s%n", args[0], s.format(),
          s.intact(), s.valid(), s.indication(), s.subIndication() == null ? "" : " (" + s.subIndication() + ")",
          s.signedBy());
      ok &= s.intact() && s.valid() && (anchor == null || "TOTAL_PASSED".equals(s.indication()));
    }
    System.out.println(ok ? "OK: the seal is intact" + (anchor == null ? " (pass the seal certificate to check "
        + "trust as well)" : " and trusted") : "FAILED");
    System.exit(ok ? 0 : 1);
  }
}
