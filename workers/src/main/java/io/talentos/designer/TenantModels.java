package io.talentos.designer;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.DeployResourceCommandStep1.DeployResourceCommandStep2;
import io.camunda.client.api.response.DeploymentEvent;
import io.talentos.designer.ModelValidator.Bundle;
import io.talentos.designer.ModelValidator.Checked;
import io.talentos.designer.ModelValidator.Kind;
import io.talentos.designer.ModelValidator.Violation;
import io.talentos.engine.ModelCatalog;
import io.talentos.engine.ModelDeployer;
import io.talentos.engine.ProcessDefinitions;
import io.talentos.isolation.TenantScope;
import io.talentos.tasklist.TaskForms;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.codec.digest.DigestUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A tenant's own versions of blueprint models, deployed by its process designers (issue 3).
 *
 * <p>A deployment is checked first ({@link ModelValidator}), then recorded as the next version of its model and
 * deployed to the engine as one bundle: the platform's models with the tenant's newest versions in their place. The
 * tenant's new instances start that bundle's definitions ({@link ProcessDefinitions}); instances already running stay
 * on the definition they started with; other tenants keep the platform's. A rollback deploys an earlier version's
 * content again as a new version. Versions are append-only ({@code model_version}).
 */
@Component
public class TenantModels {

  private static final Logger LOG = LoggerFactory.getLogger(TenantModels.class);

  /** One stored version. {@code restores} is the version a rollback brought back, else null. */
  public record ModelVersion(String modelId, String kind, int version, String resourceName, String sha256,
      String deployedBy, String deployedAt, Integer restores) {}

  /**
   * What a deployment did: {@code deployed} false for a dry run and for content equal to the version in force;
   * {@code version} is the version in force afterwards (for a dry run: the one a deployment would create).
   */
  public record Outcome(boolean dryRun, boolean deployed, String modelId, String kind, int version,
      Map<String, Long> processDefinitionKeys) {}

  /** The model failed validation or the engine refused it (HTTP 422); each violation names its element. */
  public static class InvalidModelException extends RuntimeException {
    private final List<Violation> violations;

    InvalidModelException(String resourceName, List<Violation> violations) {
      super("Model '" + resourceName + "' cannot be deployed: " + violations.size() + " problem(s)");
      this.violations = List.copyOf(violations);
    }

    /** Every problem found, each naming its element. */
    public List<Violation> violations() {
      return violations;
    }
  }

  /** No such model version for this tenant (HTTP 404). */
  public static class UnknownVersionException extends RuntimeException {
    UnknownVersionException(String modelId, int version) {
      super("Model '" + modelId + "' has no version " + version + " for this tenant");
    }
  }

  /** A stored model file (platform or tenant) in a bundle. */
  private record Resource(String name, byte[] content, Checked checked) {}

  private final CamundaClient client;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final ModelValidator validator;
  private final ProcessDefinitions definitions;
  private final TaskForms forms;
  private final Set<String> platformOwned;
  private final Map<String, Resource> platform = new LinkedHashMap<>();

  TenantModels(CamundaClient client, JdbcTemplate jdbc, TransactionTemplate tx, ModelValidator validator,
      ProcessDefinitions definitions, TaskForms forms, ModelCatalog catalog,
      @Value("${talentos.designer.platform-owned:access-policy,payout-approval,payout-approvals-required,break-glass,"
          + "payout-failure,approve-payout,prepare-payout,approve-override,escrow-release,release-approvals-required,"
          + "approve-release,review-voided-release,dispute,decide-dispute,payout-batch,review-refused-payouts,refund,"
          + "return-refund-by-hand,chase-overdue-refund,chargeback,answer-chargeback,pageant-season,"
          + "pageant-eligibility,approve-results,confirm-results,freeze-stage,review-anomalies}")
      Set<String> platformOwned) {
    this.client = client;
    this.jdbc = jdbc;
    this.tx = tx;
    this.validator = validator;
    this.definitions = definitions;
    this.forms = forms;
    this.platformOwned = platformOwned;
    for (ModelCatalog.ModelResource resource : catalog.resources()) {
      Checked checked = validator.parse(resource.name(), resource.content());
      platform.put(checked.modelId(), new Resource(resource.name(), resource.content(), checked));
    }
  }

