package io.talentos.contracts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The evidence vault's default storage: one file per key under {@code talentos.contracts.evidence-dir} (default
 * {@code .talentos-data/evidence}; blank: a fresh temporary directory, as tests use). Files are created, never
 * replaced. {@code talentos.contracts.evidence-store=s3} replaces it with {@link S3EvidenceStorage}.
 */
@Component
@org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(name = "talentos.contracts.evidence-store",
    havingValue = "local", matchIfMissing = true)
class LocalEvidenceStorage implements EvidenceStorage {

  private final Path root;

  LocalEvidenceStorage(@Value("${talentos.contracts.evidence-dir:.talentos-data/evidence}") String directory)
      throws IOException {
    this.root = directory.isBlank() ? Files.createTempDirectory("talentos-evidence") : Path.of(directory);
    Files.createDirectories(root);
  }

  @Override
  public void put(String key, byte[] bytes) {
    Path file = file(key);
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new IllegalStateException("Evidence " + key + " cannot be stored: " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] get(String key) {
    try {
      return Files.readAllBytes(file(key));
    } catch (IOException e) {
      throw new IllegalStateException("Evidence " + key + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** The file of a key, which must stay inside the root. */
  Path file(String key) {
    Path file = root.resolve(key).normalize();
    if (!file.startsWith(root.normalize())) {
      throw new IllegalArgumentException("Evidence key " + key + " leaves the evidence directory");
    }
    return file;
  }
}
