package io.talentos.booking;

import io.talentos.finance.BookingAccounts;
import io.talentos.finance.Ledger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Talent transparency (seed 000 §10.7): for each booking of a talent, the gross, platform fee, processor fee,
 * agency commission (with agent and manager shares), the net payout and whether it was paid, with the signed
 * contract's id, the escrow status and the booking's timeline. Figures come from the commission split the DMN
 * decided and from the ledger; amounts are minor units of the booking's ISO 4217 currency.
 */
@Component
public class TalentEarnings {

  /** One booking's money as the talent sees it. Split figures are null until the commission split ran. */
  public record BookingEarnings(UUID bookingId, String clientName, String startsAt, String currency, String status,
      String contractId, String escrowStatus, Long grossMinor, Long platformFeeMinor, Long processorFeeMinor,
      Long agencyCommissionMinor, Long agentShareMinor, Long managerShareMinor, Long netPayoutMinor, boolean paidOut,
      long owedMinor, List<Bookings.TimelineEvent> timeline) {}

  /** Every booking of the talent, newest first, and totals per currency of what was paid and what is still owed. */
  public record Earnings(String talentId, List<BookingEarnings> bookings, Map<String, Long> paidOutMinorByCurrency,
      Map<String, Long> owedMinorByCurrency) {}

  private final JdbcTemplate jdbc;
  private final Bookings bookings;
  private final Ledger ledger;
  private final io.talentos.finance.Escrow escrow;

  TalentEarnings(JdbcTemplate jdbc, Bookings bookings, Ledger ledger, io.talentos.finance.Escrow escrow) {
    this.escrow = escrow;
    this.jdbc = jdbc;
    this.bookings = bookings;
    this.ledger = ledger;
  }

  /** The talent's earnings in the tenant; an unknown talent has no bookings (and so an empty list). */
  public Earnings of(String tenantId, String talentId) {
    List<UUID> ids = jdbc.queryForList("""
        select booking_id from booking where tenant_id = ? and talent_id = ? order by created_at desc""", UUID.class,
        tenantId, talentId);
    List<BookingEarnings> rows = new ArrayList<>();
    Map<String, Long> paid = new java.util.TreeMap<>();
    Map<String, Long> owed = new java.util.TreeMap<>();
    for (UUID id : ids) {
      Bookings.BookingView view = bookings.find(tenantId, id).orElseThrow();
      Map<String, Object> v = view.variables();
      Map<?, ?> split = v.get("commissionSplit") instanceof Map<?, ?> m ? m : Map.of();
      boolean paidOut = escrow.isPaidOut(tenantId, id.toString());
      long stillOwed = ledger.balance(tenantId, BookingAccounts.talentPayable(id.toString()), view.currency());
      Long net = number(split.get("talentNetMinor"));
      rows.add(new BookingEarnings(id, view.clientName(), view.startsAt(), view.currency(), view.status(),
          (String) v.get("contractId"), (String) v.get("escrowStatus"), number(split.get("grossMinor")),
          number(split.get("platformFeeMinor")), number(split.get("processorFeeMinor")),
          number(split.get("agencyCommissionMinor")), number(split.get("agentShareMinor")),
          number(split.get("managerShareMinor")), net, paidOut, stillOwed, view.timeline()));
      if (paidOut && net != null) {
        paid.merge(view.currency(), net, Long::sum);
      }
      if (stillOwed != 0) {
        owed.merge(view.currency(), stillOwed, Long::sum);
      }
    }
    return new Earnings(talentId, rows, paid, owed);
  }

  private static Long number(Object value) {
    return value instanceof Number n ? n.longValue() : null;
  }
}
