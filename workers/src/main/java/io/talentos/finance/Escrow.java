package io.talentos.finance;

import static io.talentos.finance.AccountType.ASSET;
import static io.talentos.finance.AccountType.EXPENSE;
import static io.talentos.finance.AccountType.LIABILITY;
import static io.talentos.finance.AccountType.REVENUE;
import static io.talentos.finance.BookingAccounts.CASH;
import static io.talentos.finance.BookingAccounts.agencyRevenue;
import static io.talentos.finance.BookingAccounts.agentPayable;
import static io.talentos.finance.BookingAccounts.clientEscrow;
import static io.talentos.finance.BookingAccounts.commissionReceivable;
import static io.talentos.finance.BookingAccounts.disputeHold;
import static io.talentos.finance.BookingAccounts.escrowPending;
import static io.talentos.finance.BookingAccounts.managerPayable;
import static io.talentos.finance.BookingAccounts.processorFee;
import static io.talentos.finance.BookingAccounts.talentPayable;

import java.util.List;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The money movements of one booking's escrow case (seed 000 §10.1, §10.4; issue 4): capture into escrow, two-phase
 * milestone releases (pending → posted or voided), dispute freezes and their adjustments, refunds and the payout.
 *
 * <p>Each operation runs in one transaction under a PostgreSQL advisory lock on the booking, reads the state it
 * needs from the ledger itself (nothing else stores escrow state) and posts at most one journal entry under an
 * idempotency key derived from the operation, so a retried job or a repeated event never posts twice, and two
 * operations on one booking never interleave. An operation the escrow's state does not allow throws
 * {@link EscrowStateException} and posts nothing; no account that holds client money ever goes below zero.
 * Amounts are minor units of the booking's ISO 4217 currency.
 */
@Component
public class Escrow {

  /** What a dispute decides (seed 000 §10.4 outcomes). */
  public enum Outcome {
    FULL_PAYOUT, PARTIAL_PAYOUT, FULL_REFUND, PENALTY, SUSPENSION;

    /** Whether the outcome gives the client's money back and ends the booking's money flow. */
    public boolean refundsEverything() {
      return this == FULL_REFUND || this == SUSPENSION;
    }
  }

  /** The escrow's state does not allow the operation (e.g. releasing frozen funds); nothing was posted. */
  public static class EscrowStateException extends IllegalStateException {
    EscrowStateException(String message) {
      super(message);
    }
  }

  /** The request itself is impossible (an amount out of range), whatever the escrow's state (HTTP 422). */
  public static class InvalidEscrowRequestException extends IllegalArgumentException {
    InvalidEscrowRequestException(String message) {
      super(message);
    }
  }

  /** A milestone's pending transfer: its attempt number and amount; {@code released} if it was posted already. */
  public record Reservation(String milestoneId, int attempt, long amountMinor, boolean released) {}

  /** The posted part of a milestone release: the split portion and the overpayment refunded with it. */
  public record Release(long amountMinor, CommissionSplit portion, long overpaymentRefundMinor, boolean duplicate) {}

  /**
   * A dispute's adjustment: what went back to the client, to the agency as a penalty, and back into escrow; the
   * booking's adjusted gross (for the split that follows; after a full refund, what milestones released before the
   * dispute, which the payout approval's thresholds then see); what the payees are owed from those milestones.
   */
  public record DisputeSettlement(long refundMinor, long penaltyMinor, long unfrozenMinor, long adjustedGrossMinor,
      long payableMinor) {}

  /** The derived balances of one booking's escrow accounts, for status and recovery views. */
  public record Balances(long escrowMinor, long pendingMinor, long frozenMinor, long payableMinor) {}

  private final Ledger ledger;
  private final TransactionTemplate tx;
  private final JdbcTemplate jdbc;

  Escrow(Ledger ledger, TransactionTemplate tx, JdbcTemplate jdbc) {
    this.ledger = ledger;
    this.tx = tx;
    this.jdbc = jdbc;
  }

