package io.talentos.designer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.dmn.DecisionEngine;
import io.camunda.zeebe.dmn.DecisionEngineFactory;
import io.camunda.zeebe.dmn.ParsedDecision;
import io.camunda.zeebe.dmn.ParsedDecisionRequirementsGraph;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.BusinessRuleTask;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.Message;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.SignalEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnEdge;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnShape;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeBindingType;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledDecision;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledElement;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeInput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeOutput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeScript;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.validation.zeebe.ZeebeDesignTimeValidators;
import io.talentos.engine.ProcessVariables;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.camunda.bpm.model.xml.validation.ValidationResultType;
import org.springframework.stereotype.Component;

/**
 * Checks a BPMN, DMN or form file before it is deployed for a tenant: it must parse with the engine's own model
 * APIs (Zeebe BPMN model with its design-time validators, the Zeebe DMN parser), every job type must have a worker,
 * every called decision, form and process must exist in the tenant's bundle, every element must have a name and a
 * diagram shape, and ids must follow {@link ModelRules}. Each problem names the element it is about.
 */
@Component
public class ModelValidator {

  /** What kind of model a file is, by its extension. */
  public enum Kind { BPMN, DMN, FORM }

  /** One problem, naming the element (a BPMN element id, a decision id, a form field, or the file). */
  public record Violation(String element, String message) {}

  /** The ids the file defines: the process id, the decision requirements id, or the form id. */
  public record Checked(Kind kind, String modelId, Set<String> definedIds, List<Violation> violations) {}

  /** The ids a tenant's bundle offers to the file's references, after the file itself is added. */
  public record Bundle(Set<String> processIds, Set<String> decisionIds, Set<String> formIds) {}

  /**
   * Job types that only the platform's own processes may use: the policy processes (break-glass) and the pageant
   * season, whose freeze and publication carry the score integrity of ADR 0011.
   */
  private static final List<String> RESERVED_JOB_TYPES = List.of("policy.", "pageant.");

  private final JobTypes jobTypes;
  private final ObjectMapper json;
  private final DecisionEngine dmn = DecisionEngineFactory.createDecisionEngine();

  ModelValidator(JobTypes jobTypes, ObjectMapper json) {
    this.jobTypes = jobTypes;
    this.json = json;
  }

