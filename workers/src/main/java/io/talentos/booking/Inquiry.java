package io.talentos.booking;

import io.talentos.finance.Money;
import io.talentos.finance.EscrowMilestones;
import java.time.Instant;
import java.util.List;

/**
 * A client's booking request (seed 000 §3 B1: the inquiry that starts the flow).
 *
 * @param talentId the talent asked for
 * @param clientName who asks
 * @param startsAt start of the talent's dates (UTC instant)
 * @param endsAt end of the talent's dates, after {@code startsAt}
 * @param deliverables what the talent delivers, in words
 * @param budget the client's budget, which becomes the quoted gross (minor units + ISO 4217 currency)
 * @param commissionModel PERCENTAGE, FLAT_FEE, TIERED or MULTI_PARTY (seed 000 §10.5)
 * @param optionExpiresAt when the option hold lapses; null for the tenant default
 * @param milestones how the escrow is released, as shares of the gross in basis points; null or empty for one
 *     milestone on delivery acceptance
 */
public record Inquiry(String talentId, String clientName, Instant startsAt, Instant endsAt, String deliverables,
    Money budget, String commissionModel, Instant optionExpiresAt, List<EscrowMilestones.Share> milestones) {

  /** An inquiry released in one milestone. */
  public Inquiry(String talentId, String clientName, Instant startsAt, Instant endsAt, String deliverables,
      Money budget, String commissionModel, Instant optionExpiresAt) {
    this(talentId, clientName, startsAt, endsAt, deliverables, budget, commissionModel, optionExpiresAt, null);
  }
}
