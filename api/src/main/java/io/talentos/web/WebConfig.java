package io.talentos.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** On every tenant route: the rate limit, then the audit record, then the tenant check (so refusals are recorded). */
@Configuration
class WebConfig implements WebMvcConfigurer {

  private final TenantInterceptor tenantInterceptor;
  private final AuditInterceptor auditInterceptor;
  private final RateLimitInterceptor rateLimitInterceptor;

  WebConfig(TenantInterceptor tenantInterceptor, AuditInterceptor auditInterceptor,
      RateLimitInterceptor rateLimitInterceptor) {
    this.tenantInterceptor = tenantInterceptor;
    this.auditInterceptor = auditInterceptor;
    this.rateLimitInterceptor = rateLimitInterceptor;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(rateLimitInterceptor).addPathPatterns("/api/v1/tenants/**", "/api/v1/signing/**",
        "/api/v1/contract-links/**", "/api/v1/casting-views/**", "/api/v1/pageant-results/**");
    registry.addInterceptor(auditInterceptor).addPathPatterns("/api/v1/tenants/**");
    registry.addInterceptor(tenantInterceptor).addPathPatterns("/api/v1/tenants/**");
  }
}