  /**
   * Posts a captured payment into escrow once per {@code paymentId}: cash (net of the processor's fee) and the fee
   * expense against the client escrow.
   *
   * @throws InvalidEscrowRequestException if the amount is not positive or the fee is negative or above the amount
   */
  public Ledger.PostResult capture(String tenantId, String bookingId, String paymentId, long amountMinor,
      long feeMinor, String currency) {
    if (amountMinor <= 0 || feeMinor < 0 || feeMinor > amountMinor) {
      throw new InvalidEscrowRequestException("Payment " + paymentId + " needs a positive amount and a fee within "
          + "it, not " + amountMinor + " with fee " + feeMinor);
    }
    return locked(tenantId, bookingId, entries -> ledger.post(JournalEntry.builder(tenantId, "payment:" + paymentId,
            "PAYMENT_CAPTURED", bookingId, "Payment " + paymentId + " captured into escrow for booking " + bookingId)
        .debit(CASH, ASSET, amountMinor - feeMinor, currency)
        .debit(processorFee(bookingId), EXPENSE, feeMinor, currency)
        .credit(clientEscrow(bookingId), LIABILITY, amountMinor, currency)
        .build()));
  }

  /**
   * Reserves a milestone's amount as a pending transfer out of the client escrow (phase one). A milestone that has a
   * pending reservation or was released already returns it unchanged; after a void, a new attempt is reserved. The
   * last milestone reserves everything the escrow holds, so an overpayment goes with it and is refunded on posting.
   * When the escrow holds nothing (a dispute refunded it), the milestone has nothing to release: amount zero,
   * {@code released} true.
   *
   * @throws EscrowStateException if a dispute froze funds of the booking
   */
  public Reservation reserve(String tenantId, String bookingId, String milestoneId, long requestedMinor,
      boolean lastMilestone, String currency) {
    return locked(tenantId, bookingId, entries -> {
      Milestone m = milestone(entries, bookingId, milestoneId);
      if (m.posted != null) {
        return new Reservation(milestoneId, m.attempts.size(), m.posted.amountOn(escrowPending(bookingId),
            Posting.Side.DEBIT), true);
      }
      if (m.pending() != null) {
        return new Reservation(milestoneId, m.attempts.size(), pendingAmount(bookingId, m.pending()), false);
      }
      requireNotFrozen(tenantId, bookingId, currency, "release");
      long available = ledger.balance(tenantId, clientEscrow(bookingId), currency);
      long amount = lastMilestone ? available : Math.min(requestedMinor, available);
      if (amount <= 0) {
        return new Reservation(milestoneId, m.attempts.size(), 0, true);
      }
      int attempt = m.attempts.size() + 1;
      ledger.post(JournalEntry.builder(tenantId, pendingKey(bookingId, milestoneId, attempt), "RELEASE_PENDING",
              bookingId, "Milestone " + milestoneId + " of booking " + bookingId + " reserved for release (attempt "
                  + attempt + ")")
          .debit(clientEscrow(bookingId), LIABILITY, amount, currency)
          .credit(escrowPending(bookingId), LIABILITY, amount, currency)
          .build());
      return new Reservation(milestoneId, attempt, amount, false);
    });
  }

