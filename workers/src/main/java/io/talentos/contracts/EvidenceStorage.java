package io.talentos.contracts;

/**
 * Where the evidence vault keeps document bytes (issue 5): a port with the local filesystem as its default adapter
 * ({@link LocalEvidenceStorage}) and an S3-compatible one ({@link S3EvidenceStorage}). Keys are chosen by the vault
 * and never reused; an adapter never overwrites a key.
 */
public interface EvidenceStorage {

  /**
   * Stores bytes under a new key.
   *
   * @throws IllegalStateException if the key exists already or the bytes cannot be written
   */
  void put(String key, byte[] bytes);

  /**
   * The bytes stored under the key.
   *
   * @throws IllegalStateException if nothing is stored under it or it cannot be read
   */
  byte[] get(String key);
}
