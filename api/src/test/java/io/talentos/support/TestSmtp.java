package io.talentos.support;

import static io.talentos.support.Waits.AWAIT;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * A local SMTP server (GreenMail) for the whole test JVM: the app sends its signing links and one-time passwords to
 * it over real SMTP ({@code spring.mail.host}), and tests read them as a signer would.
 */
public class TestSmtp implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  /** One received email: recipient, subject and decoded text. */
  public record Mail(String to, String subject, String text) {}

  private static GreenMail server;

  /** The running server (started on first use, on a free port). */
  public static synchronized GreenMail server() {
    if (server == null) {
      server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      server.start();
    }
    return server;
  }

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-smtp", Map.of(
        "spring.mail.host", "127.0.0.1", "spring.mail.port", server().getSmtp().getPort())));
  }

  /**
   * The newest email to the address whose subject starts with the prefix, once at least {@code atLeast} such emails
   * arrived.
   */
  public static Mail awaitMail(String to, String subjectPrefix, int atLeast) {
    return await().atMost(AWAIT).until(() -> {
      var matching = Arrays.stream(server().getReceivedMessages()).filter(m -> is(m, to, subjectPrefix)).toList();
      return matching.size() < atLeast ? null : mail(matching.getLast());
    }, m -> m != null);
  }

  /** How many emails with this subject prefix went to the address. */
  public static long count(String to, String subjectPrefix) {
    return Arrays.stream(server().getReceivedMessages()).filter(m -> is(m, to, subjectPrefix)).count();
  }

  private static boolean is(MimeMessage m, String to, String subjectPrefix) {
    try {
      return Optional.ofNullable(m.getRecipients(Message.RecipientType.TO)).stream().flatMap(Arrays::stream)
          .anyMatch(a -> a.toString().equalsIgnoreCase(to)) && m.getSubject().startsWith(subjectPrefix);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Mail mail(MimeMessage m) {
    try {
      return new Mail(m.getRecipients(Message.RecipientType.TO)[0].toString(), m.getSubject(),
          m.getContent().toString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
