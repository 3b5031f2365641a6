package io.talentos.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientHttpException;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.PublishMessageResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The automation entry point: correlates a message by name and correlation key into the one process instance that
 * waits for it. The engine's correlation key is always {@code <tenantId>:<correlationKey>}, so one tenant can never
 * reach another tenant's instances. A repeated {@code messageId} has no second effect: its first result is returned.
 */
@Component
public class MessageCorrelation {

  /** The outcome of a correlation: which process instance took the message, and whether it was a repeat. */
  public record Correlated(String messageId, long processInstanceKey, boolean duplicate) {}

  /** Nobody waits for this message: no open subscription for the name and key (HTTP 409). */
  public static class NoSubscriptionException extends RuntimeException {
    NoSubscriptionException(String name, String correlationKey) {
      super("No process instance of this tenant waits for message '" + name + "' with correlation key '"
          + correlationKey + "'");
    }
  }

  /** A message with this id is still being correlated by another request (HTTP 409, retry later). */
  public static class MessageInFlightException extends RuntimeException {
    MessageInFlightException(String messageId) {
      super("Message '" + messageId + "' is still being correlated; retry in a moment");
    }
  }

  /**
   * How long a correlation waits to see the engine's record of it. Generous: on 2 cores, just after a restart resumed
   * every open instance, the engine can take seconds, and a correlation reported as failed that did happen invites a
   * second one.
   */
  private static final Duration CORRELATION_TIMEOUT = Duration.ofSeconds(20);

  private final CamundaClient client;
  private final JdbcTemplate jdbc;
  private final EngineJournal journal;
  private final String epoch;

  MessageCorrelation(CamundaClient client, JdbcTemplate jdbc, EngineJournal journal, EngineEpoch epoch) {
    this.client = client;
    this.jdbc = jdbc;
    this.journal = journal;
    this.epoch = epoch.value();
  }

  /** The correlation key the engine sees for a tenant's business key. */
  public static String engineKey(String tenantId, String correlationKey) {
    return tenantId + ":" + correlationKey;
  }

  /**
   * Correlates a message once per {@code (tenantId, messageId)}.
   *
   * @param tenantId an existing tenant (the caller checks it)
   * @param variables merged into the waiting process instance
   * @throws NoSubscriptionException if no process instance of the tenant waits for it
   * @throws MessageInFlightException if the same messageId is being correlated right now
   */
  public Correlated correlate(String tenantId, String name, String correlationKey, String messageId,
      Map<String, Object> variables) {
    int claimed = jdbc.update("""
        insert into inbound_message (tenant_id, message_id, message_name, correlation_key, state)
        values (?, ?, ?, ?, 'PENDING') on conflict do nothing""", tenantId, messageId, name, correlationKey);
    if (claimed == 0) {
      List<Long> earlier = jdbc.queryForList("""
          select process_instance_key from inbound_message
          where tenant_id = ? and message_id = ? and state = 'CORRELATED'""", Long.class, tenantId, messageId);
      if (earlier.isEmpty()) {
        throw new MessageInFlightException(messageId);
      }
      return new Correlated(messageId, earlier.getFirst(), true);
    }
    try {
      long processInstanceKey = journal.isMirroring()
          ? publishAndAwait(tenantId, name, correlationKey, messageId, variables)
          : correlateOnCluster(tenantId, name, correlationKey, variables);
      jdbc.update("""
          update inbound_message set state = 'CORRELATED', process_instance_key = ?
          where tenant_id = ? and message_id = ?""", processInstanceKey, tenantId, messageId);
      return new Correlated(messageId, processInstanceKey, false);
    } catch (RuntimeException e) {
      jdbc.update("delete from inbound_message where tenant_id = ? and message_id = ? and state = 'PENDING'",
          tenantId, messageId);
      throw e;
    }
  }

  /**
   * Publishes a message that the engine buffers for {@code timeToLive} if nobody waits yet (used by workers, e.g.
   * to promote a second option). The messageId makes a retried job's publish a no-op while the message is buffered.
   */
  public void publish(String tenantId, String name, String correlationKey, String messageId, Duration timeToLive,
      Map<String, Object> variables) {
    try {
      client.newPublishMessageCommand().messageName(name).correlationKey(engineKey(tenantId, correlationKey))
          .messageId(tenantId + ":" + messageId).timeToLive(timeToLive).variables(variables).send().join();
    } catch (io.camunda.client.api.command.ClientStatusException e) {
      if (e.getStatusCode() != io.grpc.Status.Code.ALREADY_EXISTS) {
        throw e;
      }
      // the engine still buffers the message with this id: the repeat is the no-op it should be
    }
  }

  /**
   * Whether a process instance of the tenant waits for this message now (embedded engine: from the journal's open
   * subscriptions; a subscription being created counts).
   */
  public boolean isWaiting(String tenantId, String name, String correlationKey) {
    journal.catchUp();
    Integer open = jdbc.queryForObject("""
        select count(*) from message_subscription where engine_epoch = ? and message_name = ? and correlation_key = ?""",
        Integer.class, epoch, name, engineKey(tenantId, correlationKey));
    return open != null && open > 0;
  }

  private long publishAndAwait(String tenantId, String name, String correlationKey, String messageId,
      Map<String, Object> variables) {
    String key = engineKey(tenantId, correlationKey);
    if (!isWaiting(tenantId, name, correlationKey)) {
      throw new NoSubscriptionException(name, correlationKey);
    }
    PublishMessageResponse published = client.newPublishMessageCommand().messageName(name).correlationKey(key)
        .messageId(tenantId + ":" + messageId).timeToLive(Duration.ZERO).variables(variables).send().join();
    Long processInstanceKey = journal.awaitCorrelation(published.getMessageKey(), CORRELATION_TIMEOUT);
    if (processInstanceKey == null) {
      throw new NoSubscriptionException(name, correlationKey);
    }
    return processInstanceKey;
  }

  private long correlateOnCluster(String tenantId, String name, String correlationKey, Map<String, Object> variables) {
    try {
      return client.newCorrelateMessageCommand().messageName(name)
          .correlationKey(engineKey(tenantId, correlationKey)).variables(variables).send().join()
          .getProcessInstanceKey();
    } catch (ClientStatusException e) {
      if (e.getStatusCode() == io.grpc.Status.Code.NOT_FOUND) {
        throw new NoSubscriptionException(name, correlationKey);
      }
      throw e;
    } catch (ClientHttpException e) {
      if (e.code() == 404) {
        throw new NoSubscriptionException(name, correlationKey);
      }
      throw e;
    }
  }
}
