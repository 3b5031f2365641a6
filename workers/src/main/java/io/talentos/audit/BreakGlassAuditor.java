package io.talentos.audit;

import io.talentos.policy.BreakGlassService;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The enhanced audit of break-glass overrides (seed 000 §6.8, §7.1 audit_level, §11.5): every request, grant,
 * refusal, use and end is appended to the tenant's chain at once (not queued), with the reason, the object and, for a
 * use, the policy inputs that were overridden, under the capability {@code admin.policy.emergency_override}.
 */
@Component
class BreakGlassAuditor {

  private final AuditLog audit;

  BreakGlassAuditor(AuditLog audit) {
    this.audit = audit;
  }

  @EventListener
  void on(BreakGlassService.BreakGlassEvent event) {
    Map<String, Object> after = new LinkedHashMap<>();
    after.put("auditLevel", "ENHANCED");
    after.put("capability", event.capability());
    after.put("objectType", event.objectType());
    after.put("objectId", event.objectId());
    after.put("reason", event.reason());
    after.putAll(event.details());
    audit.append(new AuditLog.Entry(event.tenantId(), event.actor(), "admin.policy.emergency_override",
        "policy-override", event.overrideId().toString(), "BREAK_GLASS_" + event.what(), null, after, null));
  }
}
