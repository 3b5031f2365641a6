package io.talentos.tasklist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.talentos.engine.ModelCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Validates a task completion against the task's Camunda form (forms/&lt;capability&gt;/&lt;form-id&gt;.form). Each
 * form is translated once into a JSON Schema (draft 2020-12) and checked with the networknt validator: field types,
 * required fields, lengths, patterns, ranges and option values. Only the form's fields are accepted; an unchecked
 * checkbox counts as {@code false}, as in Camunda Forms. A component property {@code requiredUnless: <checkbox>}
 * makes a field required while that checkbox is unchecked (e.g. a rejection reason).
 */
@Component
public class TaskForms {

  /** The completion does not satisfy the form (HTTP 422); each violation names its field. */
  public static class FormValidationException extends RuntimeException {
    private final List<String> violations;

    FormValidationException(String formId, List<String> violations) {
      super("The input does not satisfy form '" + formId + "': " + String.join("; ", violations));
      this.violations = List.copyOf(violations);
    }

    /** One message per violated rule, e.g. {@code $.deliveryProofUrl: is missing but it is required}. */
    public List<String> violations() {
      return violations;
    }
  }

  private record CompiledForm(JsonSchema schema, List<String> checkboxes) {}

  private final ObjectMapper json;
  private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private final Map<String, CompiledForm> forms = new HashMap<>();
  private final Map<String, Map<String, CompiledForm>> tenantForms = new java.util.concurrent.ConcurrentHashMap<>();

  TaskForms(ModelCatalog catalog, ObjectMapper json) {
    this.json = json;
    for (var resource : catalog.resources()) {
      if (resource.name().endsWith(".form")) {
        var compiled = compile(resource.content());
        forms.put(compiled.getKey(), compiled.getValue());
      }
    }
  }

  /**
   * Adds a tenant's own version of a form (deployed by its process designers); that tenant's task completions are
   * checked against it from now on.
   *
   * @throws java.io.UncheckedIOException if the form is not JSON
   */
  public void registerTenantForm(String tenantId, byte[] content) {
    var compiled = compile(content);
    tenantForms.computeIfAbsent(tenantId, t -> new java.util.concurrent.ConcurrentHashMap<>())
        .put(compiled.getKey(), compiled.getValue());
  }

  /** Whether the tenant has a form with this id (its own or a shipped one). */
  public boolean exists(String tenantId, String formId) {
    return find(tenantId, formId).isPresent();
  }

  private Optional<CompiledForm> find(String tenantId, String formId) {
    return Optional.ofNullable(tenantForms.getOrDefault(tenantId, Map.of()).get(formId))
        .or(() -> Optional.ofNullable(forms.get(formId)));
  }

  private Map.Entry<String, CompiledForm> compile(byte[] content) {
    try {
      JsonNode form = json.readTree(content);
      List<String> checkboxes = new java.util.ArrayList<>();
      ObjectNode schema = toSchema(form, checkboxes);
      return Map.entry(form.path("id").asText(), new CompiledForm(factory.getSchema(schema), List.copyOf(checkboxes)));
    } catch (IOException e) {
      throw new UncheckedIOException("A form is not JSON", e);
    }
  }

  /**
   * Checks the completion and returns it with unchecked checkboxes filled in as {@code false}.
   *
   * @throws FormValidationException listing every violation
   * @throws IllegalArgumentException if no form has this id
   */
  public Map<String, Object> validate(String tenantId, String formId, Map<String, Object> input) {
    CompiledForm form = find(tenantId, formId)
        .orElseThrow(() -> new IllegalArgumentException("No form with id '" + formId + "'"));
    Map<String, Object> completed = new java.util.LinkedHashMap<>(input);
    form.checkboxes().forEach(box -> completed.putIfAbsent(box, false));
    var messages = form.schema().validate(json.valueToTree(completed));
    if (!messages.isEmpty()) {
      throw new FormValidationException(formId, messages.stream().map(ValidationMessage::getMessage).sorted().toList());
    }
    return completed;
  }

  private ObjectNode toSchema(JsonNode form, List<String> checkboxes) {
    ObjectNode schema = json.createObjectNode();
    schema.put("type", "object");
    schema.put("additionalProperties", false);
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = schema.putArray("required");
    ArrayNode conditions = schema.putArray("allOf");
    for (JsonNode component : form.path("components")) {
      String key = component.path("key").asText(null);
      if (key == null) {
        continue; // text, spacer and other components without a value
      }
      JsonNode rules = component.path("validate");
      ObjectNode field = properties.putObject(key);
      switch (component.path("type").asText()) {
        case "checkbox" -> {
          field.put("type", "boolean");
          checkboxes.add(key);
          if (rules.path("required").asBoolean(false)) {
            field.put("const", true);
          }
        }
        case "number" -> {
          field.put("type", "number");
          if (rules.has("min")) {
            field.set("minimum", rules.get("min"));
          }
          if (rules.has("max")) {
            field.set("maximum", rules.get("max"));
          }
        }
        case "select", "radio" -> {
          field.put("type", "string");
          ArrayNode values = field.putArray("enum");
          component.path("values").forEach(v -> values.add(v.path("value").asText()));
        }
        default -> {
          field.put("type", "string");
          if (rules.has("minLength")) {
            field.set("minLength", rules.get("minLength"));
          }
          if (rules.has("maxLength")) {
            field.set("maxLength", rules.get("maxLength"));
          }
          if (rules.has("pattern")) {
            field.set("pattern", rules.get("pattern"));
          }
        }
      }
      if (rules.path("required").asBoolean(false) && !"checkbox".equals(component.path("type").asText())) {
        required.add(key);
        if (!field.has("minLength") && "string".equals(field.path("type").asText())) {
          field.put("minLength", 1);
        }
      }
      String unless = component.path("properties").path("requiredUnless").asText(null);
      if (unless != null) {
        ObjectNode condition = conditions.addObject();
        ObjectNode when = condition.putObject("if");
        when.putObject("properties").putObject(unless).put("const", true);
        when.putArray("required").add(unless);
        ObjectNode otherwise = condition.putObject("else");
        otherwise.putArray("required").add(key);
        otherwise.putObject("properties").putObject(key).put("minLength", 1);
      }
    }
    return schema;
  }
}