  /**
   * Checks a model file and, unless {@code dryRun}, deploys it as the tenant's next version.
   *
   * @throws InvalidModelException listing every problem, each naming its element
   * @throws IllegalArgumentException if the file name does not end in .bpmn, .dmn or .form
   */
  public Outcome deploy(String tenantId, String resourceName, byte[] content, boolean dryRun, String actor) {
    return deploy(tenantId, resourceName, content, dryRun, actor, null);
  }

  /**
   * Deploys an earlier version's content again, as a new version that records which one it restores.
   *
   * @throws UnknownVersionException if the tenant has no such version
   */
  public Outcome rollback(String tenantId, String modelId, int version, String actor) {
    var rows = jdbc.query("""
        select resource_name, content from model_version where tenant_id = ? and model_id = ? and version = ?""",
        (rs, i) -> new Object[] {rs.getString(1), rs.getBytes(2)}, tenantId, modelId, version);
    if (rows.isEmpty()) {
      throw new UnknownVersionException(modelId, version);
    }
    return deploy(tenantId, (String) rows.getFirst()[0], (byte[]) rows.getFirst()[1], false, actor, version);
  }

  /** The tenant's versions of every model, newest first. */
  public List<ModelVersion> versions(String tenantId) {
    return jdbc.query("""
        select model_id, kind, version, resource_name, sha256, deployed_by, deployed_at, restores from model_version
        where tenant_id = ? order by model_id, version desc""",
        (rs, i) -> new ModelVersion(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
            rs.getString(6), rs.getTimestamp(7).toInstant().toString(), (Integer) rs.getObject(8)), tenantId);
  }

  /**
   * Deploys every tenant's bundle again after the engine started (the in-memory engine forgets deployments), so
   * their new instances and resumed instances start their own versions.
   */
  @org.springframework.context.event.EventListener(ModelDeployer.PlatformModelsDeployed.class)
  public void redeployAll() {
    List<String> tenants = TenantScope.callAsPlatform(() -> jdbc.queryForList(
        "select distinct tenant_id from model_version order by tenant_id", String.class));
    for (String tenantId : tenants) {
      try {
        TenantScope.runAs(tenantId, () -> {
          Map<String, Resource> bundle = bundleOf(tenantId);
          DeploymentEvent event = deployBundle(bundle);
          definitions.tenantDeployed(tenantId, event);
          registerForms(tenantId, bundle);
          LOG.info("Deployed tenant {}'s own models again: {}", tenantId, tenantResources(tenantId));
        });
      } catch (RuntimeException e) { // one tenant's stored model never stops the others; it keeps the platform's
        LOG.error("Could not deploy tenant {}'s own models again; its new instances start the platform's models "
            + "until a designer deploys a fixed version", tenantId, e);
      }
    }
  }

