package io.talentos.bench;

import com.razorpay.Utils;
import io.camunda.client.CamundaClient;
import io.talentos.engine.ProcessDefinitions;
import io.talentos.finance.Escrow;
import io.talentos.finance.PaymentWebhooks;
import io.talentos.isolation.TenantScope;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 4's finance figures on the embedded default: escrow releases per second end to end (capture into escrow,
 * then one {@code escrow-release} process instance per booking on the engine: reserve the pending transfer, decide
 * approvals by DMN, post by split), and signed Razorpay webhook ingestion per second with 10% repeated deliveries
 * (signature check with the SDK, deduplication, message publish, audit).
 */
final class FinanceBenchmark {

  private static final String SECRET = "whsec_bench_secret";

  private final CamundaClient client;
  private final ProcessDefinitions definitions;
  private final Escrow escrow;
  private final PaymentWebhooks webhooks;

  FinanceBenchmark(ConfigurableApplicationContext app) {
    client = app.getBean(CamundaClient.class);
    definitions = app.getBean(ProcessDefinitions.class);
    escrow = app.getBean(Escrow.class);
    webhooks = app.getBean(PaymentWebhooks.class);
  }

  /** Runs {@code count} escrow releases, {@code concurrency} at a time. */
  Benchmarks.Run releases(int count, int concurrency) throws Exception {
    long definition;
    try (TenantScope.Binding demo = TenantScope.bind("demo")) {
      definition = definitions.processKey("demo", "escrow-release");
    }
    long key = definition;
    return Benchmarks.drive(count, concurrency, "Escrow release, capture to posted split", () -> {
      try (TenantScope.Binding demo = TenantScope.bind("demo")) {
        long t0 = System.nanoTime();
        String booking = UUID.randomUUID().toString();
        escrow.capture("demo", booking, "pay-" + booking, 1_000_000, 20_000, "INR");
        Map<String, Object> variables = new HashMap<>();
        variables.put("tenantId", "demo");
        variables.put("businessKey", booking);
        variables.put("bookingId", booking);
        variables.put("currency", "INR");
        variables.put("milestone", Map.of("milestoneId", "m1", "name", "Delivery accepted", "amountMinor", 1_000_000,
            "last", true));
        variables.put("commissionSplit", Map.of("grossMinor", 1_000_000, "currency", "INR", "commissionModel",
            "PERCENTAGE", "processorFeeMinor", 20_000, "platformFeeMinor", 25_000, "agencyCommissionMinor", 200_000,
            "agentShareMinor", 0, "managerShareMinor", 0, "talentNetMinor", 755_000));
        client.newCreateInstanceCommand().processDefinitionKey(key).variables(variables).withResult()
            .requestTimeout(Duration.ofMinutes(2)).send().join();
        return (System.nanoTime() - t0) / 1_000_000;
      }
    });
  }

  /** Delivers {@code count} signed payment.captured webhooks, every tenth one a repeat of an earlier delivery. */
  Benchmarks.Run webhooks(int count, int concurrency) throws Exception {
    try (TenantScope.Binding demo = TenantScope.bind("demo")) {
      webhooks.saveAccount("demo", "razorpay", SECRET);
    }
    String run = UUID.randomUUID().toString().substring(0, 8);
    AtomicLong sequence = new AtomicLong();
    AtomicLong duplicates = new AtomicLong();
    Benchmarks.Run result = Benchmarks.drive(count, concurrency, "Razorpay webhooks, 10% repeated", () -> {
      try (TenantScope.Binding demo = TenantScope.bind("demo")) {
        long n = sequence.incrementAndGet();
        boolean repeat = n % 10 == 0;
        long event = repeat ? n - 5 : n; // a delivery the provider already made
        String payload = """
            {"entity":"event","account_id":"acc_bench","event":"payment.captured","contains":["payment"],
             "payload":{"payment":{"entity":{"id":"pay_%s_%d","entity":"payment","amount":1000000,"currency":"INR",
             "status":"captured","fee":20000,"notes":{"bookingId":"%s"}}}},"created_at":1700000000}"""
            .formatted(run, event, UUID.nameUUIDFromBytes((run + event).getBytes()));
        long t0 = System.nanoTime();
        var receipt = webhooks.receive("demo", "razorpay", payload, Map.of("x-razorpay-signature",
            Utils.getHash(payload, SECRET), "x-razorpay-event-id", "evt_" + run + "_" + event));
        if (receipt.duplicate()) {
          duplicates.incrementAndGet();
        }
        return (System.nanoTime() - t0) / 1_000_000;
      }
    });
    System.out.printf("Webhooks: %d delivered, %d recognised as repeats%n", count, duplicates.get());
    return result;
  }
}
