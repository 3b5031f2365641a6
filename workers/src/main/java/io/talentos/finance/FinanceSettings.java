package io.talentos.finance;

import io.talentos.tenancy.Tenants;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A tenant's finance settings (table {@code finance_settings}): the amount above which a milestone release needs
 * dual approval, an input of {@code decisions/finance/release-approvals-required.dmn}. Without a row the DMN's
 * platform defaults apply.
 */
@Component
public class FinanceSettings {

  /**
   * The settings; the threshold is minor units of {@code releaseThresholdCurrency} (ISO 4217), both null or both set.
   */
  public record Settings(Long releaseThresholdMinor, String releaseThresholdCurrency) {}

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

  /** The tenant's settings, or all-null defaults. */
  public Settings get(String tenantId) {
    List<Settings> rows = jdbc.query("""
        select release_threshold_minor, release_threshold_currency from finance_settings where tenant_id = ?""",
        (rs, i) -> new Settings((Long) rs.getObject(1), rs.getString(2)), tenantId);
    return rows.isEmpty() ? new Settings(null, null) : rows.getFirst();
  }

  /**
   * Saves the settings.
   *
   * @throws InvalidSettingsException if only one of threshold and currency is given, the threshold is negative or
   *     the currency is not an ISO 4217 code
   * @throws Tenants.UnknownTenantException if the tenant does not exist
   */
  public Settings save(String tenantId, Settings settings, String updatedBy) {
    tenants.requireActive(tenantId);
    Long threshold = settings.releaseThresholdMinor();
    String currency = settings.releaseThresholdCurrency();
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
    jdbc.update("""
        insert into finance_settings (tenant_id, release_threshold_minor, release_threshold_currency, updated_by)
        values (?, ?, ?, ?) on conflict (tenant_id) do update
          set release_threshold_minor = excluded.release_threshold_minor,
          release_threshold_currency = excluded.release_threshold_currency, updated_by = excluded.updated_by,
          updated_at = now()""", tenantId, threshold, currency, updatedBy);
    return get(tenantId);
  }

  /** The tenant's release threshold when it is set in {@code currency}, else null (the DMN default applies). */
  public Long releaseThreshold(String tenantId, String currency) {
    Settings s = get(tenantId);
    return currency.equals(s.releaseThresholdCurrency()) ? s.releaseThresholdMinor() : null;
  }
}
