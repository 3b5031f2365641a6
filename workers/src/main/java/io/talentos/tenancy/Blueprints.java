package io.talentos.tenancy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.talentos.engine.ModelCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Blueprints B1–B10 and tenant templates T1–T8 (seed 000 §3, §4), read from the manifests in
 * {@code processes/blueprints/}. Installing one for a tenant records it, adds its roles to the tenant, and reports which
 * of its processes, decisions and forms exist and which are missing (not built yet). Installing twice is a no-op, and
 * an install only ever adds: existing data and permissions stay as they are.
 */
@Component
public class Blueprints {

  /** A blueprint manifest. */
  public record Blueprint(String id, String name, String usedBy, String flow, List<String> processes,
      List<String> decisions, List<String> forms, List<String> roles, List<String> policies) {}

  /** A tenant template manifest: blueprints and default dashboards. */
  public record Template(String id, String name, List<String> blueprints, List<String> dashboards) {}

  /** One blueprint as installed for a tenant. {@code newlyInstalled} is false for a repeated install. */
  public record Installed(String blueprintId, String installedAt, String installedBy, List<String> available,
      List<String> missing, boolean newlyInstalled) {}

  /** No blueprint or template has this id (HTTP 404). */
  public static class UnknownBlueprintException extends RuntimeException {
    UnknownBlueprintException(String id) {
      super("No blueprint or template '" + id + "'");
    }
  }

  private final Map<String, Blueprint> blueprints = new LinkedHashMap<>();
  private final Map<String, Template> templates = new LinkedHashMap<>();
  private final ModelCatalog catalog;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final ObjectMapper json;

  Blueprints(ModelCatalog catalog, JdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper json) {
    this.catalog = catalog;
    this.jdbc = jdbc;
    this.tx = tx;
    this.json = json;
    ObjectMapper yaml = new YAMLMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    try {
      for (var resource : new PathMatchingResourcePatternResolver().getResources("classpath*:processes/blueprints/*.yaml")) {
        String name = resource.getFilename();
        if (name != null && name.startsWith("b")) {
          Blueprint blueprint = yaml.readValue(resource.getInputStream(), Blueprint.class);
          blueprints.put(blueprint.id(), blueprint);
        } else if (name != null && name.startsWith("t")) {
          Template template = yaml.readValue(resource.getInputStream(), Template.class);
          templates.put(template.id(), template);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the blueprint manifests", e);
    }
  }

  /** Every blueprint, B1 to B10. */
  public List<Blueprint> blueprints() {
    return List.copyOf(blueprints.values());
  }

  /** Every tenant template, T1 to T8. */
  public List<Template> templates() {
    return List.copyOf(templates.values());
  }

  /**
   * Installs a blueprint (e.g. {@code B1}) or every blueprint of a template (e.g. {@code T3}) for the tenant.
   *
   * @throws UnknownBlueprintException for an unknown id
   */
  public List<Installed> install(String tenantId, String id, String actor) {
    List<Blueprint> bundle = new ArrayList<>();
    if (blueprints.containsKey(id)) {
      bundle.add(blueprints.get(id));
    } else if (templates.containsKey(id)) {
      templates.get(id).blueprints().forEach(b -> bundle.add(blueprints.get(b)));
    } else {
      throw new UnknownBlueprintException(id);
    }
    return bundle.stream().map(b -> installOne(tenantId, b, actor)).toList();
  }

  /** The tenant's installed blueprints. */
  public List<Installed> installed(String tenantId) {
    return jdbc.query("""
        select blueprint_id, installed_at, installed_by, available::text, missing::text from blueprint_install
        where tenant_id = ? order by blueprint_id""", (rs, i) -> new Installed(rs.getString(1),
        rs.getTimestamp(2).toInstant().toString(), rs.getString(3), list(rs.getString(4)), list(rs.getString(5)),
        false), tenantId);
  }

  private Installed installOne(String tenantId, Blueprint blueprint, String actor) {
    List<String> available = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    blueprint.processes().forEach(p -> (catalog.process(p).isPresent() ? available : missing).add("process:" + p));
    blueprint.decisions().forEach(d -> (catalog.hasDecision(d) ? available : missing).add("decision:" + d));
    blueprint.forms().forEach(f -> (catalog.hasForm(f) ? available : missing).add("form:" + f));
    return tx.execute(status -> {
      int inserted = jdbc.update("""
          insert into blueprint_install (tenant_id, blueprint_id, installed_by, available, missing)
          values (?, ?, ?, ?::jsonb, ?::jsonb) on conflict (tenant_id, blueprint_id) do nothing""",
          tenantId, blueprint.id(), actor, toJson(available), toJson(missing));
      blueprint.roles().forEach(role -> jdbc.update("""
          insert into tenant_role (tenant_id, role, source) values (?, ?, ?) on conflict do nothing""",
          tenantId, role, blueprint.id()));
      Installed stored = installed(tenantId).stream().filter(i -> i.blueprintId().equals(blueprint.id())).findFirst()
          .orElseThrow();
      return new Installed(stored.blueprintId(), stored.installedAt(), stored.installedBy(), stored.available(),
          stored.missing(), inserted > 0);
    });
  }

  /** The tenant's roles, from its blueprints. */
  public List<String> roles(String tenantId) {
    return jdbc.queryForList("select role from tenant_role where tenant_id = ? order by role", String.class, tenantId);
  }

  private String toJson(List<String> values) {
    try {
      return json.writeValueAsString(values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> list(String text) {
    try {
      return List.of(json.readValue(text, String[].class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