  /**
   * Posts a milestone's pending transfer by the booking's commission split (phase two): the portion of the split
   * this milestone carries (see {@link CommissionSplit#between}) to payables and revenue, the processor fee
   * recovered, and any amount beyond the gross refunded to the client.
   *
   * @throws EscrowStateException if the milestone has no pending reservation (never reserved, or voided)
   * @throws IllegalStateException if the split is not exact
   */
  public Release post(String tenantId, String bookingId, String milestoneId, CommissionSplit split) {
    split.requireExact();
    String c = split.currency();
    return locked(tenantId, bookingId, entries -> {
      Milestone m = milestone(entries, bookingId, milestoneId);
      if (m.posted != null) { // a retry: report what was posted
        return new Release(m.posted.amountOn(escrowPending(bookingId), Posting.Side.DEBIT), null,
            m.posted.amountOn(CASH, Posting.Side.CREDIT), true);
      }
      if (m.pending() == null) {
        throw new EscrowStateException("Milestone " + milestoneId + " of booking " + bookingId
            + " has no pending reservation to post");
      }
      long amount = pendingAmount(bookingId, m.pending());
      long before = released(entries, bookingId);
      CommissionSplit portion = split.between(before, before + amount).requireExact();
      long overpayment = amount - portion.grossMinor();
      // commission recognised on the invoice (ACCRUAL) is cleared, not recognised a second time
      long accrued = Math.min(receivable(entries, bookingId, c), portion.agencyCommissionMinor());
      ledger.post(JournalEntry.builder(tenantId, "release:" + bookingId + ":" + milestoneId, "ESCROW_RELEASED",
              bookingId, "Milestone " + milestoneId + " of booking " + bookingId + " released by commission split ("
                  + split.commissionModel() + ")")
          .debit(escrowPending(bookingId), LIABILITY, amount, c)
          .credit(talentPayable(bookingId), LIABILITY, portion.talentNetMinor(), c)
          .credit(agentPayable(bookingId), LIABILITY, portion.agentShareMinor(), c)
          .credit(managerPayable(bookingId), LIABILITY, portion.managerShareMinor(), c)
          .credit(agencyRevenue(bookingId), REVENUE, portion.agencyCommissionMinor() - accrued, c)
          .credit(commissionReceivable(bookingId), ASSET, accrued, c)
          .credit(BookingAccounts.platformFee(bookingId), REVENUE, portion.platformFeeMinor(), c)
          .credit(processorFee(bookingId), EXPENSE, portion.processorFeeMinor(), c)
          .credit(CASH, ASSET, overpayment, c)
          .build());
      return new Release(amount, portion, overpayment, false);
    });
  }

  /**
   * Voids a milestone's pending transfer: the reserved amount goes back into the client escrow. Nothing happens if
   * nothing is pending (never reserved, or voided already).
   *
   * @return the amount voided, zero if nothing was pending
   * @throws EscrowStateException if the milestone was released already (a posted transfer is never voided)
   */
  public long voidReservation(String tenantId, String bookingId, String milestoneId, String reason,
      String currency) {
    return locked(tenantId, bookingId, entries -> {
      Milestone m = milestone(entries, bookingId, milestoneId);
      if (m.posted != null) {
        throw new EscrowStateException("Milestone " + milestoneId + " of booking " + bookingId
            + " was released already; a posted transfer is never voided");
      }
      if (m.pending() == null) {
        return 0L;
      }
      return postVoid(tenantId, bookingId, milestoneId, m, reason, currency);
    });
  }

  /**
   * Voids every milestone reservation of the booking that is still pending (a chargeback locks the escrow); posted
   * milestones stay released.
   *
   * @return the total voided back into the client escrow
   */
  public long voidAllPending(String tenantId, String bookingId, String reason, String currency) {
    return locked(tenantId, bookingId, entries -> {
      long voided = 0;
      for (String milestoneId : pendingMilestones(entries, bookingId)) {
        voided += postVoid(tenantId, bookingId, milestoneId, milestone(entries, bookingId, milestoneId), reason,
            currency);
      }
      return voided;
    });
  }

  /** The milestones of the booking with a reservation neither posted nor voided. */
  private static List<String> pendingMilestones(List<Ledger.PostedEntry> entries, String bookingId) {
    String prefix = "release-pending:" + bookingId + ":";
    return entries.stream().map(Ledger.PostedEntry::idempotencyKey).filter(k -> k.startsWith(prefix))
        .map(k -> k.substring(prefix.length(), k.lastIndexOf(':'))).distinct()
        .filter(m -> milestone(entries, bookingId, m).pending() != null).toList();
  }

  private long postVoid(String tenantId, String bookingId, String milestoneId, Milestone m, String reason,
      String currency) {
    long amount = pendingAmount(bookingId, m.pending());
    ledger.post(JournalEntry.builder(tenantId, "release-void:" + bookingId + ":" + milestoneId + ":"
                + m.attempts.size(), "RELEASE_VOIDED", bookingId,
            "Milestone " + milestoneId + " of booking " + bookingId + " not released: " + reason)
        .debit(escrowPending(bookingId), LIABILITY, amount, currency)
        .credit(clientEscrow(bookingId), LIABILITY, amount, currency)
        .build());
    return amount;
  }

  /** A dispute of a booking: its id and the amount frozen for it. */
  public record OpenDispute(String disputeId, long frozenMinor) {}

