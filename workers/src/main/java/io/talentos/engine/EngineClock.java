package io.talentos.engine;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The one clock every deadline is computed from. It reads the same time as the engine's timers: system time plus
 * the offsets applied with {@link #advance(Duration)}, which moves the embedded engine's clock too. Against a real
 * cluster it is the system clock and {@link #advance(Duration)} is refused.
 */
@Component
public class EngineClock {

  private final ZeebeTestEngine engine;
  private final AtomicLong offsetMillis = new AtomicLong();

  EngineClock(ObjectProvider<ZeebeTestEngine> engine) {
    this.engine = engine.getIfAvailable();
  }

  /** The current engine time. */
  public Instant now() {
    return Instant.now().plusMillis(offsetMillis.get());
  }

  /**
   * Moves engine time forward, so due timers fire (tests, demos, benchmarks on the embedded engine).
   *
   * @throws IllegalStateException against a real cluster, whose clock cannot be moved
   */
  public void advance(Duration duration) {
    if (engine == null) {
      throw new IllegalStateException("The engine clock can only be moved on the embedded engine");
    }
    offsetMillis.addAndGet(duration.toMillis());
    engine.increaseTime(duration);
  }
}
