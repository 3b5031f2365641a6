package io.talentos.contracts;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Emails to signers: their signing link and their one-time password (seed 000 §11.4). With {@code spring.mail.host}
 * set, mail goes out over SMTP; without it (the embedded default), each message is written as an RFC 5322 {@code .eml}
 * file into {@code talentos.contracts.mail-pickup-dir} (default {@code <tmp>/talentos-mail}), never sent, so a
 * developer can open it. The subject and body never go to the log: they carry the link and the code.
 */
@Component
public class SignerMail {

  /** The mail could not be sent; the job fails and the engine retries it. */
  public static class MailFailedException extends RuntimeException {
    MailFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(SignerMail.class);

  private final JavaMailSender sender;
  private final Path pickupDir;
  private final String from;

  SignerMail(ObjectProvider<JavaMailSender> sender,
      @Value("${talentos.contracts.mail-pickup-dir:}") String pickupDir,
      @Value("${talentos.contracts.mail-from:contracts@talentos.local}") String from) {
    this.sender = sender.getIfAvailable();
    this.from = from;
    this.pickupDir = Path.of(pickupDir.isBlank() ? System.getProperty("java.io.tmpdir") + "/talentos-mail"
        : pickupDir);
    if (this.sender == null) {
      LOG.warn("No SMTP server configured (spring.mail.host): signing emails are written to {} and not sent",
          this.pickupDir.toAbsolutePath());
    }
  }

  /** The files carry links and codes: the pickup directory is the owner's alone, created so and kept so. */
  private void ownerOnlyPickupDir() throws IOException {
    var ownerOnly = java.nio.file.attribute.PosixFilePermissions.fromString("rwx------");
    try {
      if (!Files.isDirectory(pickupDir)) {
        Files.createDirectories(pickupDir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(ownerOnly));
      }
      if (!Files.getPosixFilePermissions(pickupDir).equals(ownerOnly)) {
        Files.setPosixFilePermissions(pickupDir, ownerOnly);
      }
    } catch (UnsupportedOperationException e) {
      Files.createDirectories(pickupDir);
      LOG.warn("Cannot restrict {} to its owner on this file system", pickupDir);
    }
  }

  /** Sends a plain-text email. @throws MailFailedException if the SMTP server or the pickup directory refuses it */
  public void send(String to, String subject, String body) {
    try {
      MimeMessage message = sender != null ? sender.createMimeMessage()
          : new MimeMessage(Session.getInstance(new Properties()));
      message.setFrom(new InternetAddress(from));
      message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to, true));
      message.setSubject(subject, "UTF-8");
      message.setText(body, "UTF-8");
      message.setSentDate(java.util.Date.from(Instant.now()));
      if (sender != null) {
        sender.send(message);
        LOG.info("Signing email sent to {}", to);
      } else {
        ownerOnlyPickupDir();
        Path file = pickupDir.resolve(Instant.now().toEpochMilli() + "-" + UUID.randomUUID() + ".eml");
        try (OutputStream out = Files.newOutputStream(file)) {
          message.writeTo(out);
        }
        LOG.info("Signing email to {} written to {}", to, file);
      }
    } catch (MessagingException | MailException | IOException e) {
      throw new MailFailedException("Could not send the email to " + to + ": " + e.getMessage(), e);
    }
  }
}
