package io.talentos.finance;

import io.talentos.tenancy.Tenants;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A tenant's finance settings (table {@code finance_settings}):
 * <ul>
 *   <li>the amount above which a milestone release needs dual approval, an input of
 *       {@code decisions/finance/release-approvals-required.dmn} (without one the DMN's platform defaults apply);
 *   <li>the payout mode: {@code PER_BOOKING} (each booking's payout is approved on its own, the default) or
 *       {@code BATCH} (payouts queue for a {@link PayoutBatchService payout batch});
 *   <li>the revenue recognition mode of seed 000 §10.6: {@code CASH} (commission recognised when the client's money is
 *       released from escrow, the default) or {@code ACCRUAL} (when the invoice is issued; PRO and ENTERPRISE plans).
 * </ul>
 */
@Component
public class FinanceSettings {

  /** Payout modes. */
  public static final Set<String> PAYOUT_MODES = Set.of("PER_BOOKING", "BATCH");

  /** Revenue recognition modes (seed 000 §10.6). */
  public static final Set<String> RECOGNITION_MODES = Set.of("CASH", "ACCRUAL");

  /** Plans that may recognise revenue on accrual ("advanced/enterprise", seed 000 §10.6 and §16.2). */
  private static final Set<String> ACCRUAL_PLANS = Set.of("PRO", "ENTERPRISE");

  /**
   * The settings; the threshold is minor units of {@code releaseThresholdCurrency} (ISO 4217), both null or both set
   * (null: the platform default). A null {@code payoutMode} or {@code revenueRecognition} keeps the current mode
   * (PER_BOOKING and CASH for a tenant that never set one).
   */
  public record Settings(Long releaseThresholdMinor, String releaseThresholdCurrency, String payoutMode,
      String revenueRecognition) {

    /** Threshold settings; the modes stay as they are. */
    public Settings(Long releaseThresholdMinor, String releaseThresholdCurrency) {
      this(releaseThresholdMinor, releaseThresholdCurrency, null, null);
    }
  }

  /** The settings cannot be saved; the message says why (HTTP 422). */
  public static class InvalidSettingsException extends IllegalArgumentException {
    InvalidSettingsException(String message) {
      super(message);
    }
  }

  private final JdbcTemplate jdbc;
  private final Tenants tenants;

  FinanceSettings(JdbcTemplate jdbc, Tenants tenants) {
    this.jdbc = jdbc;
    this.tenants = tenants;
  }

  /** The tenant's settings; without a row, no threshold and the default modes. */
  public Settings get(String tenantId) {
    List<Settings> rows = jdbc.query("""
        select release_threshold_minor, release_threshold_currency, payout_mode, revenue_recognition
        from finance_settings where tenant_id = ?""",
        (rs, i) -> new Settings((Long) rs.getObject(1), rs.getString(2), rs.getString(3), rs.getString(4)), tenantId);
    return rows.isEmpty() ? new Settings(null, null, "PER_BOOKING", "CASH") : rows.getFirst();
  }

  /**
   * Saves the settings: the threshold as given, each mode as given or, when null, as it was.
   *
   * @throws InvalidSettingsException if only one of threshold and currency is given, the threshold is negative, the
   *     currency is not an ISO 4217 code, a mode is unknown, or ACCRUAL is asked for on a plan below PRO
   * @throws Tenants.UnknownTenantException if the tenant does not exist
   */
  public Settings save(String tenantId, Settings settings, String updatedBy) {
    Tenants.Tenant tenant = tenants.requireActive(tenantId);
    Long threshold = settings.releaseThresholdMinor();
    String currency = settings.releaseThresholdCurrency();
    Settings current = get(tenantId);
    String payoutMode = settings.payoutMode() == null ? current.payoutMode() : settings.payoutMode();
    String recognition = settings.revenueRecognition() == null ? current.revenueRecognition()
        : settings.revenueRecognition();
    if ((threshold == null) != (currency == null)) {
      throw new InvalidSettingsException("releaseThresholdMinor and releaseThresholdCurrency go together");
    }
    if (threshold != null && threshold < 0) {
      throw new InvalidSettingsException("releaseThresholdMinor must not be negative");
    }
    if (currency != null) {
      try {
        java.util.Currency.getInstance(currency);
      } catch (IllegalArgumentException e) {
        throw new InvalidSettingsException("releaseThresholdCurrency '" + currency + "' is not an ISO 4217 code");
      }
    }
    if (!PAYOUT_MODES.contains(payoutMode)) {
      throw new InvalidSettingsException("payoutMode must be one of " + PAYOUT_MODES.stream().sorted().toList());
    }
    if (!RECOGNITION_MODES.contains(recognition)) {
      throw new InvalidSettingsException("revenueRecognition must be CASH or ACCRUAL");
    }
    if ("ACCRUAL".equals(recognition) && !ACCRUAL_PLANS.contains(tenant.plan())) {
      throw new InvalidSettingsException("ACCRUAL revenue recognition needs the PRO or ENTERPRISE plan (seed 000 "
          + "§10.6); tenant " + tenantId + " is on " + tenant.plan());
    }
    jdbc.update("""
        insert into finance_settings (tenant_id, release_threshold_minor, release_threshold_currency, payout_mode,
          revenue_recognition, updated_by) values (?, ?, ?, ?, ?, ?) on conflict (tenant_id) do update
          set release_threshold_minor = excluded.release_threshold_minor,
          release_threshold_currency = excluded.release_threshold_currency, payout_mode = excluded.payout_mode,
          revenue_recognition = excluded.revenue_recognition, updated_by = excluded.updated_by,
          updated_at = now()""", tenantId, threshold, currency, payoutMode, recognition, updatedBy);
    return get(tenantId);
  }

  /** The tenant's release threshold when it is set in {@code currency}, else null (the DMN default applies). */
  public Long releaseThreshold(String tenantId, String currency) {
    Settings s = get(tenantId);
    return currency.equals(s.releaseThresholdCurrency()) ? s.releaseThresholdMinor() : null;
  }

  /** Whether the tenant's payouts go through payout batches. */
  public boolean batchesPayouts(String tenantId) {
    return "BATCH".equals(get(tenantId).payoutMode());
  }

  /** Whether the tenant recognises commission when the invoice is issued (seed 000 §10.6). */
  public boolean accrues(String tenantId) {
    return "ACCRUAL".equals(get(tenantId).revenueRecognition());
  }
}
