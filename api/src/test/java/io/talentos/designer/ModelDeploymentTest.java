package io.talentos.designer;

import static io.talentos.support.Waits.AWAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.talentos.booking.BookingService;
import io.talentos.booking.Inquiry;
import io.talentos.engine.ProcessDefinitions;
import io.talentos.finance.Money;
import io.talentos.identity.DevIdentityProvider;
import io.talentos.isolation.TenantScope;
import io.talentos.support.ProcessTestSupport;
import io.talentos.support.TalentOsTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

/**
 * Issue 3, process designers: a tenant's designer deploys its own version of the booking BPMN through the API. It is
 * validated first (problems name their elements), can be dry-run, is versioned and can be rolled back; the tenant's
 * new bookings start it, bookings already running stay on their version, and the other tenant never sees it.
 */
@TalentOsTest
class ModelDeploymentTest extends ProcessTestSupport {

  private static final Path BOOKING = Path.of("..", "processes", "booking", "booking.bpmn");

  @Autowired TestRestTemplate http;
  @Autowired DevIdentityProvider identity;
  @Autowired ProcessDefinitions definitions;

  /** The shipped booking model with the delivery task renamed, as a designer would change it in the Modeler. */
  private static byte[] bookingVariant(String deliveryTaskName) throws Exception {
    BpmnModelInstance model = Bpmn.readModelFromFile(BOOKING.toFile());
    model.<UserTask>getModelElementById("Task_RecordDelivery").setName(deliveryTaskName);
    return Bpmn.convertToString(model).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private ResponseEntity<JsonNode> upload(String tenant, String token, String fileName, byte[] content,
      boolean dryRun) {
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(token);
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    var body = new LinkedMultiValueMap<String, Object>();
    body.add("file", new ByteArrayResource(content) {
      @Override
      public String getFilename() {
        return fileName;
      }
    });
    return http.exchange("/api/v1/tenants/" + tenant + "/models?dryRun=" + dryRun, HttpMethod.POST,
        new HttpEntity<>(body, headers), JsonNode.class);
  }

  private ResponseEntity<JsonNode> call(HttpMethod method, String path, String token) {
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(token);
    return http.exchange(path, method, new HttpEntity<>(headers), JsonNode.class);
  }

  /** The definition the engine started the instance on, from the engine's own records. */
  private long definitionOf(long processInstanceKey) {
    return StreamSupport.stream(RecordStream.of(journal.recordStream()).processInstanceRecords().spliterator(), false)
        .filter(r -> r.getValue().getProcessInstanceKey() == processInstanceKey)
        .findFirst().orElseThrow().getValue().getProcessDefinitionKey();
  }

  private BookingService.StartedBooking startOtherTenantBooking() {
    Instant start = clock.now().plus(30, ChronoUnit.DAYS);
    return TenantScope.callAs(OTHER_TENANT, () -> bookings.start(OTHER_TENANT, "booker.omar", new Inquiry(newTalent(),
        "Other Client", start, start.plus(9, ChronoUnit.HOURS), "Shoot", new Money(1_000_000, "INR"), "PERCENTAGE",
        null)));
  }

  @Test
  void aDesignersBookingVersionIsValidatedVersionedAndRolledBack_andStaysWithItsTenant() throws Exception {
    String designer = identity.token("designer.nila", false);
    long platformKey = definitions.processKey(OTHER_TENANT, "booking");
    BookingService.StartedBooking before = startBooking(newTalent(), 1_000_000, "PERCENTAGE");

    // a dry run checks and reports the version it would create, and deploys nothing
    var dry = upload(TENANT, designer, "booking.bpmn", bookingVariant("Record delivery and usage rights"), true);
    assertThat(dry.getStatusCode()).as(String.valueOf(dry.getBody())).isEqualTo(HttpStatus.OK);
    assertThat(dry.getBody().path("deployed").asBoolean()).isFalse();
    int first = dry.getBody().path("version").asInt();
    assertThat(definitions.tenantProcessKey(TENANT, "booking")).isEmpty();

    var deployed = upload(TENANT, designer, "booking.bpmn", bookingVariant("Record delivery and usage rights"), false);
    assertThat(deployed.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(deployed.getBody().path("version").asInt()).isEqualTo(first);
    long tenantKey = deployed.getBody().path("processDefinitionKeys").path("booking").asLong();
    assertThat(tenantKey).isNotEqualTo(platformKey);

    // the same file again changes nothing
    var again = upload(TENANT, designer, "booking.bpmn", bookingVariant("Record delivery and usage rights"), false);
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(again.getBody().path("version").asInt()).isEqualTo(first);

    // new bookings of this tenant start the tenant's version; the other tenant keeps the platform's
    BookingService.StartedBooking after = startBooking(newTalent(), 1_000_000, "PERCENTAGE");
    assertThat(definitionOf(after.processInstanceKey())).isEqualTo(tenantKey);
    assertThat(definitionOf(startOtherTenantBooking().processInstanceKey())).isEqualTo(platformKey);

    // the booking that was running stays on its version, and goes on along its path
    assertThat(definitionOf(before.processInstanceKey())).isEqualTo(platformKey);
    send(before.bookingId(), "QuoteAccepted", java.util.Map.of());
    awaitWaitingFor(before.bookingId(), "ContractSigned");
    send(after.bookingId(), "QuoteAccepted", java.util.Map.of());
    awaitWaitingFor(after.bookingId(), "ContractSigned");

    // a second version, then a rollback to the first: a third version restoring the first's content
    var second = upload(TENANT, designer, "booking.bpmn", bookingVariant("Record delivery (v2)"), false);
    assertThat(second.getBody().path("version").asInt()).isEqualTo(first + 1);
    var rollback = call(HttpMethod.POST, "/api/v1/tenants/" + TENANT + "/models/booking/versions/" + first
        + "/rollback", designer);
    assertThat(rollback.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(rollback.getBody().path("version").asInt()).isEqualTo(first + 2);
    long rolledBackKey = rollback.getBody().path("processDefinitionKeys").path("booking").asLong();
    assertThat(definitionOf(startBooking(newTalent(), 1_000_000, "PERCENTAGE").processInstanceKey()))
        .isEqualTo(rolledBackKey);
    JsonNode versions = call(HttpMethod.GET, "/api/v1/tenants/" + TENANT + "/models", designer).getBody()
        .path("versions");
    List<String> history = StreamSupport.stream(versions.spliterator(), false)
        .filter(v -> v.path("modelId").asText().equals("booking"))
        .map(v -> v.path("version").asInt() + ":" + (v.path("restores").isNull() || v.path("restores").isMissingNode()
            ? "-" : v.path("restores").asText())).toList();
    assertThat(history).containsSequence((first + 2) + ":" + first, (first + 1) + ":-", first + ":-");
    assertThat(call(HttpMethod.POST, "/api/v1/tenants/" + TENANT + "/models/booking/versions/999/rollback",
        designer).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

    // the other tenant sees none of these versions, and a booker may not deploy
    String otherOwner = identity.token("owner.other", OTHER_TENANT, List.of("tenant-owner"));
    assertThat(call(HttpMethod.GET, "/api/v1/tenants/" + OTHER_TENANT + "/models", otherOwner).getBody()
        .path("versions")).isEmpty();
    assertThat(upload(TENANT, identity.token("booker.asha", false), "booking.bpmn", bookingVariant("x"), true)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    await().atMost(AWAIT).until(() -> definitions.tenantProcessKey(OTHER_TENANT, "booking").isEmpty());
  }

  @Test
  void aBrokenModelIsRefusedWithOneProblemPerElement_andNothingIsDeployed() throws Exception {
    String designer = identity.token("designer.nila", false);
    BpmnModelInstance model = Bpmn.createExecutableProcess("Broken_Process")
        .startEvent("start").message("BrokenStarts")
        .serviceTask("Task_Mystery", t -> t.name("Mystery work").zeebeJobType("nobody.works-here"))
        .businessRuleTask("Task_Rule", t -> t.name("Rule").zeebeCalledDecisionId("no-such-decision")
            .zeebeResultVariable("result"))
        .serviceTask("Task_Hijack", t -> t.name("Hijack").zeebeJobType("policy.grant-override")
            .zeebeInputExpression("\"other-agency\"", "tenantId").zeebeOutputExpression("true", "payoutApproved"))
        .endEvent("EndEvent_Done", e -> e.name("Done")).done();
    model.<io.camunda.zeebe.model.bpmn.instance.StartEvent>getModelElementById("start").setName("  ");
    var shape = model.getModelElementsByType(io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnShape.class).stream()
        .filter(x -> x.getBpmnElement().getId().equals("Task_Mystery")).findFirst().orElseThrow();
    shape.getParentElement().removeChildElement(shape);
    String broken = Bpmn.convertToString(model).replaceAll("executionPlatformVersion=\"[0-9.]+\"",
        "executionPlatformVersion=\"8.5.0\"");
    var refused = upload(TENANT, designer, "broken.bpmn", broken.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        true);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(refused.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    List<String> elements = StreamSupport.stream(refused.getBody().path("violations").spliterator(), false)
        .map(v -> v.path("element").asText() + ": " + v.path("message").asText()).toList();
    assertThat(elements).anyMatch(v -> v.startsWith("Broken_Process: Process ids are kebab-case"))
        .anyMatch(v -> v.startsWith("start: Element ids start with their kind"))
        .anyMatch(v -> v.startsWith("start: Every element needs a human-readable name"))
        .anyMatch(v -> v.startsWith("Task_Mystery: No worker runs job type 'nobody.works-here'"))
        .anyMatch(v -> v.startsWith("Task_Rule: Refers to decision 'no-such-decision'"))
        .anyMatch(v -> v.startsWith("Task_Mystery: No diagram shape"))
        .anyMatch(v -> v.startsWith("definitions: The file must target Camunda 8.8"))
        .anyMatch(v -> v.startsWith("Task_Hijack: Writes 'tenantId', which only TalentOS sets"))
        .anyMatch(v -> v.startsWith("Task_Hijack: Writes 'payoutApproved', which only TalentOS sets"))
        .anyMatch(v -> v.startsWith("Task_Hijack: Job type 'policy.grant-override' is reserved"))
        .anyMatch(v -> v.startsWith("Task_Rule: Binds decision 'no-such-decision' by 'latest'"))
        .anyMatch(v -> v.startsWith("start: Processes start plain"));

    var notXml = upload(TENANT, designer, "booking.bpmn", "<definitions".getBytes(), false);
    assertThat(notXml.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(notXml.getBody().path("violations").get(0).path("element").asText()).isEqualTo("definitions");

    // the platform's access policy cannot be replaced by a tenant
    byte[] policy = Files.readAllBytes(Path.of("..", "decisions", "policy", "access-policy.dmn"));
    var ownPolicy = upload(TENANT, designer, "access-policy.dmn", policy, false);
    assertThat(ownPolicy.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(ownPolicy.getBody().path("violations").get(0).path("element").asText()).isEqualTo("access-policy");

    // nor the maker-checker process, and no form may set a guarded variable
    byte[] payout = Files.readAllBytes(Path.of("..", "processes", "finance", "payout-approval.bpmn"));
    assertThat(upload(TENANT, designer, "payout-approval.bpmn", payout, true).getStatusCode())
        .isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    String form = new String(Files.readAllBytes(Path.of("..", "forms", "booking", "record-delivery.form")))
        .replaceFirst("\"key\": \"[a-zA-Z]+\"", "\"key\": \"tenantId\"");
    var formRefused = upload(TENANT, designer, "record-delivery.form", form.getBytes(), true);
    assertThat(formRefused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(formRefused.getBody().path("violations").get(0).path("element").asText()).isEqualTo("tenantId");

    assertThat(upload(TENANT, designer, "notes.txt", "hello".getBytes(), false).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(jdbc.queryForObject("select count(*) from model_version where model_id in ('broken-process', "
        + "'Broken_Process', 'access-policy')", Integer.class)).isZero();
  }
}
