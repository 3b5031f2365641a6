package io.talentos.engine;

import io.camunda.zeebe.process.test.api.RecordStreamSource;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessMessageSubscriptionIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessMessageSubscriptionRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import io.talentos.isolation.TenantScope;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Mirrors the embedded engine's record stream into PostgreSQL: process instances with their variables and business
 * status, the active element instances (the wait states a restart resumes), the timeline, open message subscriptions
 * and incidents. It is the reason a booking survives an app restart, and the source of the booking timeline.
 *
 * <p>It reads records in order from a single thread, in batches, each batch in one transaction. Against a real
 * cluster there is no in-process record stream; a Zeebe exporter fills the same tables (issue 3), so here it is idle.
 */
@Component
public class EngineJournal implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(EngineJournal.class);
  private static final String USER_TASK_JOB_TYPE = "io.camunda.zeebe:userTask";

  private final ZeebeTestEngine engine;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final ModelCatalog catalog;
  private final String epoch;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Record<?>> seen = new ArrayList<>();
  /** Recently correlated message keys and their process instance, bounded: most belong to nobody waiting. */
  private final Map<Long, Long> correlatedMessages = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
      return size() > 10_000;
    }
  };
  private final boolean keepRecords;
  private volatile boolean running;
  private Thread poller;
  private int cursor;

  EngineJournal(ObjectProvider<ZeebeTestEngine> engine, JdbcTemplate jdbc, TransactionTemplate tx,
      ModelCatalog catalog, EngineEpoch epoch,
      @Value("${talentos.engine.journal.keep-records:false}") boolean keepRecords) {
    this.engine = engine.getIfAvailable();
    this.keepRecords = keepRecords;
    this.jdbc = jdbc;
    // its own transaction, never the caller's: a joined transaction keeps the caller's connection and with it the
    // caller's tenant scope, which row-level security would apply to these writes (ADR 0006)
    this.tx = new TransactionTemplate(tx.getTransactionManager());
    this.tx.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.catalog = catalog;
    this.epoch = epoch.value();
  }

  /**
   * The engine's records so far. The in-memory engine's log storage can be caught between appending an entry and
   * filling it when read under load (a NullPointerException inside zeebe-process-test's InMemoryLogStorage, seen in
   * the benchmark); the read is then repeated a few times instead of failing the caller.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private List<Record<?>> records() {
    for (int attempt = 1; ; attempt++) {
      try {
        return (List) engine.getRecordStreamSource().getRecords();
      } catch (NullPointerException e) {
        if (attempt == 5) {
          throw e;
        }
        LOG.debug("Engine log read raced an append (attempt {}); reading again", attempt);
        sleepQuietly(Duration.ofMillis(5L * attempt));
      }
    }
  }

  /** True when there is an in-process record stream to mirror (the embedded engine). */
  public boolean isMirroring() {
    return engine != null;
  }

  /** Reads every record the engine has written so far, synchronously. Callers use it before they read the mirror. */
  public void catchUp() {
    if (engine == null) {
      return;
    }
    lock.lock();
    try {
      List<Record<?>> all = records();
      int end = all.size();
      if (end == cursor) {
        return;
      }
      List<Record<?>> batch = new ArrayList<>(all.subList(cursor, end));
      // the journal mirrors every tenant's instances: platform scope (docs/adr/0006)
      TenantScope.runAsPlatform(() -> tx.executeWithoutResult(status -> batch.forEach(this::apply)));
      if (keepRecords) {
        seen.addAll(batch);
      }
      cursor = end;
    } finally {
      lock.unlock();
    }
  }

  /**
   * A stable copy of every record mirrored so far, for assertions (BpmnAssert reads a {@link RecordStreamSource}).
   * Empty unless {@code talentos.engine.journal.keep-records=true} (tests), so a long-running app does not grow.
   */
  public RecordStreamSource recordStream() {
    return () -> {
      catchUp();
      lock.lock();
      try {
        return List.copyOf(seen);
      } finally {
        lock.unlock();
      }
    };
  }

  /**
   * Waits until the engine reports the message with this key as correlated to a process instance.
   *
   * @return the process instance key it was correlated to, or {@code null} if none within the timeout
   */
  public Long awaitCorrelation(long messageKey, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    do {
      catchUp();
      synchronized (correlatedMessages) {
        Long processInstanceKey = correlatedMessages.remove(messageKey);
        if (processInstanceKey != null) {
          return processInstanceKey;
        }
      }
      sleepQuietly(Duration.ofMillis(10));
    } while (System.nanoTime() < deadline);
    return null;
  }

  private void apply(Record<?> record) {
    if (record.getRecordType() != RecordType.EVENT) {
      return;
    }
    switch (record.getValueType()) {
      case PROCESS_INSTANCE -> applyProcessInstance(record);
      case VARIABLE -> applyVariable(record);
      case PROCESS_MESSAGE_SUBSCRIPTION -> applySubscription(record);
      case JOB -> applyJob(record);
      case INCIDENT -> applyIncident(record);
      default -> { }
    }
  }

  private void applyProcessInstance(Record<?> record) {
    var value = (ProcessInstanceRecordValue) record.getValue();
    var intent = (ProcessInstanceIntent) record.getIntent();
    long elementKey = record.getKey();
    Timestamp at = new Timestamp(record.getTimestamp());
    boolean isProcess = value.getBpmnElementType() == BpmnElementType.PROCESS;
    switch (intent) {
      case ELEMENT_ACTIVATED -> {
        if (isProcess) {
          Long parent = value.getParentProcessInstanceKey() > 0 ? value.getParentProcessInstanceKey() : null;
          long root = parent == null ? value.getProcessInstanceKey() : rootOf(parent);
          jdbc.update("""
              insert into process_instance (engine_epoch, process_instance_key, bpmn_process_id,
                parent_process_instance_key, root_process_instance_key, state, started_at)
              values (?, ?, ?, ?, ?, 'ACTIVE', ?)
              on conflict (engine_epoch, process_instance_key) do update set
                parent_process_instance_key = excluded.parent_process_instance_key,
                root_process_instance_key = excluded.root_process_instance_key, started_at = excluded.started_at""",
              epoch, value.getProcessInstanceKey(), value.getBpmnProcessId(), parent, root, at);
        } else {
          jdbc.update("""
              insert into active_element (engine_epoch, element_instance_key, process_instance_key, flow_scope_key,
                element_id, element_type) values (?, ?, ?, ?, ?, ?) on conflict do nothing""",
              epoch, elementKey, value.getProcessInstanceKey(), value.getFlowScopeKey(), value.getElementId(),
              value.getBpmnElementType().name());
        }
        event(value, "ENTERED", null, at);
        catalog.element(value.getBpmnProcessId(), value.getElementId())
            .map(info -> info.properties().get("businessStatus"))
            .ifPresent(status -> jdbc.update("""
                update process_instance set business_status = ?
                where engine_epoch = ? and process_instance_key =
                  (select root_process_instance_key from process_instance
                   where engine_epoch = ? and process_instance_key = ?)""",
                status, epoch, epoch, value.getProcessInstanceKey()));
      }
      case ELEMENT_COMPLETED, ELEMENT_TERMINATED -> {
        boolean completed = intent == ProcessInstanceIntent.ELEMENT_COMPLETED;
        if (isProcess) {
          jdbc.update("""
              update process_instance set state = ?, ended_at = ?
              where engine_epoch = ? and process_instance_key = ? and state = 'ACTIVE'""",
              completed ? "COMPLETED" : "TERMINATED", at, epoch, value.getProcessInstanceKey());
        } else {
          jdbc.update("delete from active_element where engine_epoch = ? and element_instance_key = ?", epoch,
              elementKey);
        }
        event(value, completed ? "COMPLETED" : "TERMINATED", null, at);
      }
      default -> { }
    }
  }

  private long rootOf(long processInstanceKey) {
    List<Long> roots = jdbc.queryForList("""
        select root_process_instance_key from process_instance where engine_epoch = ? and process_instance_key = ?""",
        Long.class, epoch, processInstanceKey);
    return roots.isEmpty() ? processInstanceKey : roots.getFirst();
  }

  private void event(ProcessInstanceRecordValue value, String intent, String detail, Timestamp at) {
    jdbc.update("""
        insert into process_event (engine_epoch, process_instance_key, bpmn_process_id, element_id, element_name,
          element_type, intent, detail, occurred_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        epoch, value.getProcessInstanceKey(), value.getBpmnProcessId(), value.getElementId(),
        catalog.nameOf(value.getBpmnProcessId(), value.getElementId()), value.getBpmnElementType().name(), intent,
        detail, at);
  }

  /**
   * Keeps the process-level variables of each instance. The engine writes an instance's start variables before it
   * activates the process element, so this inserts the instance row when it is not there yet.
   */
  private void applyVariable(Record<?> record) {
    var value = (VariableRecordValue) record.getValue();
    if (value.getScopeKey() != value.getProcessInstanceKey()) {
      return; // only process-level variables make up the state a resume needs
    }
    String name = value.getName();
    jdbc.update("""
        insert into process_instance (engine_epoch, process_instance_key, bpmn_process_id, root_process_instance_key,
          state, started_at, variables, tenant_id, business_key)
        values (?, ?, ?, ?, 'ACTIVE', ?, jsonb_build_object(?::text, ?::jsonb),
          case when ? = 'tenantId' then ?::jsonb #>> '{}' end, case when ? = 'businessKey' then ?::jsonb #>> '{}' end)
        on conflict (engine_epoch, process_instance_key) do update set
          variables = jsonb_set(process_instance.variables, array[?::text], ?::jsonb, true),
          tenant_id = coalesce(excluded.tenant_id, process_instance.tenant_id),
          business_key = coalesce(excluded.business_key, process_instance.business_key)""",
        epoch, value.getProcessInstanceKey(), value.getBpmnProcessId(), value.getProcessInstanceKey(),
        new Timestamp(record.getTimestamp()), name, value.getValue(), name, value.getValue(), name, value.getValue(),
        name, value.getValue());
  }

  private void applySubscription(Record<?> record) {
    var value = (ProcessMessageSubscriptionRecordValue) record.getValue();
    var intent = (ProcessMessageSubscriptionIntent) record.getIntent();
    switch (intent) {
      // CREATING already counts as waiting: a message published after it is ordered after the subscription
      case CREATING, CREATED -> jdbc.update("""
          insert into message_subscription (engine_epoch, element_instance_key, message_name, correlation_key,
            process_instance_key, interrupting) values (?, ?, ?, ?, ?, ?) on conflict do nothing""",
          epoch, value.getElementInstanceKey(), value.getMessageName(), value.getCorrelationKey(),
          value.getProcessInstanceKey(), value.isInterrupting());
      case CORRELATED -> {
        if (value.isInterrupting()) {
          deleteSubscription(value);
        }
        synchronized (correlatedMessages) {
          correlatedMessages.put(value.getMessageKey(), value.getProcessInstanceKey());
        }
      }
      case DELETED -> deleteSubscription(value);
      default -> { }
    }
  }

  private void deleteSubscription(ProcessMessageSubscriptionRecordValue value) {
    jdbc.update("""
        delete from message_subscription where engine_epoch = ? and element_instance_key = ? and message_name = ?""",
        epoch, value.getElementInstanceKey(), value.getMessageName());
  }

  private void applyJob(Record<?> record) {
    var value = (JobRecordValue) record.getValue();
    if (USER_TASK_JOB_TYPE.equals(value.getType()) && record.getIntent() == JobIntent.CANCELED) {
      jdbc.update("""
          update user_task set state = 'CANCELED' where engine_epoch = ? and job_key = ? and state = 'CREATED'""",
          epoch, record.getKey());
    }
  }

  private void applyIncident(Record<?> record) {
    if (record.getIntent() != IncidentIntent.CREATED) {
      return;
    }
    var value = (IncidentRecordValue) record.getValue();
    LOG.warn("Incident in process {} instance {} at {}: {} {}", value.getBpmnProcessId(),
        value.getProcessInstanceKey(), value.getElementId(), value.getErrorType(), value.getErrorMessage());
    jdbc.update("""
        insert into process_event (engine_epoch, process_instance_key, bpmn_process_id, element_id, element_name,
          element_type, intent, detail, occurred_at) values (?, ?, ?, ?, ?, 'INCIDENT', 'INCIDENT', ?, ?)""",
        epoch, value.getProcessInstanceKey(), value.getBpmnProcessId(), value.getElementId(),
        catalog.nameOf(value.getBpmnProcessId(), value.getElementId()),
        value.getErrorType() + ": " + value.getErrorMessage(), new Timestamp(record.getTimestamp()));
  }

  // --- lifecycle: one polling thread while the app runs ---

  @Override
  public void start() {
    if (engine == null) {
      return;
    }
    running = true;
    poller = Thread.ofPlatform().name("engine-journal").daemon().start(() -> {
      while (running) {
        try {
          catchUp();
          Thread.sleep(25);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (RuntimeException e) {
          LOG.error("Engine journal could not mirror records; retrying", e);
          sleepQuietly(Duration.ofSeconds(1));
        }
      }
    });
  }

  @Override
  public void stop() {
    running = false;
    if (poller != null) {
      poller.interrupt();
      try {
        poller.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      catchUp();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Starts early and stops late, so the journal sees every record the workers caused. */
  @Override
  public int getPhase() {
    return Integer.MIN_VALUE + 1000;
  }

  private static void sleepQuietly(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
