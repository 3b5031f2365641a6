package io.talentos.engine;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeProperties;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeProperty;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The model files TalentOS deploys, read once from the classpath folders {@code processes/}, {@code decisions/}
 * and {@code forms/} (the repository's model folders, packaged as resources). It answers the questions the engine's
 * records and jobs do not: an element's human-readable name and its extension properties (for example
 * {@code businessStatus}), and which form id a deployed form key stands for.
 */
@Component
public class ModelCatalog {

  /** One model file: its path relative to its model folder (e.g. {@code booking/booking.bpmn}) and its bytes. */
  public record ModelResource(String name, byte[] content) {}

  /** What the catalog knows about one BPMN element. */
  public record ElementInfo(String processId, String elementId, String name, Map<String, String> properties) {}

  private final List<ModelResource> resources;
  private final Map<String, ElementInfo> elements = new LinkedHashMap<>();
  private final Map<String, BpmnModelInstance> processes = new LinkedHashMap<>();
  private final Map<Long, String> formIdsByKey = new ConcurrentHashMap<>();
  private final java.util.Set<String> decisionIds = new java.util.TreeSet<>();
  private final java.util.Set<String> formIds = new java.util.TreeSet<>();

  ModelCatalog() {
    this.resources = load();
    var decisionId = java.util.regex.Pattern.compile("<decision id=\"([^\"]+)\"");
    for (ModelResource resource : resources) {
      String text = new String(resource.content(), java.nio.charset.StandardCharsets.UTF_8);
      if (resource.name().endsWith(".dmn")) {
        decisionId.matcher(text).results().forEach(m -> decisionIds.add(m.group(1)));
      }
      if (resource.name().endsWith(".form")) {
        try {
          formIds.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(text).path("id").asText());
        } catch (IOException e) {
          throw new UncheckedIOException("Form " + resource.name() + " is not JSON", e);
        }
      }
    }
    for (ModelResource resource : resources) {
      if (resource.name().endsWith(".bpmn")) {
        BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(resource.content()));
        for (Process process : model.getModelElementsByType(Process.class)) {
          processes.put(process.getId(), model);
          elements.put(key(process.getId(), process.getId()),
              new ElementInfo(process.getId(), process.getId(), process.getName(), Map.of()));
          for (FlowElement element : model.getModelElementsByType(FlowElement.class)) {
            if (process.equals(processOf(element))) {
              elements.put(key(process.getId(), element.getId()),
                  new ElementInfo(process.getId(), element.getId(), element.getName(), propertiesOf(element)));
            }
          }
        }
      }
    }
  }

  /** Every model file, in a stable order: BPMN, DMN and form files. */
  public List<ModelResource> resources() {
    return resources;
  }

  /** The parsed BPMN model that defines {@code processId}, if TalentOS ships one. */
  public Optional<BpmnModelInstance> process(String processId) {
    return Optional.ofNullable(processes.get(processId));
  }

  /** Whether a shipped DMN file defines this decision id. */
  public boolean hasDecision(String decisionId) {
    return decisionIds.contains(decisionId);
  }

  /** Whether a shipped form has this id. */
  public boolean hasForm(String formId) {
    return formIds.contains(formId);
  }

  /** The element's info, if the element exists in a shipped model. */
  public Optional<ElementInfo> element(String processId, String elementId) {
    return Optional.ofNullable(elements.get(key(processId, elementId)));
  }

  /** The element's name, falling back to its id. */
  public String nameOf(String processId, String elementId) {
    return element(processId, elementId).map(ElementInfo::name).filter(n -> n != null && !n.isBlank())
        .orElse(elementId);
  }

  /** Remembers which form id a deployed form key stands for (job-based user tasks carry only the key). */
  void rememberForm(long formKey, String formId) {
    formIdsByKey.put(formKey, formId);
  }

  /** The form id behind a {@code io.camunda.zeebe:formKey} header value; a non-numeric key is returned as it is. */
  public String formIdOf(String formKeyHeader) {
    if (formKeyHeader == null) {
      return null;
    }
    try {
      return formIdsByKey.getOrDefault(Long.parseLong(formKeyHeader), formKeyHeader);
    } catch (NumberFormatException notAKey) {
      return formKeyHeader;
    }
  }

  private static String key(String processId, String elementId) {
    return processId + "#" + elementId;
  }

  private static Process processOf(BaseElement element) {
    var parent = element.getParentElement();
    while (parent != null && !(parent instanceof Process)) {
      parent = parent.getParentElement();
    }
    return (Process) parent;
  }

  private static Map<String, String> propertiesOf(BaseElement element) {
    if (element.getExtensionElements() == null) {
      return Map.of();
    }
    Map<String, String> properties = new LinkedHashMap<>();
    for (ZeebeProperties list : element.getExtensionElements().getChildElementsByType(ZeebeProperties.class)) {
      for (ZeebeProperty property : list.getProperties()) {
        properties.put(property.getName(), property.getValue());
      }
    }
    return Collections.unmodifiableMap(properties);
  }

  private static List<ModelResource> load() {
    var resolver = new PathMatchingResourcePatternResolver();
    List<ModelResource> found = new ArrayList<>();
    for (String pattern : List.of("processes/**/*.bpmn", "decisions/**/*.dmn", "forms/**/*.form")) {
      String folder = pattern.substring(0, pattern.indexOf('/') + 1);
      try {
        Resource[] matches = resolver.getResources("classpath*:" + pattern);
        List<ModelResource> batch = new ArrayList<>();
        for (Resource match : matches) {
          String url = match.getURL().toString();
          String name = url.substring(url.lastIndexOf(folder) + folder.length());
          batch.add(new ModelResource(name, match.getContentAsByteArray()));
        }
        batch.sort((a, b) -> a.name().compareTo(b.name()));
        found.addAll(batch);
      } catch (IOException e) {
        throw new UncheckedIOException("Could not read the model folder " + folder, e);
      }
    }
    return List.copyOf(found);
  }
}