  private Outcome deploy(String tenantId, String resourceName, byte[] content, boolean dryRun, String actor,
      Integer restores) {
    Checked own = validator.parse(resourceName, content);
    if (own.modelId() == null) { // unreadable: nothing more to check
      throw new InvalidModelException(resourceName, own.violations());
    }
    List<Violation> owned = own.definedIds().stream().filter(platformOwned::contains)
        .map(id -> new Violation(id, "'" + id + "' is a platform policy or dual-control model (seed 000 §6.8); "
            + "tenants cannot replace it")).toList();
    if (!owned.isEmpty()) {
      throw new InvalidModelException(resourceName, owned);
    }
    // one deployment per tenant at a time: the bundle and the next version are read under the lock
    return tx.execute(status -> {
      jdbc.query("select pg_advisory_xact_lock(hashtext(?))", rs -> null, "models|" + tenantId);
      Map<String, Resource> bundle = bundleOf(tenantId);
      put(bundle, new Resource(resourceName, content, own));
      Bundle ids = idsOf(bundle);
      List<Violation> violations = new ArrayList<>(validator.check(resourceName, content, ids).violations());
      for (Resource other : bundle.values()) {
        // the other processes of the bundle must still find what they call; the platform's own policy and
        // dual-control processes are checked by the model lint and may use the reserved job types
        if (other.checked().kind() == Kind.BPMN && !other.checked().modelId().equals(own.modelId())
            && !platformOwned.contains(other.checked().modelId())) {
          validator.check(other.name(), other.content(), ids).violations().forEach(v -> violations.add(
              new Violation(v.element(), "in " + other.checked().modelId() + ": " + v.message())));
        }
      }
      if (!violations.isEmpty()) {
        throw new InvalidModelException(resourceName, violations);
      }
      String sha = DigestUtils.sha256Hex(content);
      List<Map<String, Object>> current = jdbc.queryForList("""
          select version, sha256 from model_version where tenant_id = ? and model_id = ?
          order by version desc limit 1""", tenantId, own.modelId());
      int latest = current.isEmpty() ? 0 : ((Number) current.getFirst().get("version")).intValue();
      if (dryRun) {
        return new Outcome(true, false, own.modelId(), own.kind().name(), latest + 1, Map.of());
      }
      if (!current.isEmpty() && sha.equals(current.getFirst().get("sha256"))) {
        return new Outcome(false, false, own.modelId(), own.kind().name(), latest, Map.of());
      }
      jdbc.update("""
          insert into model_version (tenant_id, model_id, version, kind, resource_name, content, sha256, deployed_by,
            restores) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
          tenantId, own.modelId(), latest + 1, own.kind().name(), resourceName, content, sha, actor, restores);
      DeploymentEvent event;
      try {
        event = deployBundle(bundle);
      } catch (io.camunda.client.api.command.ClientStatusException e) {
        throw new InvalidModelException(resourceName, List.of(new Violation("deployment",
            "The engine refused the bundle: " + e.getMessage())));
      }
      definitions.tenantDeployed(tenantId, event);
      registerForms(tenantId, bundle);
      Map<String, Long> keys = new LinkedHashMap<>();
      event.getProcesses().forEach(p -> keys.put(p.getBpmnProcessId(), p.getProcessDefinitionKey()));
      LOG.info("Tenant {}: {} deployed {} version {}{} ({})", tenantId, actor, own.modelId(), latest + 1,
          restores == null ? "" : " restoring version " + restores, resourceName);
      return new Outcome(false, true, own.modelId(), own.kind().name(), latest + 1, keys);
    });
  }

  /** The platform's models with the tenant's newest versions in their place. */
  private Map<String, Resource> bundleOf(String tenantId) {
    Map<String, Resource> bundle = new LinkedHashMap<>(platform);
    jdbc.query("""
        select distinct on (model_id) resource_name, content from model_version where tenant_id = ?
        order by model_id, version desc""", rs -> {
          byte[] content = rs.getBytes(2);
          put(bundle, new Resource(rs.getString(1), content, validator.parse(rs.getString(1), content)));
        }, tenantId);
    return bundle;
  }

  /** Adds a model, replacing whatever defined the same process, form or decision ids. */
  private static void put(Map<String, Resource> bundle, Resource resource) {
    bundle.values().removeIf(existing -> existing.checked().kind() == resource.checked().kind()
        && existing.checked().definedIds().stream().anyMatch(resource.checked().definedIds()::contains));
    bundle.put(resource.checked().modelId(), resource);
  }

  private static Bundle idsOf(Map<String, Resource> bundle) {
    Map<Kind, Set<String>> ids = new java.util.EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      ids.put(kind, new TreeSet<>());
    }
    bundle.values().forEach(r -> ids.get(r.checked().kind()).addAll(r.checked().definedIds()));
    return new Bundle(ids.get(Kind.BPMN), ids.get(Kind.DMN), ids.get(Kind.FORM));
  }

  private DeploymentEvent deployBundle(Map<String, Resource> bundle) {
    DeployResourceCommandStep2 command = null;
    for (Resource resource : bundle.values()) {
      String name = resource.name().substring(resource.name().lastIndexOf('/') + 1);
      command = command == null ? client.newDeployResourceCommand().addResourceBytes(resource.content(), name)
          : command.addResourceBytes(resource.content(), name);
    }
    return command.send().join();
  }

  private void registerForms(String tenantId, Map<String, Resource> bundle) {
    bundle.values().stream().filter(r -> r.checked().kind() == Kind.FORM && !platform.containsValue(r))
        .forEach(r -> forms.registerTenantForm(tenantId, r.content()));
  }

  private List<String> tenantResources(String tenantId) {
    return jdbc.queryForList("""
        select model_id || ' v' || max(version) from model_version where tenant_id = ? group by model_id
        order by model_id""", String.class, tenantId);
  }
}
