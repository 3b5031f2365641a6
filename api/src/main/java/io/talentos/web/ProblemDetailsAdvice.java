package io.talentos.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.camunda.client.api.command.ClientException;
import io.talentos.booking.BookingService;
import io.talentos.engine.MessageCorrelation;
import io.talentos.finance.Ledger;
import io.talentos.identity.TenantAccessException;
import io.talentos.policy.AccessPolicy;
import io.talentos.tasklist.TaskForms;
import io.talentos.tasklist.TaskList;
import io.talentos.tenancy.Tenants;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error into an RFC 9457 problem+json response with a 4xx status and a sentence a caller can act on.
 * No stack trace or internal class name ever reaches the caller; unexpected failures are logged in full here.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

  @ExceptionHandler({Tenants.UnknownTenantException.class, TaskList.TaskNotFoundException.class,
      io.talentos.tenancy.Blueprints.UnknownBlueprintException.class,
      io.talentos.designer.TenantModels.UnknownVersionException.class,
      io.talentos.policy.Capabilities.UnknownRoleException.class,
      io.talentos.policy.BreakGlassService.UnknownOverrideException.class,
      io.talentos.finance.Invoices.UnknownInvoiceException.class,
      io.talentos.finance.PaymentWebhooks.UnknownProviderAccountException.class,
      io.talentos.finance.SettlementService.UnknownImportException.class,
      io.talentos.finance.PayoutBatchService.UnknownBatchException.class,
      io.talentos.finance.Refunds.UnknownRefundException.class,
      io.talentos.contracts.ContractService.UnknownContractException.class,
      io.talentos.contracts.ContractTemplates.UnknownTemplateException.class,
      io.talentos.contracts.EvidenceVault.UnknownEvidenceException.class,
      io.talentos.casting.CastingService.UnknownCastingException.class,
      io.talentos.pageant.PageantService.UnknownPageantException.class})
  ProblemDetail notFound(RuntimeException e) {
    return problem(HttpStatus.NOT_FOUND, "Not Found", e.getMessage());
  }

  @ExceptionHandler({Tenants.TenantNotActiveException.class, TaskList.SelfApprovalException.class,
      io.talentos.policy.Capabilities.CapabilityDeniedException.class,
      io.talentos.pageant.PageantService.JudgeNotAllowedException.class,
      org.springframework.security.access.AccessDeniedException.class})
  ProblemDetail forbidden(RuntimeException e) {
    return problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage());
  }

  @ExceptionHandler({MessageCorrelation.NoSubscriptionException.class, MessageCorrelation.MessageInFlightException.class,
      Tenants.TransitionException.class, io.talentos.finance.Invoices.MissingTaxProfileException.class,
      TaskList.TaskConflictException.class, Ledger.IdempotencyConflictException.class,
      io.talentos.finance.PayoutBatchService.BatchInProgressException.class,
      io.talentos.finance.PayoutBatchService.BatchStateException.class,
      io.talentos.contracts.ContractService.ContractStateException.class,
      io.talentos.contracts.EvidenceVault.EvidenceTamperedException.class,
      io.talentos.casting.CastingService.CastingStateException.class,
      io.talentos.casting.CastingService.TalentBusyException.class,
      io.talentos.pageant.PageantService.PageantStateException.class})
  ProblemDetail conflict(RuntimeException e) {
    return problem(HttpStatus.CONFLICT, "Conflict", e.getMessage());
  }

  @ExceptionHandler(TenantAccessException.class)
  org.springframework.http.ResponseEntity<ProblemDetail> tenantAccess(TenantAccessException e) {
    HttpStatus status = e.isAuthenticationProblem() ? HttpStatus.UNAUTHORIZED : HttpStatus.FORBIDDEN;
    var response = org.springframework.http.ResponseEntity.status(status);
    if (e.isAuthenticationProblem()) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
    }
    return response.body(problem(status, status.getReasonPhrase(), e.getMessage()));
  }

  @ExceptionHandler(AccessPolicy.DeniedException.class)
  ProblemDetail policyDenied(AccessPolicy.DeniedException e) {
    boolean stepUp = "REQUIRE_STEP_UP".equals(e.decision().obligation());
    ProblemDetail problem = problem(HttpStatus.FORBIDDEN, stepUp ? "Step-up authentication required" : "Forbidden",
        e.getMessage());
    problem.setProperty("obligation", e.decision().obligation());
    problem.setProperty("policyVersion", e.decision().decisionVersion());
    return problem;
  }

  @ExceptionHandler({BookingService.InvalidInquiryException.class,
      io.talentos.policy.Capabilities.InvalidRoleException.class,
      io.talentos.policy.BreakGlassService.InvalidOverrideException.class,
      io.talentos.finance.Invoices.InvalidInvoiceException.class,
      io.talentos.finance.SettlementService.InvalidSettlementException.class,
      io.talentos.finance.FinanceSettings.InvalidSettingsException.class,
      io.talentos.finance.PaymentWebhooks.InvalidPaymentException.class,
      io.talentos.finance.Escrow.InvalidEscrowRequestException.class,
      io.talentos.finance.PayoutBatchService.InvalidBatchException.class,
      io.talentos.contracts.ContractTemplates.InvalidTermsException.class,
      io.talentos.contracts.SignaturePackets.OtpException.class,
      io.talentos.casting.CastingService.InvalidCastingException.class,
      io.talentos.pageant.PageantService.InvalidPageantException.class,
      io.talentos.pageant.StageRules.InvalidRulesException.class,
      io.talentos.pageant.StageRules.InvalidScoreException.class})
  ProblemDetail unprocessable(RuntimeException e) {
    return problem(HttpStatus.UNPROCESSABLE_ENTITY, "Unprocessable Content", e.getMessage());
  }

  @ExceptionHandler(TaskForms.FormValidationException.class)
  ProblemDetail formInvalid(TaskForms.FormValidationException e) {
    ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_ENTITY, "Form validation failed", e.getMessage());
    problem.setProperty("violations", e.violations());
    return problem;
  }

  @ExceptionHandler(io.talentos.designer.TenantModels.InvalidModelException.class)
  ProblemDetail modelInvalid(io.talentos.designer.TenantModels.InvalidModelException e) {
    ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_ENTITY, "Model validation failed", e.getMessage());
    problem.setProperty("violations", e.violations());
    return problem;
  }

  @ExceptionHandler(io.talentos.finance.PaymentWebhooks.InvalidWebhookException.class)
  ProblemDetail webhookInvalid(RuntimeException e) {
    return problem(HttpStatus.BAD_REQUEST, "Webhook refused", e.getMessage());
  }

  @ExceptionHandler(org.springframework.dao.DuplicateKeyException.class)
  ProblemDetail duplicate(RuntimeException e) {
    LOG.info("Refused a duplicate: {}", e.getMessage());
    return problem(HttpStatus.CONFLICT, "Conflict", "This exists already (a concurrent or repeated request)");
  }

  @ExceptionHandler(io.talentos.contracts.SignaturePackets.LinkException.class)
  ProblemDetail signingLink(io.talentos.contracts.SignaturePackets.LinkException e) {
    return e.gone() ? problem(HttpStatus.GONE, "Gone", e.getMessage())
        : problem(HttpStatus.NOT_FOUND, "Not Found", e.getMessage());
  }

  @ExceptionHandler(io.talentos.pageant.PageantService.ScoringRateLimitedException.class)
  org.springframework.http.ResponseEntity<ProblemDetail> scoringLimited(RuntimeException e) {
    return org.springframework.http.ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", "60")
        .body(problem(HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests", e.getMessage()));
  }

  @ExceptionHandler(io.talentos.contracts.SignerMail.MailFailedException.class)
  ProblemDetail mailFailed(RuntimeException e) {
    LOG.warn("Signing email failed: {}", e.getMessage());
    return problem(HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable", "The email could not be sent; try again "
        + "in a minute");
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ProblemDetail badRequest(RuntimeException e) {
    return problem(HttpStatus.BAD_REQUEST, "Bad Request", e.getMessage());
  }

  @ExceptionHandler(ClientException.class)
  ProblemDetail engineUnavailable(ClientException e) {
    LOG.error("Workflow engine call failed", e);
    return problem(HttpStatus.SERVICE_UNAVAILABLE, "Workflow engine unavailable",
        "The workflow engine did not accept the command; retry later");
  }

  @ExceptionHandler(Exception.class)
  ProblemDetail unexpected(Exception e) {
    LOG.error("Unexpected error", e);
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal Server Error",
        "An unexpected error occurred; it has been logged");
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    var violations = ex.getBindingResult().getFieldErrors().stream()
        .map(error -> error.getField() + ": " + error.getDefaultMessage()).sorted().toList();
    ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request",
        "The request has invalid fields: " + String.join("; ", violations));
    problem.setProperty("violations", violations);
    return ResponseEntity.badRequest().body(problem);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    Throwable cause = ex.getCause();
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof RequestSizeLimitFilter.PayloadTooLargeException tooLarge) {
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
            .body(problem(HttpStatus.PAYLOAD_TOO_LARGE, "Payload Too Large", tooLarge.getMessage()));
      }
    }
    String detail;
    if (cause instanceof UnrecognizedPropertyException unknown) {
      detail = "Unknown field '" + unknown.getPropertyName() + "'";
    } else if (cause instanceof InvalidFormatException invalid) {
      detail = "Field '" + path(invalid) + "' cannot take the value '" + invalid.getValue() + "'";
    } else if (cause instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
      detail = "Field '" + path(mismatched) + "' has the wrong type or is missing";
    } else if (cause instanceof JsonParseException parse) {
      detail = "Malformed JSON at line " + parse.getLocation().getLineNr() + ", column "
          + parse.getLocation().getColumnNr();
    } else {
      detail = "The request body is missing or is not valid JSON";
    }
    return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Malformed request body", detail));
  }

  private static String path(MismatchedInputException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
  }

  private static ProblemDetail problem(HttpStatus status, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    return problem;
  }
}
