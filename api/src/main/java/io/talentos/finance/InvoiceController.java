package io.talentos.finance;

import io.swagger.v3.oas.annotations.Operation;
import io.talentos.audit.AuditLog;
import io.talentos.identity.CurrentUser;
import io.talentos.policy.Capabilities;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tax invoices with GST (issue 4): the tenant's tax profile (the supplier), issuing an invoice with the next gapless
 * number, reading it as JSON or as the PDF of CGST Rules rule 46. Needs {@code finance.invoice.create} to write and
 * {@code finance.invoice.view} to read.
 */
@RestController
class InvoiceController {

  private final Invoices invoices;
  private final Capabilities capabilities;

  InvoiceController(Invoices invoices, Capabilities capabilities) {
    this.invoices = invoices;
    this.capabilities = capabilities;
  }

  @Operation(summary = "Set the tenant's supplier details: legal name, address, GST state code, GSTIN, number prefix")
  @PutMapping("/api/v1/tenants/{tenantId}/tax-profile")
  Invoices.TaxProfile saveProfile(@PathVariable String tenantId, @RequestBody Invoices.TaxProfile body,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "finance.invoice.create");
    return invoices.saveProfile(tenantId, body);
  }

  @Operation(summary = "The tenant's supplier details")
  @GetMapping("/api/v1/tenants/{tenantId}/tax-profile")
  ResponseEntity<Invoices.TaxProfile> profile(@PathVariable String tenantId,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "finance.invoice.view");
    return ResponseEntity.of(invoices.profile(tenantId));
  }

  @Operation(summary = "Issue a tax invoice with GST by place of supply; the number is the next of its financial year")
  @PostMapping("/api/v1/tenants/{tenantId}/invoices")
  ResponseEntity<Invoices.Invoice> issue(@PathVariable String tenantId, @RequestBody Invoices.InvoiceRequest body,
      @AuthenticationPrincipal CurrentUser user, HttpServletRequest request) {
    capabilities.require(tenantId, user.userId(), user.roles(), "finance.invoice.create");
    Invoices.Invoice invoice = invoices.issue(tenantId, user.userId(), body);
    request.setAttribute(AuditLog.REQUEST_AFTER, java.util.Map.of("invoiceNumber", invoice.invoiceNumber(),
        "totalMinor", invoice.totalMinor(), "currency", invoice.currency()));
    return ResponseEntity.created(URI.create("/api/v1/tenants/" + tenantId + "/invoices/" + invoice.invoiceId()))
        .body(invoice);
  }

  @Operation(summary = "One invoice")
  @GetMapping("/api/v1/tenants/{tenantId}/invoices/{invoiceId}")
  Invoices.Invoice get(@PathVariable String tenantId, @PathVariable UUID invoiceId,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "finance.invoice.view");
    return invoices.find(tenantId, invoiceId);
  }

  @Operation(summary = "The invoice as a PDF with the particulars of CGST Rules rule 46")
  @GetMapping(path = "/api/v1/tenants/{tenantId}/invoices/{invoiceId}/pdf", produces = MediaType.APPLICATION_PDF_VALUE)
  ResponseEntity<byte[]> pdf(@PathVariable String tenantId, @PathVariable UUID invoiceId,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "finance.invoice.view");
    Invoices.Invoice invoice = invoices.find(tenantId, invoiceId);
    return ResponseEntity.ok().header("Content-Disposition", "inline; filename=\""
        + invoice.invoiceNumber().replace('/', '-') + ".pdf\"").body(InvoicePdf.render(invoice));
  }
}
