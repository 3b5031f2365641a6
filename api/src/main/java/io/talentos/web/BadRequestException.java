package io.talentos.web;

/** The request is well-formed but asks for something that cannot be, e.g. a protected variable (HTTP 400). */
public class BadRequestException extends RuntimeException {
  /** @param message a sentence the caller can act on */
  public BadRequestException(String message) {
    super(message);
  }
}
