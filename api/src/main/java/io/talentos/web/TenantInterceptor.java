package io.talentos.web;

import io.talentos.identity.CurrentUser;
import io.talentos.identity.TenantAccessException;
import io.talentos.tenancy.Tenants;
import io.talentos.isolation.TenantScope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Checks the tenant of every tenant-scoped route ({@code /api/v1/tenants/{tenantId}/…}) before any handler runs,
 * whatever the endpoint: the token's tenant claim must name an active tenant (else 401), the path's tenant must exist
 * (else 404) and be active (else 403), and the caller must belong to it (else 403). The request's thread is then
 * bound to that tenant until the request completes ({@link TenantScope}).
 */
@Component
class TenantInterceptor implements HandlerInterceptor {

  private static final String BINDING = TenantInterceptor.class.getName() + ".binding";

  private final Tenants tenants;

  TenantInterceptor(Tenants tenants) {
    this.tenants = tenants;
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    @SuppressWarnings("unchecked")
    var variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    if (variables == null || !variables.containsKey("tenantId")) {
      return true;
    }
    String tenantId = variables.get("tenantId");
    CurrentUser user = SecurityContextHolder.getContext().getAuthentication() != null
        && SecurityContextHolder.getContext().getAuthentication().getPrincipal() instanceof CurrentUser u ? u : null;
    if (user == null || user.tenantId() == null) {
      throw TenantAccessException.invalidClaim("The token has no tenant claim");
    }
    if (!tenants.isActive(user.tenantId())) {
      throw TenantAccessException.invalidClaim("The token's tenant claim names no active tenant");
    }
    tenants.requireActive(tenantId);
    if (!user.tenantId().equals(tenantId)) {
      throw TenantAccessException.otherTenant(tenantId);
    }
    // from here on every connection of this request carries the tenant: PostgreSQL row-level security (ADR 0006)
    request.setAttribute(BINDING, TenantScope.bind(tenantId));
    return true;
  }

  @Override
  public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
      Exception ex) {
    if (request.getAttribute(BINDING) instanceof TenantScope.Binding binding) {
      binding.close();
    }
  }
}
