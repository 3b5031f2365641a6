package io.talentos.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.swagger.v3.oas.annotations.Operation;
import io.talentos.identity.CurrentUser;
import io.talentos.policy.Capabilities;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * For auditors: the tenant's audit log for a time range, as JSON or CSV, and a verification of its hash chain. Needs
 * the realm role {@code auditor} or {@code tenant-owner}.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/audit")
class AuditController {

  private static final List<String> COLUMNS = List.of("id", "tenantId", "occurredAt", "actor", "capability",
      "objectType", "objectId", "outcome", "before", "after", "requestId", "prevHash", "hash");

  private final AuditLog audit;
  private final ObjectMapper json;

  private final Capabilities capabilities;

  AuditController(AuditLog audit, ObjectMapper json, Capabilities capabilities) {
    this.capabilities = capabilities;
    this.audit = audit;
    this.json = json;
  }

  @Operation(summary = "Audit records of a time range [from, to), oldest first; format json (default) or csv")
  @GetMapping("/records")
  ResponseEntity<?> records(@PathVariable String tenantId, @AuthenticationPrincipal CurrentUser user,
      @RequestParam(defaultValue = "1970-01-01T00:00:00Z") Instant from,
      @RequestParam(defaultValue = "9999-01-01T00:00:00Z") Instant to,
      @RequestParam(defaultValue = "json") String format) throws Exception {
    requireAuditor(tenantId, user);
    List<AuditLog.AuditRecord> records = audit.records(tenantId, from, to);
    if (!"csv".equals(format)) {
      return ResponseEntity.ok(records);
    }
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
    COLUMNS.forEach(schema::addColumn);
    List<Map<String, Object>> rows = records.stream().map(r -> {
      Map<String, Object> row = new java.util.LinkedHashMap<>(json.convertValue(r, Map.class));
      row.put("before", r.before() == null ? "" : r.before().toString());
      row.put("after", r.after() == null ? "" : r.after().toString());
      return row;
    }).toList();
    String csv = new CsvMapper().writer(schema.build()).writeValueAsString(rows);
    return ResponseEntity.ok().contentType(new MediaType("text", "csv"))
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-" + tenantId + ".csv\"").body(csv);
  }

  @Operation(summary = "Recompute the tenant's hash chain; names the first altered record")
  @GetMapping("/verification")
  AuditLog.Verification verify(@PathVariable String tenantId, @AuthenticationPrincipal CurrentUser user) {
    requireAuditor(tenantId, user);
    return audit.verify(tenantId);
  }

  private void requireAuditor(String tenantId, CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "audit.log.view");
  }
}
