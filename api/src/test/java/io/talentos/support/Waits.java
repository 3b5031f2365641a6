package io.talentos.support;

import java.time.Duration;

/** How long tests wait for the engine. */
public final class Waits {

  /**
   * Long enough to outlast a job that the in-memory engine hands out again after the workers' job timeout (PT1M)
   * when an activation response was lost under load; a healthy wait ends in milliseconds.
   */
  public static final Duration AWAIT = Duration.ofSeconds(150);

  private Waits() {}
}
