package io.talentos.finance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A balanced set of postings, written to the ledger once per {@code (tenantId, idempotencyKey)}. It refuses to
 * exist unbalanced: for every currency, debits equal credits (double-entry, seed 000 §10.3).
 *
 * @param tenantId the tenant whose ledger it belongs to
 * @param idempotencyKey unique per tenant; posting the same key again is a no-op (e.g. {@code release:<bookingId>})
 * @param kind what happened, e.g. {@code PAYMENT_CAPTURED}, {@code ESCROW_RELEASED}, {@code REVERSAL}
 * @param businessKey the booking (or other object) it belongs to; may be null
 * @param description a sentence for people reading the ledger
 * @param reversesEntryId the entry this one corrects, or null
 * @param postings at least two; zero-amount lines are left out by {@link Builder}
 */
public record JournalEntry(String tenantId, String idempotencyKey, String kind, String businessKey,
    String description, Long reversesEntryId, List<Posting> postings) {

  /** The entry does not balance, or is otherwise not a valid journal entry. */
  public static class UnbalancedEntryException extends IllegalArgumentException {
    UnbalancedEntryException(String message) {
      super(message);
    }
  }

  /** @throws UnbalancedEntryException if debits and credits differ in any currency, or there are under two postings */
  public JournalEntry {
    if (tenantId == null || tenantId.isBlank() || idempotencyKey == null || idempotencyKey.isBlank()) {
      throw new UnbalancedEntryException("journal entry needs a tenant and an idempotency key");
    }
    postings = List.copyOf(postings);
    if (postings.size() < 2) {
      throw new UnbalancedEntryException("journal entry " + idempotencyKey + " needs at least two postings");
    }
    Map<String, Long> net = new TreeMap<>();
    for (Posting p : postings) {
      long signed = p.side() == Posting.Side.DEBIT ? p.amountMinor() : -p.amountMinor();
      net.merge(p.currency(), signed, Math::addExact);
    }
    net.forEach((currency, difference) -> {
      if (difference != 0) {
        throw new UnbalancedEntryException("journal entry " + idempotencyKey + " is unbalanced in " + currency
            + ": debits minus credits = " + difference);
      }
    });
  }

  /** Starts an entry; add lines with {@link Builder#debit} and {@link Builder#credit}. */
  public static Builder builder(String tenantId, String idempotencyKey, String kind, String businessKey,
      String description) {
    return new Builder(tenantId, idempotencyKey, kind, businessKey, description);
  }

  /** Collects postings; a line of zero is skipped, so optional parts (no agent, no fee) need no branches. */
  public static final class Builder {
    private final String tenantId;
    private final String idempotencyKey;
    private final String kind;
    private final String businessKey;
    private final String description;
    private final List<Posting> postings = new ArrayList<>();

    private Builder(String tenantId, String idempotencyKey, String kind, String businessKey, String description) {
      this.tenantId = tenantId;
      this.idempotencyKey = idempotencyKey;
      this.kind = kind;
      this.businessKey = businessKey;
      this.description = description;
    }

    /** Debits {@code amountMinor} (skipped when zero). @throws IllegalArgumentException when negative */
    public Builder debit(String account, AccountType type, long amountMinor, String currency) {
      return line(account, type, Posting.Side.DEBIT, amountMinor, currency);
    }

    /** Credits {@code amountMinor} (skipped when zero). @throws IllegalArgumentException when negative */
    public Builder credit(String account, AccountType type, long amountMinor, String currency) {
      return line(account, type, Posting.Side.CREDIT, amountMinor, currency);
    }

    private Builder line(String account, AccountType type, Posting.Side side, long amountMinor, String currency) {
      if (amountMinor < 0) {
        throw new IllegalArgumentException("negative amount " + amountMinor + " for " + account);
      }
      if (amountMinor > 0) {
        postings.add(new Posting(account, type, side, amountMinor, currency));
      }
      return this;
    }

    /** @throws UnbalancedEntryException if the lines do not balance */
    public JournalEntry build() {
      return new JournalEntry(tenantId, idempotencyKey, kind, businessKey, description, null, postings);
    }
  }
}
