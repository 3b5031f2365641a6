package io.talentos.tasklist;

import io.swagger.v3.oas.annotations.Operation;
import io.talentos.identity.CurrentUser;
import io.talentos.policy.AccessPolicy;
import io.talentos.audit.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The task list of operations staff: list, claim and complete user tasks. */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/tasks")
class TaskController {

  private static final Set<String> STATES = Set.of("CREATED", "COMPLETED", "CANCELED");

  private final TaskList tasks;
  private final AccessPolicy policy;

  TaskController(TaskList tasks, AccessPolicy policy) {
    this.tasks = tasks;
    this.policy = policy;
  }

  /**
   * RBAC: the caller must hold one of the task's candidate groups (or own the tenant). ABAC: when the task stands for
   * a capability, the access-policy DMN decides on the task's attributes (e.g. step-up for payout approval).
   */
  private void authorize(String tenantId, CurrentUser user, UUID taskId) {
    TaskList.TaskView task = tasks.get(tenantId, taskId);
    if (!user.hasRole("tenant-owner") && task.candidateGroups().stream().noneMatch(user::hasRole)) {
      throw new org.springframework.security.access.AccessDeniedException("Task '" + task.name()
          + "' is offered to " + task.candidateGroups() + "; the caller has " + user.roles());
    }
    if (task.capability() != null) {
      Map<String, Object> v = task.variables();
      policy.require(tenantId, user.userId(), user.roles(), user.hasMfa(), task.capability(), "task",
          taskId.toString(), new AccessPolicy.Attributes(v.get("contractStatus") instanceof String c ? c : null,
              v.get("disputeOpen") instanceof Boolean d ? d : null,
              v.get("escrowStatus") instanceof String e ? e : null, null, null,
              v.get("grossMinor") instanceof Number n ? n.longValue() : null,
              v.containsKey("deliveryProofUrl") ? Boolean.TRUE : null,
              v.get("verified") instanceof Boolean ok ? ok : null));
    }
  }

  @Operation(summary = "List the tenant's tasks, optionally by state, candidate group and booking")
  @GetMapping
  List<TaskList.TaskView> list(@PathVariable String tenantId, @RequestParam(required = false) String state,
      @RequestParam(required = false) String candidateGroup, @RequestParam(required = false) String bookingId) {
    if (state != null && !STATES.contains(state)) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "state must be one of " + STATES);
    }
    return tasks.list(tenantId, state, candidateGroup, bookingId);
  }

  @Operation(summary = "One task with its variables")
  @GetMapping("/{taskId}")
  TaskList.TaskView get(@PathVariable String tenantId, @PathVariable UUID taskId) {
    return tasks.get(tenantId, taskId);
  }

  @Operation(summary = "Claim a task for the acting user")
  @PostMapping("/{taskId}/claim")
  TaskList.TaskView claim(@PathVariable String tenantId, @PathVariable UUID taskId,
      @AuthenticationPrincipal CurrentUser user) {
    authorize(tenantId, user, taskId);
    return tasks.claim(tenantId, taskId, user.userId());
  }

  @Operation(summary = "Complete a task with the form's fields; validated against the task's form")
  @PostMapping("/{taskId}/complete")
  TaskList.TaskView complete(@PathVariable String tenantId, @PathVariable UUID taskId,
      @AuthenticationPrincipal CurrentUser user,
      @RequestBody(required = false) Map<String, Object> variables, HttpServletRequest request) {
    authorize(tenantId, user, taskId);
    TaskList.TaskView before = tasks.get(tenantId, taskId);
    request.setAttribute(AuditLog.REQUEST_BEFORE, Map.of("state", before.state(), "name", before.name(),
        "businessKey", before.businessKey()));
    TaskList.TaskView after = tasks.complete(tenantId, taskId, user.userId(), variables == null ? Map.of() : variables);
    request.setAttribute(AuditLog.REQUEST_AFTER, Map.of("state", after.state(), "completedBy", after.completedBy(),
        "input", variables == null ? Map.of() : variables));
    return after;
  }
}
