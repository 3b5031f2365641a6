package io.talentos.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.camunda.client.annotation.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.BusinessRuleTask;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.EndEvent;
import io.camunda.zeebe.model.bpmn.instance.ErrorEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.Message;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnEdge;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnShape;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAssignmentDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledDecision;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledElement;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import io.talentos.designer.ModelRules;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lints the model files against the code and the naming rules of the house style, and regenerates
 * docs/process-catalogue.md from them. Reads the repository's model folders directly, the same files production deploys.
 */
class ModelLintTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String USER_TASK_JOB = ModelRules.USER_TASK_JOB_TYPE;
  private static final io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeBindingType DEPLOYMENT =
      io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeBindingType.deployment;

  private static final Map<Path, BpmnModelInstance> BPMN = new TreeMap<>();
  private static final Set<String> DECISIONS = new TreeSet<>();
  private static final Set<String> FORMS = new TreeSet<>();
  private static final Map<String, List<String>> WORKERS = new TreeMap<>();

  @BeforeAll
  static void load() throws IOException {
    for (Path file : files("processes", ".bpmn")) {
      BPMN.put(file, Bpmn.readModelFromFile(file.toFile()));
    }
    Pattern decision = Pattern.compile("<decision id=\"([^\"]+)\"");
    for (Path file : files("decisions", ".dmn")) {
      Matcher m = decision.matcher(Files.readString(file));
      while (m.find()) {
        DECISIONS.add(m.group(1));
      }
    }
    for (Path file : files("forms", ".form")) {
      FORMS.add(new ObjectMapper().readTree(file.toFile()).path("id").asText());
    }
    new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.talentos")
        .stream().flatMap(c -> c.getMethods().stream()).filter(m -> m.isAnnotatedWith(JobWorker.class))
        .forEach(m -> WORKERS.computeIfAbsent(m.getAnnotationOfType(JobWorker.class).type(), t -> new ArrayList<>())
            .add(m.getFullName()));
  }

  private static List<Path> files(String folder, String suffix) throws IOException {
    try (Stream<Path> walk = Files.walk(ROOT.resolve(folder))) {
      return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }

  private static <T extends org.camunda.bpm.model.xml.instance.ModelElementInstance> Collection<T> all(
      BpmnModelInstance model, Class<T> type) {
    return model.getModelElementsByType(type);
  }

  private static Set<String> jobTypes(BpmnModelInstance model) {
    return all(model, ZeebeTaskDefinition.class).stream().map(ZeebeTaskDefinition::getType)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void everyJobTypeHasExactlyOneWorkerAndEveryWorkerAModel() {
    Set<String> modelled = BPMN.values().stream().flatMap(m -> jobTypes(m).stream())
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(modelled).isNotEmpty().allSatisfy(type -> {
      assertThat(type).matches(ModelRules.JOB_TYPE);
      assertThat(WORKERS.get(type)).as("workers of job type %s", type).hasSize(1);
    });
    assertThat(WORKERS.keySet()).allSatisfy(type -> assertThat(type.equals(USER_TASK_JOB) || modelled.contains(type))
        .as("worker type %s is used by a model", type).isTrue());
    assertThat(WORKERS).containsKey(USER_TASK_JOB);
  }

  @Test
  void everyIdFollowsTheNamingRulesAndEveryNodeHasANameAndADiagramShape() {
    BPMN.forEach((file, model) -> {
      String fileName = file.getFileName().toString().replace(".bpmn", "");
      Collection<Process> processes = all(model, Process.class);
      assertThat(processes).extracting(Process::getId).containsExactly(fileName);
      assertThat(fileName).matches(ModelRules.KEBAB);
      Set<String> shapes = all(model, BpmnShape.class).stream().map(s -> s.getBpmnElement().getId())
          .collect(Collectors.toSet());
      Set<String> edges = all(model, BpmnEdge.class).stream().map(e -> e.getBpmnElement().getId())
          .collect(Collectors.toSet());
      for (FlowNode node : all(model, FlowNode.class)) {
        assertThat(node.getId()).as(file + ": element id").matches(ModelRules.NODE_ID);
        assertThat(node.getName()).as(file + ": name of " + node.getId()).isNotBlank();
        assertThat(shapes).as(file + ": diagram shape of " + node.getId()).contains(node.getId());
      }
      for (SequenceFlow flow : all(model, SequenceFlow.class)) {
        assertThat(flow.getId()).as(file + ": flow id").matches(ModelRules.FLOW_ID);
        assertThat(edges).as(file + ": diagram edge of " + flow.getId()).contains(flow.getId());
      }
      all(model, Message.class).forEach(m -> assertThat(m.getName()).matches(ModelRules.PASCAL));
    });
    assertThat(DECISIONS).isNotEmpty().allSatisfy(id -> assertThat(id).matches(ModelRules.KEBAB));
    assertThat(FORMS).isNotEmpty().allSatisfy(id -> assertThat(id).matches(ModelRules.KEBAB));
  }

  @Test
  void everyModelTargetsCamunda88() throws IOException {
    List<Path> models = new ArrayList<>();
    for (String[] kind : new String[][] {{"processes", ".bpmn"}, {"decisions", ".dmn"}, {"forms", ".form"}}) {
      models.addAll(files(kind[0], kind[1]));
    }
    assertThat(models).allSatisfy(file -> assertThat(ModelRules.PLATFORM_VERSION.matcher(Files.readString(file)).find())
        .as(file + " targets Camunda 8.8").isTrue());
    for (Path dmn : files("decisions", ".dmn")) {
      String xml = Files.readString(dmn);
      Matcher decision = Pattern.compile("<decision id=\"([^\"]+)\"").matcher(xml);
      while (decision.find()) {
        assertThat(xml).as(dmn + ": DMNDI shape of " + decision.group(1))
            .contains("dmnElementRef=\"" + decision.group(1) + "\"");
      }
    }
  }

  @Test
  void everyReferenceResolves() {
    Set<String> processIds = BPMN.values().stream().flatMap(m -> all(m, Process.class).stream()).map(Process::getId)
        .collect(Collectors.toSet());
    BPMN.forEach((file, model) -> {
      for (BusinessRuleTask task : all(model, BusinessRuleTask.class)) {
        var called = task.getSingleExtensionElement(ZeebeCalledDecision.class);
        assertThat(DECISIONS).as(file + ": decision of " + task.getId()).contains(called.getDecisionId());
        // a tenant's own bundle resolves its decisions, forms and called processes inside its deployment (ADR 0007)
        assertThat(called.getBindingType()).as(file + ": binding of " + task.getId()).isEqualTo(DEPLOYMENT);
      }
      for (CallActivity call : all(model, CallActivity.class)) {
        assertThat(processIds).as(file + ": called process of " + call.getId())
            .contains(call.getSingleExtensionElement(ZeebeCalledElement.class).getProcessId());
        assertThat(call.getSingleExtensionElement(ZeebeCalledElement.class).getBindingType())
            .as(file + ": binding of " + call.getId()).isEqualTo(DEPLOYMENT);
      }
      for (UserTask task : all(model, UserTask.class)) {
        var form = task.getSingleExtensionElement(ZeebeFormDefinition.class);
        assertThat(form).as(file + ": form of " + task.getId()).isNotNull();
        assertThat(FORMS).as(file + ": form of " + task.getId()).contains(form.getFormId());
        assertThat(form.getBindingType()).as(file + ": binding of " + task.getId()).isEqualTo(DEPLOYMENT);
        assertThat(task.getSingleExtensionElement(ZeebeAssignmentDefinition.class).getCandidateGroups())
            .as(file + ": candidate groups of " + task.getId()).isNotBlank();
      }
    });
  }

  @Test
  void everyCapabilityATaskStandsForIsInTheCatalogue() throws IOException {
    var catalogue = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
        .readTree(ROOT.resolve("processes/blueprints/capabilities.yaml").toFile());
    Set<String> used = new TreeSet<>();
    BPMN.values().forEach(model -> all(model, io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeHeader.class).stream()
        .filter(h -> h.getKey().equals("talentos.capability")).forEach(h -> used.add(h.getValue())));
    assertThat(used).isNotEmpty().allSatisfy(capability -> assertThat(catalogue.path("capabilities").has(capability))
        .as("capability %s in capabilities.yaml", capability).isTrue());
    catalogue.path("roles").properties().forEach(role -> role.getValue().forEach(capability ->
        assertThat(catalogue.path("capabilities").has(capability.asText()))
            .as("capability %s of role %s", capability.asText(), role.getKey()).isTrue()));
  }

  @Test
  void everyErrorCodeIsCaughtByABoundaryEvent() {
    BPMN.forEach((file, model) -> {
      Set<String> ownProcesses = all(model, Process.class).stream().map(Process::getId).collect(Collectors.toSet());
      // caught in this file, or on a call activity (in any file) that calls this file's process
      Set<String> caught = BPMN.values().stream().flatMap(m -> all(m, BoundaryEvent.class).stream())
          .filter(b -> m(b, model) || b.getAttachedTo() instanceof CallActivity call && ownProcesses.contains(
              call.getSingleExtensionElement(ZeebeCalledElement.class).getProcessId()))
          .flatMap(b -> b.getEventDefinitions().stream()).filter(d -> d instanceof ErrorEventDefinition)
          .map(d -> ((ErrorEventDefinition) d).getError().getErrorCode()).collect(Collectors.toSet());
      all(model, io.camunda.zeebe.model.bpmn.instance.Error.class).forEach(error -> {
        assertThat(error.getErrorCode()).matches(ModelRules.UPPER_SNAKE);
        assertThat(caught).as(file + ": a boundary event catches " + error.getErrorCode()).contains(error.getErrorCode());
      });
      all(model, EndEvent.class).stream().flatMap(e -> e.getEventDefinitions().stream())
          .filter(d -> d instanceof ErrorEventDefinition)
          .forEach(d -> assertThat(caught).contains(((ErrorEventDefinition) d).getError().getErrorCode()));
    });
  }

  @Test
  void theProcessCatalogueIsUpToDate() throws IOException {
    StringBuilder doc = new StringBuilder("""
        # Process catalogue

        Generated by `ModelLintTest` from the model files; do not edit by hand. Run `./mvnw verify` to refresh it.

        """);
    BPMN.forEach((file, model) -> {
      Process process = all(model, Process.class).iterator().next();
      doc.append("## `").append(process.getId()).append("`: ").append(process.getName()).append("\n\n")
          .append("File: `").append(ROOT.relativize(file)).append("`\n\n")
          .append("| kind | names |\n|---|---|\n")
          .append(row("Job types", jobTypes(model)))
          .append(row("Messages", all(model, Message.class).stream().map(Message::getName).toList()))
          .append(row("BPMN errors", all(model, io.camunda.zeebe.model.bpmn.instance.Error.class).stream()
              .map(io.camunda.zeebe.model.bpmn.instance.Error::getErrorCode).toList()))
          .append(row("Decisions", all(model, ZeebeCalledDecision.class).stream()
              .map(ZeebeCalledDecision::getDecisionId).toList()))
          .append(row("Forms", all(model, ZeebeFormDefinition.class).stream().map(ZeebeFormDefinition::getFormId)
              .toList()))
          .append(row("User tasks", all(model, UserTask.class).stream().map(t -> t.getName() + " (" + t.getId() + ")")
              .toList()))
          .append(row("Called processes", all(model, ZeebeCalledElement.class).stream()
              .map(ZeebeCalledElement::getProcessId).toList()))
          .append('\n');
    });
    Path catalogue = ROOT.resolve("docs/process-catalogue.md");
    String expected = doc.toString();
    String actual = Files.exists(catalogue) ? Files.readString(catalogue, StandardCharsets.UTF_8) : "";
    if (!expected.equals(actual)) {
      Files.writeString(catalogue, expected, StandardCharsets.UTF_8);
    }
    assertThat(actual).as("docs/process-catalogue.md was out of date and has been regenerated; commit it")
        .isEqualTo(expected);
  }

  private static String row(String kind, Collection<String> names) {
    return "| " + kind + " | " + (names.isEmpty() ? "none" : new TreeSet<>(names).stream().map(n -> "`" + n + "`")
        .collect(Collectors.joining(", "))) + " |\n";
  }

  /** Whether the element belongs to this model instance. */
  private static boolean m(BoundaryEvent event, BpmnModelInstance model) {
    return event.getModelInstance() == model;
  }
}
