package io.talentos.engine;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real in-memory Zeebe engine and a gRPC client, without Spring, for decision tests. Deploys model files from
 * the classpath (the repository's model folders). Register it as a static {@code @RegisterExtension} field and it
 * stops after the test class.
 */
public final class StandaloneEngine implements AutoCloseable, AfterAllCallback {

  private final ZeebeTestEngine engine;
  private final CamundaClient client;

  private StandaloneEngine(String... resources) {
    engine = EngineFactory.create();
    engine.start();
    client = CamundaClient.newClientBuilder()
        .grpcAddress(URI.create("http://" + engine.getGatewayAddress().replace("0.0.0.0", "127.0.0.1")))
        .preferRestOverGrpc(false).build();
    var deploy = client.newDeployResourceCommand().addResourceBytes(read(resources[0]), resources[0]);
    for (int i = 1; i < resources.length; i++) {
      deploy = deploy.addResourceBytes(read(resources[i]), resources[i]);
    }
    deploy.send().join();
  }

  /** Starts an engine with the given classpath resources deployed, e.g. {@code decisions/finance/commission-split.dmn}. */
  public static StandaloneEngine with(String... resources) {
    return new StandaloneEngine(resources);
  }

  /** The client connected to the engine. */
  public CamundaClient client() {
    return client;
  }

  private static byte[] read(String resource) {
    try (InputStream in = StandaloneEngine.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("No resource " + resource + " on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    client.close();
    engine.stop();
  }
}