  /**
   * Opens a dispute of the booking: voids every milestone reservation still pending (a release in flight gives its
   * money back to the escrow first) and freezes the disputed amount, in one locked transaction. The dispute's id is
   * stable: {@code <bookingId>:D<n>}, one more than any earlier dispute of the booking; if one is open (frozen, not
   * yet decided) it is returned, so a retried or restarted opening never freezes twice.
   *
   * @param reference the provider's or the caller's id for it, recorded in the entry's description (may be null)
   * @throws InvalidEscrowRequestException if {@code requestedMinor} is not positive
   */
  public OpenDispute openDispute(String tenantId, String bookingId, String reference, Long requestedMinor,
      String currency) {
    if (requestedMinor != null && requestedMinor <= 0) {
      throw new InvalidEscrowRequestException("The disputed amount must be positive, not " + requestedMinor);
    }
    return locked(tenantId, bookingId, entries -> {
      java.util.Set<String> opened = new java.util.LinkedHashSet<>();
      java.util.Set<String> decided = new java.util.HashSet<>();
      for (Ledger.PostedEntry e : entries) {
        if (e.idempotencyKey().startsWith("dispute-freeze:" + bookingId + ":D")) {
          opened.add(e.idempotencyKey().substring("dispute-freeze:".length()));
        } else if (e.idempotencyKey().startsWith("dispute-outcome:" + bookingId + ":D")) {
          decided.add(e.idempotencyKey().substring("dispute-outcome:".length()));
        }
      }
      for (String id : opened) {
        if (!decided.contains(id)) {
          return new OpenDispute(id, single(entries, freezeKey(id)).amountOn(disputeHold(bookingId),
              Posting.Side.CREDIT));
        }
      }
      java.util.Set<String> all = new java.util.HashSet<>(opened);
      all.addAll(decided);
      int last = all.stream().mapToInt(id -> parseOrZero(id.substring(id.lastIndexOf(":D") + 2))).max().orElse(0);
      String disputeId = bookingId + ":D" + (last + 1); // never an id used before, decided or not
      String label = reference == null || reference.isBlank() ? disputeId : disputeId + " (" + reference + ")";
      for (String milestoneId : pendingMilestones(entries, bookingId)) {
        postVoid(tenantId, bookingId, milestoneId, milestone(entries, bookingId, milestoneId),
            "dispute " + label + " opened", currency);
      }
      long available = ledger.balance(tenantId, clientEscrow(bookingId), currency);
      long amount = requestedMinor == null ? available : Math.min(requestedMinor, available);
      if (amount > 0) {
        ledger.post(JournalEntry.builder(tenantId, freezeKey(disputeId), "DISPUTE_FROZEN", bookingId,
                "Dispute " + label + " froze escrow of booking " + bookingId)
            .debit(clientEscrow(bookingId), LIABILITY, amount, currency)
            .credit(disputeHold(bookingId), LIABILITY, amount, currency)
            .build());
      }
      return new OpenDispute(disputeId, amount);
    });
  }

