package io.talentos.policy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Role-based access as bundles of capabilities (seed 000 §6.7 {@code domain.resource.action}). The catalogue and the
 * built-in roles come from {@code processes/blueprints/capabilities.yaml}; a tenant owner adds custom roles from the
 * catalogue's tenant capabilities and assigns them to users (seed 003 §4). A caller's capabilities are those of the
 * realm roles in its token plus those of the custom roles assigned to it in the tenant.
 */
@Component
public class Capabilities {

  /**
   * One capability of the catalogue: risk and audit level as in seed 000 §7.1; platform ones are never a tenant's;
   * overridable ones may be used despite a policy refusal through an approved break-glass override (§7.3).
   */
  public record Capability(String description, String risk, String audit, boolean platform, boolean overridable) {}

  /** A role: built-in (from the catalogue) or the tenant's own; its capabilities and, for custom roles, members. */
  public record Role(String name, String description, List<String> capabilities, boolean custom,
      List<String> members) {}

  /** The caller lacks the capability (HTTP 403); the message names it. */
  public static class CapabilityDeniedException extends RuntimeException {
    CapabilityDeniedException(String capability, Collection<String> roles) {
      super("This needs the capability '" + capability + "'; the caller's roles " + roles + " do not grant it");
    }
  }

  /** A custom role that cannot be defined as asked (HTTP 422). */
  public static class InvalidRoleException extends RuntimeException {
    InvalidRoleException(String message) {
      super(message);
    }
  }

  /** The role does not exist in the tenant (HTTP 404). */
  public static class UnknownRoleException extends RuntimeException {
    UnknownRoleException(String role) {
      super("The tenant has no custom role '" + role + "'");
    }
  }

  private record Catalogue(Map<String, Capability> capabilities, Map<String, List<String>> roles) {}

  /** Capabilities that stay with the built-in roles: managing roles and approving break-glass (seed §6.8). */
  private static final Set<String> NON_DELEGABLE = Set.of("admin.role.manage", "admin.policy.emergency_override");

  private static final java.util.regex.Pattern ROLE_NAME = java.util.regex.Pattern.compile("[a-z][a-z0-9-]{1,39}");

  private final Catalogue catalogue;
  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  Capabilities(JdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
    try (InputStream in = new ClassPathResource("processes/blueprints/capabilities.yaml").getInputStream()) {
      this.catalogue = new YAMLMapper().readValue(in, Catalogue.class);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read processes/blueprints/capabilities.yaml", e);
    }
  }

  /** The catalogue, by capability key. */
  public Map<String, Capability> catalogue() {
    return catalogue.capabilities();
  }

  /** The capabilities of a caller: its token's realm roles plus its custom roles in the tenant (if any). */
  public Set<String> of(String tenantId, String userId, Collection<String> tokenRoles) {
    Set<String> granted = new TreeSet<>();
    tokenRoles.forEach(role -> granted.addAll(catalogue.roles().getOrDefault(role, List.of())));
    if (tenantId != null) {
      jdbc.queryForList("""
          select r.capabilities::text from tenant_role_member m join tenant_role r using (tenant_id, role)
          where m.tenant_id = ? and m.user_id = ? and r.capabilities is not null""", String.class, tenantId, userId)
          .forEach(text -> granted.addAll(parse(text)));
    }
    return granted;
  }

  /**
   * Requires one capability.
   *
   * @param tenantId the tenant of the request, or null on platform routes (only token roles count there)
   * @throws CapabilityDeniedException naming the capability
   */
  public void require(String tenantId, String userId, Collection<String> tokenRoles, String capability) {
    if (!catalogue.capabilities().containsKey(capability)) {
      throw new IllegalStateException("Unknown capability '" + capability + "': add it to capabilities.yaml");
    }
    if (!of(tenantId, userId, tokenRoles).contains(capability)) {
      throw new CapabilityDeniedException(capability, tokenRoles);
    }
  }

