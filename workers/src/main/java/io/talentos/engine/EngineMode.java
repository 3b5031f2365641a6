package io.talentos.engine;

import org.springframework.core.env.Environment;

/**
 * Where the workflow engine runs: {@code embedded} (the in-memory Zeebe engine inside the app, the default) or
 * {@code remote} (a real Camunda 8 cluster configured through {@code camunda.client.*}).
 */
public enum EngineMode {
  EMBEDDED,
  REMOTE;

  /** Reads {@code talentos.engine.mode}; anything but {@code remote} means embedded. */
  public static EngineMode of(Environment env) {
    return "remote".equalsIgnoreCase(env.getProperty("talentos.engine.mode", "embedded")) ? REMOTE : EMBEDDED;
  }
}
