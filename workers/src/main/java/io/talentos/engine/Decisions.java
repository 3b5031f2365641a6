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

  Decisions(CamundaClient client) {
    this.client = client;
  }

  /** Evaluates the latest version of {@code decisionId} with these variables. */
  public Result evaluate(String decisionId, Map<String, Object> variables) {
    var response = client.newEvaluateDecisionCommand().decisionId(decisionId).variables(variables).send().join();
    return new Result(response.getDecisionId(), response.getDecisionVersion(), response.getDecisionKey(),
        response.getDecisionOutput(), response.getFailureMessage());
  }
}