  /**
   * Records a dispute's decision as ledger adjustments, once per dispute; the frozen amount is never deleted, only
   * moved: FULL_PAYOUT unfreezes it; PARTIAL_PAYOUT refunds {@code refundMinor} of it and unfreezes the rest;
   * PENALTY moves {@code penaltyMinor} of it to agency revenue and unfreezes the rest; FULL_REFUND and SUSPENSION
   * refund the frozen amount and everything still in escrow, the agency absorbing the processor's fee still open
   * (milestones released before the dispute stay owed to the payees: {@code payableMinor}).
   *
   * @throws InvalidEscrowRequestException if a refund or penalty is negative or above the frozen amount
   * @param grossMinor the booking's gross before the decision
   */
  public DisputeSettlement settleDispute(String tenantId, String bookingId, String disputeId, Outcome outcome,
      long refundMinor, long penaltyMinor, long grossMinor, String currency) {
    return locked(tenantId, bookingId, entries -> {
      Ledger.PostedEntry decided = single(entries, "dispute-outcome:" + disputeId);
      if (decided != null) { // a retry (whose job variables are those of the first run): report what was posted
        long refund = decided.amountOn(CASH, Posting.Side.CREDIT);
        long penalty = decided.amountOn(agencyRevenue(bookingId), Posting.Side.CREDIT);
        return new DisputeSettlement(refund, penalty, decided.amountOn(clientEscrow(bookingId), Posting.Side.CREDIT),
            outcome.refundsEverything() ? released(entries, bookingId) : Math.max(0, grossMinor - refund - penalty),
            payable(tenantId, bookingId, currency));
      }
      Ledger.PostedEntry freeze = single(entries, freezeKey(disputeId));
      long frozen = freeze == null ? 0 : freeze.amountOn(disputeHold(bookingId), Posting.Side.CREDIT);
      long refund = switch (outcome) {
        case PARTIAL_PAYOUT -> refundMinor;
        case FULL_REFUND, SUSPENSION -> frozen + ledger.balance(tenantId, clientEscrow(bookingId), currency);
        default -> 0;
      };
      long penalty = outcome == Outcome.PENALTY ? penaltyMinor : 0;
      long fromHold = outcome.refundsEverything() ? frozen : refund;
      if (refund < 0 || penalty < 0 || fromHold > frozen || penalty > frozen) {
        throw new InvalidEscrowRequestException("Dispute " + disputeId + ": refund " + refund + " and penalty "
            + penalty + " must be between zero and the frozen " + frozen);
      }
      long unfrozen = frozen - fromHold - penalty;
      long adjustedGross = outcome.refundsEverything() ? released(entries, bookingId)
          : Math.max(0, grossMinor - refund - penalty);
      DisputeSettlement result = new DisputeSettlement(refund, penalty, unfrozen, adjustedGross,
          payable(tenantId, bookingId, currency));
      if (refund + penalty + unfrozen == 0) {
        return result;
      }
      // the processor's fee still open: the agency absorbs it (or, if releases recovered more, gets the rest back)
      long fee = outcome.refundsEverything() ? ledger.balance(tenantId, processorFee(bookingId), currency) : 0;
      ledger.post(JournalEntry.builder(tenantId, "dispute-outcome:" + disputeId, "DISPUTE_SETTLED", bookingId,
              "Dispute " + disputeId + " of booking " + bookingId + " decided: " + outcome)
          .debit(disputeHold(bookingId), LIABILITY, frozen, currency)
          .debit(clientEscrow(bookingId), LIABILITY, refund - fromHold, currency)
          .debit(agencyRevenue(bookingId), REVENUE, Math.max(fee, 0), currency)
          .credit(processorFee(bookingId), EXPENSE, Math.max(fee, 0), currency)
          .debit(processorFee(bookingId), EXPENSE, Math.max(-fee, 0), currency)
          .credit(agencyRevenue(bookingId), REVENUE, Math.max(-fee, 0), currency)
          .credit(CASH, ASSET, refund, currency)
          .credit(agencyRevenue(bookingId), REVENUE, penalty, currency)
          .credit(clientEscrow(bookingId), LIABILITY, unfrozen, currency)
          .build());
      return result;
    });
  }

  /**
   * Refunds part of the escrow to the client once per {@code refundId} (a provider refund outside a dispute).
   *
   * @throws EscrowStateException if the client escrow holds less than the amount (released, reserved or frozen)
   */
  public Ledger.PostResult refund(String tenantId, String bookingId, String refundId, long amountMinor,
      String currency) {
    return locked(tenantId, bookingId, entries -> {
      Ledger.PostedEntry earlier = single(entries, "refund:" + refundId);
      if (earlier != null) {
        return new Ledger.PostResult(earlier.entryId(), true);
      }
      long available = ledger.balance(tenantId, clientEscrow(bookingId), currency);
      if (amountMinor <= 0 || amountMinor > available) {
        throw new EscrowStateException("Refund " + refundId + " of " + amountMinor + " exceeds the " + available
            + " the escrow of booking " + bookingId + " can give back");
      }
      return ledger.post(JournalEntry.builder(tenantId, "refund:" + refundId, "REFUND", bookingId,
              "Refund " + refundId + " to the client of booking " + bookingId)
          .debit(clientEscrow(bookingId), LIABILITY, amountMinor, currency)
          .credit(CASH, ASSET, amountMinor, currency)
          .build());
    });
  }

