package io.talentos.web;

import io.talentos.audit.AuditLog;
import io.talentos.identity.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Writes one audit record for every state-changing request on a tenant route, whether it succeeded or was refused:
 * who, tenant, capability (seed 000 §6.7 names), object, outcome (HTTP status), before and after state when the
 * handler provided them, and the request id ({@code X-Request-Id}, echoed back, generated when absent).
 */
@Component
public class AuditInterceptor implements HandlerInterceptor {

  private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final String PREFIX = "/api/v1/tenants/{tenantId}";
  private static final Map<String, String[]> CAPABILITIES = Map.ofEntries(
      Map.entry(PREFIX + "/bookings", new String[] {"booking.booking.create", "booking"}),
      Map.entry(PREFIX + "/messages", new String[] {"automation.message.correlate", "message"}),
      Map.entry(PREFIX + "/tasks/{taskId}/claim", new String[] {"tasklist.task.claim", "task"}),
      Map.entry(PREFIX + "/tasks/{taskId}/complete", new String[] {"tasklist.task.complete", "task"}),
      Map.entry(PREFIX + "/models", new String[] {"admin.workflow.deploy", "model"}),
      Map.entry(PREFIX + "/models/{modelId}/versions/{version}/rollback",
          new String[] {"admin.workflow.deploy", "model"}),
      Map.entry(PREFIX + "/roles/{role}", new String[] {"admin.role.manage", "role"}),
      Map.entry(PREFIX + "/roles/{role}/members/{userId}", new String[] {"admin.role.manage", "role-member"}),
      Map.entry(PREFIX + "/overrides", new String[] {"admin.policy.override", "policy-override"}),
      Map.entry(PREFIX + "/invoices", new String[] {"finance.invoice.create", "invoice"}),
      Map.entry(PREFIX + "/settlements", new String[] {"finance.settlement.import", "settlement"}),
      Map.entry(PREFIX + "/tax-profile", new String[] {"finance.invoice.create", "tax-profile"}),
      Map.entry(PREFIX + "/payment-providers/{provider}", new String[] {"finance.provider.manage", "provider"}));

  private final AuditLog audit;

  AuditInterceptor(AuditLog audit) {
    this.audit = audit;
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    String requestId = request.getHeader("X-Request-Id");
    if (requestId == null || requestId.isBlank() || requestId.length() > 128) {
      requestId = UUID.randomUUID().toString();
    }
    request.setAttribute("X-Request-Id", requestId);
    response.setHeader("X-Request-Id", requestId);
    return true;
  }

  @Override
  public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
      Exception ex) {
    @SuppressWarnings("unchecked")
    var variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    if (!CHANGES.contains(request.getMethod()) || variables == null || !variables.containsKey("tenantId")) {
      return;
    }
    String pattern = String.valueOf(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE));
    String[] capability = CAPABILITIES.getOrDefault(pattern, new String[] {request.getMethod() + " " + pattern, "?"});
    String objectId = variables.getOrDefault("taskId", variables.getOrDefault("modelId", variables.get("role")));
    String location = response.getHeader("Location");
    if (objectId == null && location != null) {
      objectId = location.substring(location.lastIndexOf('/') + 1);
    }
    var authentication = SecurityContextHolder.getContext().getAuthentication();
    String actor = authentication != null && authentication.getPrincipal() instanceof CurrentUser user
        ? user.userId() : "anonymous";
    int status = response.getStatus();
    audit.append(new AuditLog.Entry(variables.get("tenantId"), actor, capability[0], capability[1], objectId,
        (status < 400 ? "DONE " : "REFUSED ") + status, request.getAttribute(AuditLog.REQUEST_BEFORE), request.getAttribute(AuditLog.REQUEST_AFTER),
        (String) request.getAttribute("X-Request-Id")));
  }
}
