package io.talentos.contracts;

import io.swagger.v3.oas.annotations.Operation;
import io.talentos.isolation.TenantScope;
import io.talentos.tenancy.TenantGuard;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.function.Supplier;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signer's side (seed 000 §11.4), without a login: the emailed single-use link opens the contract, a one-time
 * password goes to the signer's email, and the signer signs or declines with it. An unknown tenant, an unknown link
 * and a used or replaced one get the same 404 with the same words, so the links reveal nothing; the public paths are
 * rate-limited per client address. The sealed PDF can also be read through an expiring access link.
 */
@RestController
class SigningController {

  /** The emailed one-time password, and for a decline the reason. */
  record AnswerRequest(@Size(max = 12) String otp, @Size(max = 2000) String reason) {}

  private final SignaturePackets packets;
  private final ContractDocuments documents;
  private final TenantGuard guard;
  private final PlatformSeal seal;

  SigningController(SignaturePackets packets, ContractDocuments documents, TenantGuard guard, PlatformSeal seal) {
    this.seal = seal;
    this.packets = packets;
    this.documents = documents;
    this.guard = guard;
  }

  @Operation(summary = "Open a signing link: the contract's text and the signer's part (SENT becomes VIEWED)")
  @GetMapping("/api/v1/signing/{tenantId}/{token}")
  SignaturePackets.SigningView open(@PathVariable String tenantId, @PathVariable String token,
      HttpServletRequest request) {
    return inTenant(tenantId, () -> packets.open(tenantId, token, request.getRemoteAddr(),
        request.getHeader("User-Agent")));
  }

  @Operation(summary = "Email a one-time password to the signer (a new one replaces the last)")
  @PostMapping("/api/v1/signing/{tenantId}/{token}/otp")
  ResponseEntity<Void> otp(@PathVariable String tenantId, @PathVariable String token) {
    inTenant(tenantId, () -> {
      packets.sendOtp(tenantId, token);
      return null;
    });
    return ResponseEntity.accepted().build();
  }

  @Operation(summary = "Sign with the one-time password; the link is used up")
  @PostMapping("/api/v1/signing/{tenantId}/{token}/sign")
  ContractService.SignerView sign(@PathVariable String tenantId, @PathVariable String token,
      @Valid @RequestBody AnswerRequest body, HttpServletRequest request) {
    return inTenant(tenantId, () -> packets.answer(tenantId, token, body.otp(), false, null,
        request.getRemoteAddr(), request.getHeader("User-Agent")));
  }

  @Operation(summary = "Decline with the one-time password and a reason; the packet ends")
  @PostMapping("/api/v1/signing/{tenantId}/{token}/decline")
  ContractService.SignerView decline(@PathVariable String tenantId, @PathVariable String token,
      @Valid @RequestBody AnswerRequest body, HttpServletRequest request) {
    return inTenant(tenantId, () -> packets.answer(tenantId, token, body.otp(), true, body.reason(),
        request.getRemoteAddr(), request.getHeader("User-Agent")));
  }

  @Operation(summary = "The sealed PDF through an expiring access link")
  @GetMapping("/api/v1/contract-links/{tenantId}/{token}")
  ResponseEntity<byte[]> shared(@PathVariable String tenantId, @PathVariable String token) {
    return inTenant(tenantId, () -> {
      ContractDocuments.Shared shared = documents.sharedDocument(tenantId, token);
      return ContractController.pdf(shared.contractId(), shared.pdf());
    });
  }

  @Operation(summary = "The platform's seal certificate (PEM): the trust anchor to check sealed contracts with")
  @GetMapping(value = "/api/v1/contract-seal/certificate", produces = "application/x-pem-file")
  String sealCertificate() throws java.security.cert.CertificateEncodingException {
    return "-----BEGIN CERTIFICATE-----\n"
        + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(seal.certificate().getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  private <T> T inTenant(String tenantId, Supplier<T> action) {
    try (TenantScope.Binding tenant = guard.enterPublic(tenantId,
        () -> new SignaturePackets.LinkException(SignaturePackets.NOT_VALID, false))) {
      return action.get();
    }
  }
}