  /**
   * Pays the talent, agent and manager what the booking owes them (the payable balances the releases built up),
   * once per booking (key {@code payout:<bookingId>}; a retry after a failed payout pays nothing again: paying again
   * is its own approved attempt, {@link #payoutKey}).
   *
   * @return the entry, or null when nothing is owed
   * @throws EscrowStateException while a dispute holds funds of the booking (payouts are blocked, seed 000 §10.4)
   */
  public Ledger.PostResult payOut(String tenantId, String bookingId, String currency, String description) {
    return payOut(tenantId, bookingId, "payout:" + bookingId, currency, description);
  }

  /**
   * Pays the payables as the payout attempt {@code key} ({@code payout:<bookingId>}, or the key of a payment again,
   * {@link #payoutKey}), once per key.
   *
   * @return the entry, or null when nothing is owed
   * @throws EscrowStateException while a dispute holds funds of the booking
   */
  public Ledger.PostResult payOut(String tenantId, String bookingId, String key, String currency,
      String description) {
    return locked(tenantId, bookingId, entries -> {
      Ledger.PostedEntry earlier = single(entries, key);
      if (earlier != null) {
        return new Ledger.PostResult(earlier.entryId(), true);
      }
      requireNotFrozen(tenantId, bookingId, currency, "pay out");
      long talent = ledger.balance(tenantId, talentPayable(bookingId), currency); // derived, like every balance
      long agent = ledger.balance(tenantId, agentPayable(bookingId), currency);
      long manager = ledger.balance(tenantId, managerPayable(bookingId), currency);
      if (talent + agent + manager == 0) {
        return null;
      }
      return ledger.post(JournalEntry.builder(tenantId, key, "PAYOUT", bookingId, description)
          .debit(talentPayable(bookingId), LIABILITY, talent, currency)
          .debit(agentPayable(bookingId), LIABILITY, agent, currency)
          .debit(managerPayable(bookingId), LIABILITY, manager, currency)
          .credit(CASH, ASSET, talent + agent + manager, currency)
          .build());
    });
  }

  /**
   * The idempotency key of the booking's current payout attempt (ledger entry and provider request alike): the latest
   * PAYOUT entry's, unless its failure was compensated ({@code payout-reversal:…}); then the next attempt's. Attempts
   * are {@code payout:<bookingId>}, then {@code payout:<bookingId>:2}, {@code :3} … Only paying a failed payout again
   * uses it.
   */
  public String payoutKey(String tenantId, String bookingId) {
    return payoutKey(ledger.entries(tenantId, bookingId), bookingId);
  }

  /** Whether the booking's latest payout stands (posted and not reversed by a failed payout). */
  public boolean isPaidOut(String tenantId, String bookingId) {
    List<Ledger.PostedEntry> entries = ledger.entries(tenantId, bookingId);
    return single(entries, payoutKey(entries, bookingId)) != null;
  }

  /** The key of the entry that compensates a failed payout attempt: {@code payout-reversal:<bookingId>[:<n>]}. */
  public static String reversalKey(String payoutKey) {
    return "payout-reversal:" + payoutKey.substring("payout:".length());
  }

  private static String payoutKey(List<Ledger.PostedEntry> entries, String bookingId) {
    List<Ledger.PostedEntry> payouts = entries.stream().filter(e -> e.kind().equals("PAYOUT")).toList();
    if (payouts.isEmpty()) {
      return "payout:" + bookingId;
    }
    Ledger.PostedEntry latest = payouts.getLast();
    boolean reversed = single(entries, reversalKey(latest.idempotencyKey())) != null;
    return reversed ? "payout:" + bookingId + ":" + (payouts.size() + 1) : latest.idempotencyKey();
  }

