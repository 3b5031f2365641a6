package io.talentos.contracts;

import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The platform's sealing key (issue 5; seed 002, non-repudiation): the private key and certificate that seal signed
 * contracts. Production configures a PKCS #12 key store ({@code talentos.contracts.seal.keystore}, {@code …password},
 * {@code …alias}); without one, the embedded default generates a self-signed RSA 3072 certificate at start and says
 * so (on first use), which seals correctly but is trusted by nobody who does not pin it.
 */
@Component
public class PlatformSeal {

  private static final Logger LOG = LoggerFactory.getLogger(PlatformSeal.class);

  private final String keystore;
  private final String password;
  private final String alias;
  private PrivateKey privateKey;
  private X509Certificate certificate;

  @Autowired
  PlatformSeal(@Value("${talentos.contracts.seal.keystore:}") String keystore,
      @Value("${talentos.contracts.seal.password:}") String password,
      @Value("${talentos.contracts.seal.alias:talentos-seal}") String alias) {
    this.keystore = keystore;
    this.password = password;
    this.alias = alias;
  }

  private PlatformSeal(PrivateKey privateKey, X509Certificate certificate) {
    this("", "", "");
    this.privateKey = privateKey;
    this.certificate = certificate;
  }

  /** Loads (or, without a key store, generates) the key on first use, so a start that seals nothing pays nothing. */
  private synchronized void load() {
    if (privateKey != null) {
      return;
    }
    try {
      if (keystore.isBlank()) {
        PlatformSeal generated = generated("CN=TalentOS platform seal (development),O=TalentOS");
        privateKey = generated.privateKey;
        certificate = generated.certificate;
        LOG.warn("No talentos.contracts.seal.keystore: contracts are sealed with a self-signed development key "
            + "({}); configure a PKCS #12 key store in production", certificate.getSubjectX500Principal());
        return;
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(Path.of(keystore))) {
        store.load(in, password.toCharArray());
      }
      PrivateKey key = (PrivateKey) store.getKey(alias, password.toCharArray());
      X509Certificate cert = (X509Certificate) store.getCertificate(alias);
      if (key == null || cert == null) {
        throw new IllegalStateException("Key store " + keystore + " has no key and certificate under alias " + alias);
      }
      privateKey = key;
      certificate = cert;
    } catch (IllegalStateException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("The platform seal cannot be loaded from " + keystore + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * A seal with a fresh self-signed RSA 3072 certificate valid for ten years (development and tests).
   *
   * @param subject an X.500 name, e.g. {@code CN=TalentOS platform seal}
   */
  public static PlatformSeal generated(String subject) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(3072);
    KeyPair pair = generator.generateKeyPair();
    Instant now = Instant.now();
    X500Name name = new X500Name(subject);
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
        BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofDays(1))),
        Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
    X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
    return new PlatformSeal(pair.getPrivate(), certificate);
  }

  /**
   * The key that signs; never leaves the platform.
   *
   * @throws IllegalStateException if the configured key store cannot be read or lacks the alias
   */
  PrivateKey privateKey() {
    load();
    return privateKey;
  }

  /**
   * The certificate a validator checks the seal against.
   *
   * @throws IllegalStateException if the configured key store cannot be read or lacks the alias
   */
  public X509Certificate certificate() {
    load();
    return certificate;
  }
}
