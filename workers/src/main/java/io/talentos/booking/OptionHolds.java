package io.talentos.booking;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Option holds on a talent's dates (seed 000 §5: option holds, availability tracking). A talent can carry a first
 * and a second option on overlapping dates, never a third, and nothing next to a confirmed booking. When a first
 * option is released, the oldest overlapping second option is promoted. Every change to one talent's holds is
 * serialised by a transaction-scoped advisory lock, so two inquiries cannot both become first option.
 */
@Component
public class OptionHolds {

  /** A hold as placed: its id and rank (1 = first option, 2 = second option). */
  public record Hold(UUID holdId, int rank) {}

  /** The talent has a confirmed booking or already two options on overlapping dates. */
  public static class TalentUnavailableException extends RuntimeException {
    TalentUnavailableException(String talentId) {
      super("Talent " + talentId + " already has a confirmed booking or two options on these dates");
    }
  }

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;

  OptionHolds(JdbcTemplate jdbc, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.tx = tx;
  }

  /**
   * Places the booking's hold, or returns the one it already has (a retried job).
   *
   * @throws TalentUnavailableException if a confirmed booking or two options overlap the dates
   */
  public Hold place(String tenantId, UUID bookingId, String talentId, Instant startsAt, Instant endsAt,
      Instant expiresAt) {
    return tx.execute(status -> {
      lockTalent(tenantId, talentId);
      List<Hold> existing = jdbc.query("select hold_id, rank from option_hold where tenant_id = ? and booking_id = ?",
          (rs, i) -> new Hold(rs.getObject(1, UUID.class), rs.getInt(2)), tenantId, bookingId);
      if (!existing.isEmpty()) {
        return existing.getFirst();
      }
      List<String> overlapping = overlapping(tenantId, talentId, startsAt, endsAt);
      if (overlapping.contains("CONFIRMED") || overlapping.size() >= 2) {
        throw new TalentUnavailableException(talentId);
      }
      Hold hold = new Hold(UUID.randomUUID(), overlapping.isEmpty() ? 1 : 2);
      jdbc.update("""
          insert into option_hold (hold_id, tenant_id, booking_id, talent_id, starts_at, ends_at, rank, status,
            expires_at) values (?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?)""",
          hold.holdId(), tenantId, bookingId, talentId, Timestamp.from(startsAt), Timestamp.from(endsAt),
          hold.rank(), Timestamp.from(expiresAt));
      return hold;
    });
  }

  /**
   * Releases the booking's hold and promotes the second options it was blocking.
   *
   * @return the bookings whose hold this release promoted to first option, also on a repeated call, so a retried
   *     job can notify them again
   */
  public List<UUID> release(String tenantId, UUID bookingId, String reason) {
    return tx.execute(status -> {
      List<String> talent = jdbc.queryForList("select talent_id from option_hold where tenant_id = ? and booking_id = ?",
          String.class, tenantId, bookingId);
      if (talent.isEmpty()) {
        return List.of();
      }
      lockTalent(tenantId, talent.getFirst());
      jdbc.update("""
          update option_hold set status = 'RELEASED', released_reason = ?
          where tenant_id = ? and booking_id = ? and status in ('ACTIVE', 'CONFIRMED')""", reason, tenantId, bookingId);
      jdbc.update("""
          update option_hold second set rank = 1, promoted_by = ?
          from option_hold released
          where released.tenant_id = ? and released.booking_id = ? and released.rank = 1
            and second.tenant_id = released.tenant_id and second.talent_id = released.talent_id
            and second.status = 'ACTIVE' and second.rank = 2
            and second.starts_at < released.ends_at and second.ends_at > released.starts_at
            and not exists (select 1 from option_hold other
              where other.tenant_id = second.tenant_id and other.talent_id = second.talent_id
                and other.hold_id <> second.hold_id and other.status in ('ACTIVE', 'CONFIRMED') and other.rank = 1
                and other.starts_at < second.ends_at and other.ends_at > second.starts_at)""",
          bookingId, tenantId, bookingId);
      return jdbc.queryForList("select booking_id from option_hold where tenant_id = ? and promoted_by = ?",
          UUID.class, tenantId, bookingId);
    });
  }

  /**
   * Turns the booking's first option into a confirmed booking of the talent's dates.
   *
   * @throws IllegalStateException if the booking holds no active first option
   */
  public void confirm(String tenantId, UUID bookingId) {
    int confirmed = jdbc.update("""
        update option_hold set status = 'CONFIRMED'
        where tenant_id = ? and booking_id = ? and rank = 1 and status in ('ACTIVE', 'CONFIRMED')""",
        tenantId, bookingId);
    if (confirmed == 0) {
      throw new IllegalStateException("Booking " + bookingId + " holds no active first option to confirm");
    }
  }

  /** The booking's hold status: ACTIVE, CONFIRMED or RELEASED, or null without a hold. */
  public String statusOf(String tenantId, UUID bookingId) {
    List<String> found = jdbc.queryForList("select status from option_hold where tenant_id = ? and booking_id = ?",
        String.class, tenantId, bookingId);
    return found.isEmpty() ? null : found.getFirst();
  }

  /**
   * Serialises every change to one talent's time (option holds here, audition slots in casting) until the caller's
   * transaction ends; call it inside a transaction.
   */
  public void lockTalent(String tenantId, String talentId) {
    jdbc.query("select pg_advisory_xact_lock(hashtext(?))", rs -> null, tenantId + "|" + talentId);
  }

  /**
   * The statuses (ACTIVE, CONFIRMED) of the talent's live holds and bookings that overlap {@code [startsAt, endsAt)};
   * empty when the talent's time is free of them.
   */
  public List<String> overlapping(String tenantId, String talentId, Instant startsAt, Instant endsAt) {
    return jdbc.queryForList("""
        select status from option_hold where tenant_id = ? and talent_id = ? and status in ('ACTIVE', 'CONFIRMED')
          and starts_at < ? and ends_at > ?""", String.class,
        tenantId, talentId, Timestamp.from(endsAt), Timestamp.from(startsAt));
  }
}