  /**
   * Recognises the agency's commission when the booking is invoiced (ACCRUAL mode, seed 000 §10.6): commission
   * receivable against agency revenue, once per booking (key {@code accrual:<bookingId>}); the milestone releases then
   * clear the receivable instead of recognising the commission again. Only what releases have not recognised yet is
   * accrued, and nothing once the booking's money is settled (cancelled, paid out, a dispute decided, or an accrual
   * reversed), since nothing would clear or reverse it.
   *
   * @param commissionMinor the booking's whole agency commission (commission-split DMN)
   * @return the amount this call accrued (minor units); 0 for a repeat or when nothing is left to accrue
   */
  public long accrueCommission(String tenantId, String bookingId, long commissionMinor, String currency,
      String description) {
    return locked(tenantId, bookingId, entries -> {
      if (single(entries, "accrual:" + bookingId) != null) {
        return 0L;
      }
      boolean settled = entries.stream().map(Ledger.PostedEntry::idempotencyKey).anyMatch(k ->
          k.equals("cancellation:" + bookingId) || k.equals("payout:" + bookingId)
              || k.equals("accrual-reversal:" + bookingId) || k.startsWith("dispute-outcome:" + bookingId + ":"));
      long recognised = entries.stream().filter(e -> e.kind().equals("ESCROW_RELEASED"))
          .mapToLong(e -> e.amountOn(agencyRevenue(bookingId), Posting.Side.CREDIT)).sum();
      long accrue = commissionMinor - recognised;
      if (settled || accrue <= 0) {
        return 0L;
      }
      ledger.post(JournalEntry.builder(tenantId, "accrual:" + bookingId, "COMMISSION_ACCRUED", bookingId,
              description)
          .debit(commissionReceivable(bookingId), ASSET, accrue, currency)
          .credit(agencyRevenue(bookingId), REVENUE, accrue, currency)
          .build());
      return accrue;
    });
  }

  /**
   * Reverses what is left of an accrued commission when the booking ends without releasing it (cancelled, refunded,
   * a dispute that reduced the gross): agency revenue against the receivable, once per booking.
   *
   * @return the amount reversed, zero when nothing was left
   */
  public long reverseAccrual(String tenantId, String bookingId, String currency, String reason) {
    return locked(tenantId, bookingId, entries -> {
      long left = receivable(entries, bookingId, currency);
      if (left <= 0 || single(entries, "accrual-reversal:" + bookingId) != null) {
        return 0L;
      }
      ledger.post(JournalEntry.builder(tenantId, "accrual-reversal:" + bookingId, "ACCRUAL_REVERSED", bookingId,
              "Accrued commission of booking " + bookingId + " not earned: " + reason)
          .debit(agencyRevenue(bookingId), REVENUE, left, currency)
          .credit(commissionReceivable(bookingId), ASSET, left, currency)
          .build());
      return left;
    });
  }

  /** The booking's escrow balances: client escrow, pending releases, frozen, and owed to payees. */
  public Balances balances(String tenantId, String bookingId, String currency) {
    return new Balances(ledger.balance(tenantId, clientEscrow(bookingId), currency),
        ledger.balance(tenantId, escrowPending(bookingId), currency),
        ledger.balance(tenantId, disputeHold(bookingId), currency), payable(tenantId, bookingId, currency));
  }

  /** An escrow case that still holds money: what is in escrow, pending release, frozen, and owed to payees. */
  public record OpenCase(String bookingId, String currency, long escrowMinor, long pendingMinor, long frozenMinor,
      long payableMinor) {}

  /**
   * The tenant's escrow cases that still hold or owe money, derived from the ledger alone, for recovery after a
   * restart (issue 4) and for finance's overview; oldest booking account first.
   */
  public List<OpenCase> openCases(String tenantId) {
    java.util.Map<String, long[]> byCase = new java.util.LinkedHashMap<>();
    jdbc.query("""
        select a.code, a.currency, coalesce(sum(case p.side when 'C' then p.amount_minor else -p.amount_minor end), 0)
        from ledger_account a left join posting p on p.account_id = a.account_id
        where a.tenant_id = ? and (a.code like 'client-escrow:%' or a.code like 'escrow-pending:%'
          or a.code like 'dispute-hold:%' or a.code like 'talent-payable:%' or a.code like 'agent-payable:%'
          or a.code like 'manager-payable:%')
        group by a.account_id, a.code, a.currency order by a.account_id""", rs -> {
          String code = rs.getString(1);
          int colon = code.indexOf(':');
          long[] sums = byCase.computeIfAbsent(code.substring(colon + 1) + "|" + rs.getString(2), k -> new long[4]);
          int slot = switch (code.substring(0, colon)) {
            case "client-escrow" -> 0;
            case "escrow-pending" -> 1;
            case "dispute-hold" -> 2;
            default -> 3;
          };
          sums[slot] += rs.getLong(3);
        }, tenantId);
    return byCase.entrySet().stream().filter(e -> java.util.Arrays.stream(e.getValue()).anyMatch(v -> v != 0))
        .map(e -> {
          String[] key = e.getKey().split("\\|");
          long[] v = e.getValue();
          return new OpenCase(key[0], key[1], v[0], v[1], v[2], v[3]);
        }).toList();
  }

