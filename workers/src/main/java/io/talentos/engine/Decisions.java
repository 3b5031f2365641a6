package io.talentos.engine;

import io.camunda.client.CamundaClient;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Evaluates a deployed DMN decision on the engine (standalone, outside a process). */
@Component
public class Decisions {

  /**
   * A decision's result: its output as JSON, or a failure message (e.g. no rule matched an {@code assert}), and the
   * version and key of the decision that was evaluated.
   */
  public record Result(String decisionId, int decisionVersion, long decisionKey, String outputJson, String failure) {
    /** Whether the evaluation failed. */
    public boolean failed() {
      return failure != null && !failure.isBlank();
    }
  }

  private final CamundaClient client;
  private final ProcessDefinitions definitions;

  Decisions(CamundaClient client, ProcessDefinitions definitions) {
    this.client = client;
    this.definitions = definitions;
  }

  /**
   * Evaluates the platform's version of {@code decisionId} (the one TalentOS deployed at start, so a tenant's own
   * deployment never replaces a platform policy) with these variables; the latest version when the platform did not
   * deploy it.
   */
  public Result evaluate(String decisionId, Map<String, Object> variables) {
    var command = client.newEvaluateDecisionCommand();
    var step = definitions.platformDecisionKey(decisionId).map(command::decisionKey)
        .orElseGet(() -> command.decisionId(decisionId));
    var response = step.variables(variables).send().join();
    return new Result(response.getDecisionId(), response.getDecisionVersion(), response.getDecisionKey(),
        response.getDecisionOutput(), response.getFailureMessage());
  }
}
