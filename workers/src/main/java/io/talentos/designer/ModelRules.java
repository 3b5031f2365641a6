package io.talentos.designer;

import java.util.regex.Pattern;

/**
 * The naming rules of TalentOS models (docs/house-style: BPMN element ids by type, kebab-case process, decision and
 * form ids, PascalCase message names, {@code capability.action} job types). The model lint test checks the shipped
 * models with them and the designer deploy API checks every uploaded model with them.
 */
public final class ModelRules {

  /** Flow node ids: the element kind, an underscore, then PascalCase (e.g. {@code Task_RecordDelivery}). */
  public static final Pattern NODE_ID = Pattern.compile(
      "(StartEvent|EndEvent|Task|Gateway|BoundaryEvent|Event|SubProcess|CallActivity|BusinessRuleTask)_[A-Z][A-Za-z0-9]+");
  /** Sequence flow ids, e.g. {@code Flow_ToDelivery}. */
  public static final Pattern FLOW_ID = Pattern.compile("Flow_[A-Z][A-Za-z0-9]+");
  /** Process, decision and form ids, e.g. {@code commission-split}. */
  public static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  /** Message names, e.g. {@code PaymentCaptured}. */
  public static final Pattern PASCAL = Pattern.compile("[A-Z][A-Za-z0-9]+");
  /** BPMN error codes, e.g. {@code DEPOSIT_NOT_FUNDED}. */
  public static final Pattern UPPER_SNAKE = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*");
  /** Job types, e.g. {@code finance.record-payment}. */
  public static final Pattern JOB_TYPE = Pattern.compile("[a-z]+\\.[a-z]+(-[a-z]+)*");
  /** The Camunda Modeler target every model file declares. */
  public static final Pattern PLATFORM_VERSION = Pattern.compile("executionPlatformVersion\"?[=:]\\s*\"8\\.8");
  /** The job type of job-based user tasks, which TalentOS's own task list works. */
  public static final String USER_TASK_JOB_TYPE = "io.camunda.zeebe:userTask";

  private ModelRules() {}
}
