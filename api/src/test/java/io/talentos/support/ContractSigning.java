package io.talentos.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.talentos.contracts.ContractService;
import io.talentos.contracts.SignaturePackets;
import io.talentos.isolation.TenantScope;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signs contracts the way signers do: the link from their email, a one-time password from their email, then sign or
 * decline. Works on the services (the HTTP side is covered by the contract API test).
 */
public final class ContractSigning {

  private static final Pattern LINK = Pattern.compile("/api/v1/signing/([^/\\s]+)/([A-Za-z0-9_-]+)");
  private static final Pattern CODE = Pattern.compile("is (\\d{6})\\.");

  private ContractSigning() {}

  /** The three parties of a booking contract, each in a group of their own (client, then talent, then agency). */
  public static List<ContractService.Signer> bookingParties(String suffix) {
    return List.of(
        new ContractService.Signer("CLIENT", "Nova Apparel", "client-" + suffix + "@nova.example", null, false),
        new ContractService.Signer("TALENT", "Ria Sen", "ria-" + suffix + "@talent.example", null, false),
        new ContractService.Signer("AGENCY", "Lumen Talent", "agency-" + suffix + "@lumen.example", null, false));
  }

  /** The signing link's token from the newest email with the subject prefix ("Please sign", "Reminder"). */
  public static String linkToken(String email, String subjectPrefix, int nth) {
    Matcher m = LINK.matcher(TestSmtp.awaitMail(email, subjectPrefix, nth).text());
    assertThat(m.find()).as("a signing link in the email to " + email).isTrue();
    return m.group(2);
  }

  /** Opens the link, asks for a code, reads it from the email and signs (or declines with the reason). */
  public static ContractService.SignerView answer(SignaturePackets packets, String tenantId, String email,
      boolean decline, String reason) {
    String token = linkToken(email, "Please sign", 1);
    try (TenantScope.Binding scope = TenantScope.bind(tenantId)) {
      packets.open(tenantId, token, "203.0.113.7", "JUnit");
      long codes = TestSmtp.count(email, "Your signing code");
      packets.sendOtp(tenantId, token);
      String code = code(email, (int) codes + 1);
      return packets.answer(tenantId, token, code, decline, reason, "203.0.113.7", "JUnit");
    }
  }

  /** The newest one-time password sent to the address, once {@code nth} have arrived. */
  public static String code(String email, int nth) {
    Matcher m = CODE.matcher(TestSmtp.awaitMail(email, "Your signing code", nth).text());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  /** Each signer in turn signs through their link (the next group's emails arrive after the group before signed). */
  public static void signAll(SignaturePackets packets, String tenantId, List<ContractService.Signer> signers) {
    for (ContractService.Signer s : signers) {
      answer(packets, tenantId, s.email(), false, null);
    }
  }

  /** A fresh suffix for unique signer addresses. */
  public static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