  /**
   * The kind of a resource by its file name.
   *
   * @throws IllegalArgumentException for any other extension
   */
  public static Kind kindOf(String resourceName) {
    String name = resourceName == null ? "" : resourceName.toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".bpmn")) {
      return Kind.BPMN;
    }
    if (name.endsWith(".dmn")) {
      return Kind.DMN;
    }
    if (name.endsWith(".form")) {
      return Kind.FORM;
    }
    throw new IllegalArgumentException("A model file must end in .bpmn, .dmn or .form, got '" + resourceName + "'");
  }

  /** Reads the file's own ids only (no reference checks), so the caller can build the bundle it belongs to. */
  public Checked parse(String resourceName, byte[] content) {
    return switch (kindOf(resourceName)) {
      case BPMN -> checkBpmn(content, null);
      case DMN -> checkDmn(content);
      case FORM -> checkForm(content);
    };
  }

  /** Checks the file completely, its references against the bundle. */
  public Checked check(String resourceName, byte[] content, Bundle bundle) {
    return switch (kindOf(resourceName)) {
      case BPMN -> checkBpmn(content, bundle);
      case DMN -> checkDmn(content);
      case FORM -> checkForm(content);
    };
  }

  private Checked checkBpmn(byte[] content, Bundle bundle) {
    List<Violation> violations = new ArrayList<>();
    BpmnModelInstance model;
    try {
      model = Bpmn.readModelFromStream(new ByteArrayInputStream(content));
    } catch (RuntimeException e) {
      violations.add(new Violation("definitions", "Not a readable BPMN 2.0 file: " + rootMessage(e)));
      return new Checked(Kind.BPMN, null, Set.of(), violations);
    }
    platformVersion(content, violations);
    var results = model.validate(ZeebeDesignTimeValidators.VALIDATORS);
    results.getResults().forEach((element, list) -> list.stream()
        .filter(r -> r.getType() == ValidationResultType.ERROR)
        .forEach(r -> violations.add(new Violation(idOf(element), r.getMessage()))));
    List<Process> executable = model.getModelElementsByType(Process.class).stream().filter(Process::isExecutable)
        .toList();
    if (executable.size() != 1) {
      violations.add(new Violation("definitions", "A model file holds exactly one executable process, found "
          + executable.size()));
      return new Checked(Kind.BPMN, null, Set.of(), violations);
    }
    String processId = executable.getFirst().getId();
    if (!ModelRules.KEBAB.matcher(processId).matches()) {
      violations.add(new Violation(processId, "Process ids are kebab-case, e.g. 'booking'"));
    }
    if (bundle != null) {
      checkElements(model, bundle, violations);
    }
    return new Checked(Kind.BPMN, processId, Set.of(processId), violations);
  }

  private void checkElements(BpmnModelInstance model, Bundle bundle, List<Violation> violations) {
    Set<String> shapes = model.getModelElementsByType(BpmnShape.class).stream()
        .filter(s -> s.getBpmnElement() != null).map(s -> s.getBpmnElement().getId()).collect(Collectors.toSet());
    Set<String> edges = model.getModelElementsByType(BpmnEdge.class).stream()
        .filter(e -> e.getBpmnElement() != null).map(e -> e.getBpmnElement().getId()).collect(Collectors.toSet());
    for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
      if (!ModelRules.NODE_ID.matcher(node.getId()).matches()) {
        violations.add(new Violation(node.getId(), "Element ids start with their kind and continue in PascalCase, "
            + "e.g. Task_RecordDelivery"));
      }
      if (node.getName() == null || node.getName().isBlank()) {
        violations.add(new Violation(node.getId(), "Every element needs a human-readable name"));
      }
      if (!shapes.contains(node.getId())) {
        violations.add(new Violation(node.getId(), "No diagram shape (BPMNDI): lay the element out in the Modeler"));
      }
    }
    for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
      if (!ModelRules.FLOW_ID.matcher(flow.getId()).matches()) {
        violations.add(new Violation(flow.getId(), "Sequence flow ids look like Flow_ToDelivery"));
      }
      if (!edges.contains(flow.getId())) {
        violations.add(new Violation(flow.getId(), "No diagram edge (BPMNDI): lay the flow out in the Modeler"));
      }
    }
    for (Message message : model.getModelElementsByType(Message.class)) {
      if (message.getName() == null || !ModelRules.PASCAL.matcher(message.getName()).matches()) {
        violations.add(new Violation(message.getId(), "Message names are PascalCase, e.g. PaymentCaptured"));
      }
    }
    for (ZeebeTaskDefinition task : model.getModelElementsByType(ZeebeTaskDefinition.class)) {
      String type = task.getType();
      if (type != null && !type.startsWith("=") && !jobTypes.hasWorker(type)) {
        violations.add(new Violation(ownerId(task), "No worker runs job type '" + type + "'; the job would wait "
            + "forever"));
      }
      if (type != null && (type.startsWith("=") || RESERVED_JOB_TYPES.stream().anyMatch(type::startsWith))) {
        violations.add(new Violation(ownerId(task), "Job type '" + type + "' is reserved to the platform's policy "
            + "and pageant processes (or computed at runtime); tenant models name a fixed job type of their own "
            + "capabilities"));
      }
    }
    sharedEvents(model, violations);
    guardedWrites(model, violations);
    for (BusinessRuleTask task : model.getModelElementsByType(BusinessRuleTask.class)) {
      ZeebeCalledDecision called = task.getSingleExtensionElement(ZeebeCalledDecision.class);
      reference(bundle.decisionIds(), called == null ? null : called.getDecisionId(),
          called == null ? null : called.getBindingType(), task, "decision", violations);
    }
    for (UserTask task : model.getModelElementsByType(UserTask.class)) {
      ZeebeFormDefinition form = task.getSingleExtensionElement(ZeebeFormDefinition.class);
      reference(bundle.formIds(), form == null ? null : form.getFormId(), form == null ? null : form.getBindingType(),
          task, "form", violations);
    }
    for (CallActivity call : model.getModelElementsByType(CallActivity.class)) {
      ZeebeCalledElement called = call.getSingleExtensionElement(ZeebeCalledElement.class);
      reference(bundle.processIds(), called == null ? null : called.getProcessId(),
          called == null ? null : called.getBindingType(), call, "process", violations);
    }
  }

  /**
   * No mapping or result may write a variable TalentOS guards (the instance's tenant and business key, who prepared
   * and approved under maker-checker): a tenant's model could otherwise make a worker act for another tenant or fake
   * an approval.
   */
  private static void guardedWrites(BpmnModelInstance model, List<Violation> violations) {
    List<Map.Entry<ModelElementInstance, String>> writes = new ArrayList<>();
    model.getModelElementsByType(ZeebeInput.class).forEach(i -> writes.add(Map.entry(i, i.getTarget())));
    model.getModelElementsByType(ZeebeOutput.class).forEach(o -> writes.add(Map.entry(o, o.getTarget())));
    model.getModelElementsByType(ZeebeCalledDecision.class)
        .forEach(d -> writes.add(Map.entry(d, String.valueOf(d.getResultVariable()))));
    model.getModelElementsByType(ZeebeScript.class)
        .forEach(s -> writes.add(Map.entry(s, String.valueOf(s.getResultVariable()))));
    model.getModelElementsByType(ZeebeLoopCharacteristics.class)
        .forEach(l -> {
          writes.add(Map.entry(l, String.valueOf(l.getInputElement())));
          writes.add(Map.entry(l, String.valueOf(l.getOutputCollection())));
        });
    writes.stream().filter(w -> ProcessVariables.GUARDED.contains(w.getValue())).forEach(w -> violations.add(
        new Violation(ownerId(w.getKey()), "Writes '" + w.getValue() + "', which only TalentOS sets")));
  }

  /**
   * A decision, form or called process the element refers to must be in the tenant's bundle and be bound to it
   * ({@code bindingType="deployment"}): with "latest" it would resolve to whichever tenant deployed last (ADR 0007).
   */
  private static void reference(Set<String> known, String id, ZeebeBindingType binding, BaseElement element,
      String what, List<Violation> violations) {
    if (id != null && !known.contains(id)) {
      violations.add(new Violation(element.getId(), "Refers to " + what + " '" + id
          + "', which neither the blueprint nor this tenant has deployed"));
    }
    if (id != null && binding != ZeebeBindingType.deployment) {
      violations.add(new Violation(element.getId(), "Binds " + what + " '" + id + "' by 'latest'; set the binding "
          + "to 'deployment' so the tenant's own bundle is used"));
    }
  }

  /**
   * Start events other than a plain one, and signals, are shared by every tenant on an engine without tenant ids: a
   * message or signal of one tenant would start or reach another tenant's model, and a timer would start instances
   * without a tenant. Tenant models start from TalentOS (a plain start event) and wait for correlated messages.
   */
  private static void sharedEvents(BpmnModelInstance model, List<Violation> violations) {
    for (StartEvent start : model.getModelElementsByType(StartEvent.class)) {
      if (start.getParentElement() instanceof Process && !start.getEventDefinitions().isEmpty()) {
        violations.add(new Violation(start.getId(), "Processes start plain (TalentOS starts them for a tenant); "
            + "message, timer and signal start events would be shared by every tenant"));
      }
    }
    for (SignalEventDefinition signal : model.getModelElementsByType(SignalEventDefinition.class)) {
      violations.add(new Violation(ownerId(signal), "Signals are broadcast to every tenant; use a correlated message"));
    }
  }

  private Checked checkDmn(byte[] content) {
    List<Violation> violations = new ArrayList<>();
    platformVersion(content, violations);
    ParsedDecisionRequirementsGraph graph = dmn.parse(new ByteArrayInputStream(content));
    if (!graph.isValid()) {
      violations.add(new Violation("definitions", "Not a valid DMN file: " + graph.getFailureMessage()));
      return new Checked(Kind.DMN, null, Set.of(), violations);
    }
    Set<String> ids = new java.util.TreeSet<>();
    for (ParsedDecision decision : graph.getDecisions()) {
      ids.add(decision.getId());
      if (!ModelRules.KEBAB.matcher(decision.getId()).matches()) {
        violations.add(new Violation(decision.getId(), "Decision ids are kebab-case, e.g. commission-split"));
      }
      if (decision.getName() == null || decision.getName().isBlank()) {
        violations.add(new Violation(decision.getId(), "Every decision needs a human-readable name"));
      }
      if (!new String(content, StandardCharsets.UTF_8).contains("dmnElementRef=\"" + decision.getId() + "\"")) {
        violations.add(new Violation(decision.getId(), "No diagram shape (DMNDI): lay the decision out in the "
            + "Modeler"));
      }
    }
    return new Checked(Kind.DMN, graph.getId(), ids, violations);
  }

  private Checked checkForm(byte[] content) {
    List<Violation> violations = new ArrayList<>();
    JsonNode form;
    try {
      form = json.readTree(content);
    } catch (IOException e) {
      violations.add(new Violation("form", "Not a Camunda form (JSON): " + e.getMessage()));
      return new Checked(Kind.FORM, null, Set.of(), violations);
    }
    String id = form.path("id").asText("");
    if (!ModelRules.KEBAB.matcher(id).matches()) {
      violations.add(new Violation("id", "Form ids are kebab-case, e.g. record-delivery"));
    }
    form.path("components").forEach(component -> {
      if (ProcessVariables.GUARDED.contains(component.path("key").asText())) {
        violations.add(new Violation(component.path("key").asText(), "A form field may not set '"
            + component.path("key").asText() + "', which only TalentOS sets"));
      }
    });
    if (!form.path("components").isArray() || form.path("components").isEmpty()) {
      violations.add(new Violation(id.isEmpty() ? "form" : id, "A form needs components"));
    }
    platformVersion(content, violations);
    return new Checked(Kind.FORM, id.isEmpty() ? null : id, id.isEmpty() ? Set.of() : Set.of(id), violations);
  }

  private static void platformVersion(byte[] content, List<Violation> violations) {
    if (!ModelRules.PLATFORM_VERSION.matcher(new String(content, StandardCharsets.UTF_8)).find()) {
      violations.add(new Violation("definitions", "The file must target Camunda 8.8 "
          + "(executionPlatformVersion 8.8 in the Modeler)"));
    }
  }

  private static String ownerId(ModelElementInstance element) {
    for (ModelElementInstance e = element; e != null; e = e.getParentElement()) {
      if (e instanceof BaseElement base && base.getId() != null && !(e instanceof io.camunda.zeebe.model.bpmn
          .instance.ExtensionElements)) {
        return base.getId();
      }
    }
    return "definitions";
  }

  private static String idOf(ModelElementInstance element) {
    String id = element.getAttributeValue("id");
    return id != null ? id : ownerId(element);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
