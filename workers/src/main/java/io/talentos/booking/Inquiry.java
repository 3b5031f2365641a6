package io.talentos.booking;

import io.talentos.finance.Money;
import java.time.Instant;

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
 */
public record Inquiry(String talentId, String clientName, Instant startsAt, Instant endsAt, String deliverables,
    Money budget, String commissionModel, Instant optionExpiresAt) {}
