package io.talentos.web;

/** A resource named in the path does not exist for this tenant (HTTP 404). */
public class NotFoundException extends RuntimeException {
  /** @param message says which resource, e.g. "No booking 3f… for this tenant" */
  public NotFoundException(String message) {
    super(message);
  }
}
