package io.talentos.bench;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.talentos.booking.BookingJobTypes;
import io.talentos.finance.FinanceJobTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The same booking BPMN (and its payout-approval call and commission DMN) on the bare in-memory engine with no-op
 * workers: every job completes at once with the variables the next gateway needs, user tasks complete at once, and
 * the messages are published up front with a time to live. This is the engine's own rate, the baseline for the
 * platform's overhead.
 */
final class BareEngineBenchmark {

  private static final List<String> MODELS = List.of("processes/booking/booking.bpmn",
      "processes/finance/payout-approval.bpmn", "processes/finance/escrow-release.bpmn",
      "processes/finance/dispute.bpmn", "decisions/finance/release-approvals-required.dmn",
      "forms/finance/approve-release.form", "forms/finance/review-voided-release.form",
      "forms/finance/submit-evidence.form", "forms/finance/decide-dispute.form",
      "decisions/finance/commission-split.dmn",
      "decisions/booking/cancellation-penalty.dmn", "decisions/finance/payout-approvals-required.dmn",
      "forms/booking/record-delivery.form", "forms/finance/prepare-payout.form", "forms/finance/approve-payout.form");

  private BareEngineBenchmark() {}

  static Benchmarks.Run run(int count, int concurrency) throws Exception {
    ZeebeTestEngine engine = EngineFactory.create();
    engine.start();
    try (CamundaClient client = CamundaClient.newClientBuilder()
        .grpcAddress(URI.create("http://" + engine.getGatewayAddress().replace("0.0.0.0", "127.0.0.1")))
        .preferRestOverGrpc(false).build()) {
      var deploy = client.newDeployResourceCommand().addResourceBytes(read(MODELS.getFirst()), MODELS.getFirst());
      for (String model : MODELS.subList(1, MODELS.size())) {
        deploy = deploy.addResourceBytes(read(model), model);
      }
      deploy.send().join();
      List<JobWorker> workers = noOpWorkers(client);
      System.out.println("Bare engine: warming up with " + Math.max(10, count / 10) + " bookings");
      Benchmarks.drive(Math.max(10, count / 10), concurrency, "warm-up", () -> oneBooking(client));
      Benchmarks.Run run = Benchmarks.drive(count, concurrency, "Bare engine, same BPMN, no-op workers",
          () -> oneBooking(client));
      workers.forEach(JobWorker::close);
      return run;
    } finally {
      engine.stop();
    }
  }

  private static List<JobWorker> noOpWorkers(CamundaClient client) {
    String far = Instant.now().plus(365, ChronoUnit.DAYS).toString();
    Map<String, Map<String, Object>> outputs = new HashMap<>();
    outputs.put(BookingJobTypes.PLACE_OPTION_HOLD, Map.of("holdRank", 1));
    outputs.put(BookingJobTypes.SEND_QUOTE, Map.of("quoteStatus", "SENT", "quoteReminderAt", far));
    outputs.put("contracts.draft-from-quote", Map.of("contractId", "bench-contract"));
    outputs.put(FinanceJobTypes.OPEN_ESCROW, Map.of("depositDueAt", far));
    outputs.put(FinanceJobTypes.RECORD_PAYMENT, Map.of("escrowStatus", "FUNDED"));
    outputs.put(BookingJobTypes.OPEN_ACCEPTANCE_WINDOW, Map.of("acceptanceDueAt", far));
    outputs.put("io.camunda.zeebe:userTask", Map.of("payoutApproved", true));
    outputs.put(FinanceJobTypes.RESERVE_RELEASE, Map.of("milestoneReleased", false, "releaseExpiresAt", far,
        "releasedMinor", 0, "escrowStatus", "LOCKED"));
    outputs.put(FinanceJobTypes.POST_RELEASE, Map.of("releasedMinor", 10_000_000, "escrowStatus", "RELEASED"));
    outputs.put(FinanceJobTypes.ROUTE_PAYOUT, Map.of("payoutMode", "PER_BOOKING"));
    for (String type : List.of(BookingJobTypes.CONFIRM_OPTION_HOLD, FinanceJobTypes.PAY_OUT,
        FinanceJobTypes.RECONCILE_BOOKING)) {
      outputs.put(type, Map.of());
    }
    List<JobWorker> workers = new ArrayList<>();
    outputs.forEach((type, variables) -> workers.add(client.newWorker().jobType(type)
        .handler((jobClient, job) -> jobClient.newCompleteCommand(job).variables(variables).send().join())
        .maxJobsActive(64).open()));
    return workers;
  }

  private static long oneBooking(CamundaClient client) {
    long t0 = System.nanoTime();
    String id = UUID.randomUUID().toString();
    String key = "demo:" + id;
    for (String message : List.of("QuoteAccepted", "ContractSigned", "PaymentCaptured", "DeliveryAccepted")) {
      client.newPublishMessageCommand().messageName(message).correlationKey(key).messageId(message + id)
          .timeToLive(Duration.ofMinutes(10)).send().join();
    }
    Map<String, Object> variables = new HashMap<>();
    variables.put("tenantId", "demo");
    variables.put("businessKey", id);
    variables.put("bookingId", id);
    variables.put("holdExpiresAt", Instant.now().plus(365, ChronoUnit.DAYS).toString());
    variables.put("grossMinor", 10_000_000);
    variables.put("currency", "INR");
    variables.put("commissionModel", "PERCENTAGE");
    variables.put("tenantPlan", "GROWTH");
    variables.put("processorFeeMinor", 200_000);
    variables.put("escrowMilestones", List.of(Map.of("milestoneId", "m1", "name", "Delivery accepted",
        "amountMinor", 10_000_000, "last", true)));
    client.newCreateInstanceCommand().bpmnProcessId("booking").latestVersion().variables(variables).withResult()
        .requestTimeout(Duration.ofMinutes(2)).send().join();
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static byte[] read(String resource) {
    try (InputStream in = BareEngineBenchmark.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("No model " + resource + " on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
