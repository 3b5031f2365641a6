package io.talentos.engine;

import java.util.UUID;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Names the life of one engine. The embedded engine forgets everything and restarts its keys when the app stops, so
 * each start is a new epoch and every engine key TalentOS stores is qualified by it. A real cluster keeps its keys
 * unique forever and has the single epoch {@code cluster}.
 */
@Component
public class EngineEpoch {

  private final String value;

  EngineEpoch(Environment env) {
    this.value = EngineMode.of(env) == EngineMode.EMBEDDED ? "embedded-" + UUID.randomUUID() : "cluster";
  }

  /** The epoch id, e.g. {@code embedded-3f2c…} or {@code cluster}. */
  public String value() {
    return value;
  }

  @Override
  public String toString() {
    return value;
  }
}
