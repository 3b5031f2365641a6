package io.talentos.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registers the audit record and the tenant check on every tenant route (audit first, so refusals are recorded). */
@Configuration
class WebConfig implements WebMvcConfigurer {

  private final TenantInterceptor tenantInterceptor;
  private final AuditInterceptor auditInterceptor;

  WebConfig(TenantInterceptor tenantInterceptor, AuditInterceptor auditInterceptor) {
    this.tenantInterceptor = tenantInterceptor;
    this.auditInterceptor = auditInterceptor;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(auditInterceptor).addPathPatterns("/api/v1/tenants/**");
    registry.addInterceptor(tenantInterceptor).addPathPatterns("/api/v1/tenants/**");
  }
}