  /** The built-in roles and the tenant's custom roles with their members. */
  public List<Role> roles(String tenantId) {
    Map<String, Role> roles = new LinkedHashMap<>();
    catalogue.roles().forEach((name, caps) -> roles.put(name, new Role(name, null, caps, false, List.of())));
    jdbc.query("""
        select r.role, r.description, r.capabilities::text,
          coalesce(array_agg(m.user_id order by m.user_id) filter (where m.user_id is not null), '{}') as members
        from tenant_role r left join tenant_role_member m using (tenant_id, role)
        where r.tenant_id = ? and r.capabilities is not null group by r.role, r.description, r.capabilities::text
        order by r.role""", rs -> {
          roles.put(rs.getString(1), new Role(rs.getString(1), rs.getString(2), parse(rs.getString(3)), true,
              List.of((String[]) rs.getArray(4).getArray())));
        }, tenantId);
    return List.copyOf(roles.values());
  }

  /**
   * Creates or replaces one of the tenant's custom roles.
   *
   * @param grantor the capabilities of the caller: a role can only bundle capabilities its definer holds
   * @throws InvalidRoleException for a bad name, a built-in or blueprint role's name, an unknown, platform or
   *     non-delegable capability, or one the caller does not hold
   */
  public Role defineRole(String tenantId, String role, String description, List<String> capabilities,
      Set<String> grantor) {
    if (role == null || !ROLE_NAME.matcher(role).matches()) {
      throw new InvalidRoleException("Role names are 2-40 lowercase letters, digits and dashes");
    }
    if (catalogue.roles().containsKey(role)) {
      throw new InvalidRoleException("'" + role + "' is a built-in role; choose another name");
    }
    if (capabilities == null || capabilities.isEmpty()) {
      throw new InvalidRoleException("A role needs at least one capability");
    }
    for (String capability : capabilities) {
      Capability known = catalogue.capabilities().get(capability);
      if (known == null) {
        throw new InvalidRoleException("Unknown capability '" + capability + "'; see GET …/roles for the catalogue");
      }
      if (known.platform()) {
        throw new InvalidRoleException("'" + capability + "' belongs to the platform's super admins, not to tenants");
      }
      if (NON_DELEGABLE.contains(capability)) {
        throw new InvalidRoleException("'" + capability + "' stays with the tenant owner and cannot be delegated");
      }
      if (!grantor.contains(capability)) {
        throw new InvalidRoleException("You do not hold '" + capability + "', so you cannot grant it");
      }
    }
    String caps = toJson(new TreeSet<>(capabilities));
    int written = jdbc.update("""
        insert into tenant_role (tenant_id, role, source, capabilities, description) values (?, ?, 'CUSTOM', ?::jsonb, ?)
        on conflict (tenant_id, role) do update set capabilities = excluded.capabilities,
          description = excluded.description where tenant_role.source = 'CUSTOM'""",
        tenantId, role, caps, description);
    if (written == 0) {
      throw new InvalidRoleException("'" + role + "' is a blueprint role of this tenant; choose another name");
    }
    return roles(tenantId).stream().filter(r -> r.name().equals(role)).findFirst().orElseThrow();
  }

  /**
   * Assigns a custom role to a user of the tenant; assigning twice is a no-op.
   *
   * @throws UnknownRoleException if the tenant has no such custom role
   * @throws InvalidRoleException if the actor assigns a role to themself
   */
  public void assign(String tenantId, String role, String userId, String actor) {
    requireCustom(tenantId, role);
    if (userId.equals(actor)) {
      throw new InvalidRoleException("Nobody assigns a role to themself; another role manager must");
    }
    jdbc.update("""
        insert into tenant_role_member (tenant_id, role, user_id, assigned_by) values (?, ?, ?, ?)
        on conflict do nothing""", tenantId, role, userId, actor);
  }

  /**
   * Takes a custom role away from a user; a no-op when the user does not have it.
   *
   * @throws UnknownRoleException if the tenant has no such custom role
   */
  public void unassign(String tenantId, String role, String userId) {
    requireCustom(tenantId, role);
    jdbc.update("delete from tenant_role_member where tenant_id = ? and role = ? and user_id = ?", tenantId, role,
        userId);
  }

  private void requireCustom(String tenantId, String role) {
    Integer found = jdbc.queryForObject("""
        select count(*) from tenant_role where tenant_id = ? and role = ? and capabilities is not null""",
        Integer.class, tenantId, role);
    if (found == null || found == 0) {
      throw new UnknownRoleException(role);
    }
  }

  private List<String> parse(String text) {
    try {
      return json.readValue(text, new TypeReference<>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("Stored role capabilities are not JSON", e);
    }
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
