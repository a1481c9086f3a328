package io.parley.runtime.web;

/** A request that is well-formed JSON but wrong: 400 naming the field. */
public class BadRequestException extends RuntimeException {

  private final String field;

  public BadRequestException(String field, String problem) {
    super(field + " " + problem);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
