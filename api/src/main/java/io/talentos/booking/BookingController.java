package io.talentos.booking;

import io.swagger.v3.oas.annotations.Operation;
import io.talentos.finance.EscrowMilestones;
import io.talentos.finance.Money;
import io.talentos.identity.CurrentUser;
import io.talentos.policy.Capabilities;
import io.talentos.audit.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Bookings: start one from an inquiry, read its status and timeline. */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/bookings")
class BookingController {

  /** Money in a request: integer minor units and an ISO 4217 code. */
  record MoneyRequest(@NotNull @Positive Long amountMinor, @NotBlank @Pattern(regexp = "[A-Z]{3}") String currency) {}

  /** A client's inquiry (seed 000 §3 B1). */
  record InquiryRequest(@NotBlank @Size(max = 64) String talentId, @NotBlank @Size(max = 200) String clientName,
      @NotNull Instant startsAt, @NotNull Instant endsAt, @NotBlank @Size(max = 2000) String deliverables,
      @NotNull @Valid MoneyRequest budget,
      @NotBlank @Pattern(regexp = "PERCENTAGE|FLAT_FEE|TIERED|MULTI_PARTY") String commissionModel,
      Instant optionExpiresAt, @Valid @Size(max = 12) List<MilestoneRequest> milestones) {}

  /** An escrow milestone: a name and its share of the gross in basis points; the shares sum to 10000. */
  record MilestoneRequest(@NotBlank @Size(max = 120) String name,
      @NotNull @Min(1) @Max(10_000) Integer shareBasisPoints) {}

  /** The booking just started. */
  record StartedResponse(UUID bookingId, long processInstanceKey, Instant holdExpiresAt) {}

  private final BookingService bookings;
  private final Bookings queries;

  private final Capabilities capabilities;

  BookingController(BookingService bookings, Bookings queries, Capabilities capabilities) {
    this.capabilities = capabilities;
    this.bookings = bookings;
    this.queries = queries;
  }

  @Operation(summary = "Start a booking from a client's inquiry")
  @PostMapping
  ResponseEntity<StartedResponse> start(@PathVariable String tenantId,
      @AuthenticationPrincipal CurrentUser user, @Valid @RequestBody InquiryRequest body,
      HttpServletRequest request) {
    capabilities.require(tenantId, user.userId(), user.roles(), "booking.booking.create");
    var started = bookings.start(tenantId, user.userId(), new Inquiry(body.talentId(), body.clientName(),
        body.startsAt(), body.endsAt(), body.deliverables(),
        new Money(body.budget().amountMinor(), body.budget().currency()), body.commissionModel(),
        body.optionExpiresAt(), body.milestones() == null ? null : body.milestones().stream()
            .map(m -> new EscrowMilestones.Share(m.name(), m.shareBasisPoints())).toList()));
    request.setAttribute(AuditLog.REQUEST_AFTER, Map.of("inquiry", body, "processInstanceKey",
        started.processInstanceKey()));
    return ResponseEntity.created(URI.create("/api/v1/tenants/" + tenantId + "/bookings/" + started.bookingId()))
        .body(new StartedResponse(started.bookingId(), started.processInstanceKey(), started.holdExpiresAt()));
  }

  @Operation(summary = "A booking's status, key variables and timeline (elements passed, with engine times)")
  @GetMapping("/{bookingId}")
  Bookings.BookingView get(@PathVariable String tenantId, @PathVariable UUID bookingId) {
    return queries.find(tenantId, bookingId)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No booking " + bookingId + " for this tenant"));
  }
}