  private void requireNotFrozen(String tenantId, String bookingId, String currency, String what) {
    long frozen = ledger.balance(tenantId, disputeHold(bookingId), currency);
    if (frozen > 0) {
      throw new EscrowStateException("A dispute froze " + frozen + " " + currency + " of booking " + bookingId
          + "; cannot " + what + " until it is decided");
    }
  }

  /** Runs the operation under the booking's lock with the booking's journal entries as they are now. */
  private <T> T locked(String tenantId, String bookingId, Function<List<Ledger.PostedEntry>, T> operation) {
    return tx.execute(status -> {
      jdbc.queryForObject("select pg_advisory_xact_lock(hashtextextended(?, 0))", Object.class,
          "escrow|" + tenantId + "|" + bookingId);
      return operation.apply(ledger.entries(tenantId, bookingId)); // every escrow entry carries the booking id
    });
  }

  private static int parseOrZero(String number) {
    try {
      return Integer.parseInt(number);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** What the booking's posted milestone releases moved out of escrow so far (minor units). */
  private static long released(List<Ledger.PostedEntry> entries, String bookingId) {
    return entries.stream().filter(e -> e.idempotencyKey().startsWith("release:" + bookingId + ":"))
        .mapToLong(e -> e.amountOn(escrowPending(bookingId), Posting.Side.DEBIT)).sum();
  }

  /** The commission accrued on the booking's invoice and not yet cleared by releases (minor units). */
  private static long receivable(List<Ledger.PostedEntry> entries, String bookingId, String currency) {
    String account = commissionReceivable(bookingId);
    return entries.stream().flatMap(e -> e.postings().stream())
        .filter(p -> p.accountCode().equals(account) && p.currency().equals(currency))
        .mapToLong(p -> p.side() == Posting.Side.DEBIT ? p.amountMinor() : -p.amountMinor()).sum();
  }

  private long payable(String tenantId, String bookingId, String currency) {
    return ledger.balance(tenantId, talentPayable(bookingId), currency)
        + ledger.balance(tenantId, agentPayable(bookingId), currency)
        + ledger.balance(tenantId, managerPayable(bookingId), currency);
  }

  /** A milestone's reservation attempts, voids and posted release, read from the ledger. */
  private record Milestone(List<Ledger.PostedEntry> attempts, List<Ledger.PostedEntry> voids,
      Ledger.PostedEntry posted) {
    Ledger.PostedEntry pending() {
      return posted == null && attempts.size() > voids.size() ? attempts.getLast() : null;
    }
  }

  private static Milestone milestone(List<Ledger.PostedEntry> entries, String bookingId, String milestoneId) {
    String suffix = bookingId + ":" + milestoneId;
    return new Milestone(keyed(entries, "release-pending:" + suffix + ":"),
        keyed(entries, "release-void:" + suffix + ":"), single(entries, "release:" + suffix));
  }

  private static List<Ledger.PostedEntry> keyed(List<Ledger.PostedEntry> entries, String keyPrefix) {
    return entries.stream().filter(e -> e.idempotencyKey().startsWith(keyPrefix)).toList();
  }

  private static Ledger.PostedEntry single(List<Ledger.PostedEntry> entries, String key) {
    return entries.stream().filter(e -> e.idempotencyKey().equals(key)).findFirst().orElse(null);
  }

  private static long pendingAmount(String bookingId, Ledger.PostedEntry reservation) {
    return reservation.amountOn(escrowPending(bookingId), Posting.Side.CREDIT);
  }

  private static String pendingKey(String bookingId, String milestoneId, int attempt) {
    return "release-pending:" + bookingId + ":" + milestoneId + ":" + attempt;
  }

  private static String freezeKey(String disputeId) {
    return "dispute-freeze:" + disputeId;
  }
}
