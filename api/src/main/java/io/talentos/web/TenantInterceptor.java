package io.talentos.web;

import io.talentos.tenancy.Tenants;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Checks the tenant of every tenant-scoped route ({@code /api/v1/tenants/{tenantId}/…}) before any handler runs: an
 * unknown tenant is a 404 and a tenant that is not ACTIVE a 403, whatever the endpoint.
 */
@Component
class TenantInterceptor implements HandlerInterceptor {

  private final Tenants tenants;

  TenantInterceptor(Tenants tenants) {
    this.tenants = tenants;
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    @SuppressWarnings("unchecked")
    var variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    if (variables != null && variables.containsKey("tenantId")) {
      tenants.requireActive(variables.get("tenantId"));
    }
    return true;
  }
}
