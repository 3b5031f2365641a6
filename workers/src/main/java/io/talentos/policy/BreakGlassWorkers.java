package io.talentos.policy;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import io.talentos.isolation.TenantScope;
import io.talentos.tenancy.TenantGuard;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Job workers of {@code processes/policy/break-glass.bpmn}: grant an approved override until its expiry, end it when
 * the timer fires, or record a refusal. Each is idempotent, so a retried job changes nothing twice. Public because
 * the Camunda client invokes worker methods reflectively.
 */
@Component
public class BreakGlassWorkers {

  private final BreakGlassService overrides;
  private final TenantGuard guard;

  BreakGlassWorkers(BreakGlassService overrides, TenantGuard guard) {
    this.overrides = overrides;
    this.guard = guard;
  }

  /** The owner's decision from the approval task ({@code overrideDecidedBy} set by the task list). */
  public record Decision(String tenantId, String overrideId, String overrideDecidedBy, String decisionComment) {}

  /** The absolute expiry the process's timer waits for (ISO-8601 UTC). */
  public record Granted(String overrideStatus, String overrideExpiresAt) {}

  /**
   * Grants the approved override, only from the platform's break-glass process (a tenant model may not use this job
   * type, and the service checks the approval record itself rather than trusting variables).
   */
  @JobWorker(type = PolicyJobTypes.GRANT_OVERRIDE)
  public Granted grant(@VariablesAsType Decision in, ActivatedJob job) {
    if (!"break-glass".equals(job.getBpmnProcessId())) {
      throw CamundaError.jobError("policy.grant-override runs only in the break-glass process, not in "
          + job.getBpmnProcessId(), null, 0);
    }
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      return new Granted("GRANTED", overrides.grant(in.tenantId(), UUID.fromString(in.overrideId()),
          in.overrideDecidedBy(), in.decisionComment()).toString());
    }
  }

  /** Records the refusal. */
  @JobWorker(type = PolicyJobTypes.REFUSE_OVERRIDE)
  public void refuse(@VariablesAsType Decision in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      overrides.refuse(in.tenantId(), UUID.fromString(in.overrideId()), in.overrideDecidedBy(), in.decisionComment());
    }
  }

  /** Ends the override when its time is up. */
  @JobWorker(type = PolicyJobTypes.END_OVERRIDE)
  public void end(@VariablesAsType Decision in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      overrides.end(in.tenantId(), UUID.fromString(in.overrideId()));
    }
  }
}
