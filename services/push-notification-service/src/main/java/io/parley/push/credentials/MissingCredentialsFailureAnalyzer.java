package io.parley.push.credentials;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a missing provider credential into Spring Boot's "APPLICATION FAILED TO START" report with
 * what is missing and what to do, instead of a bean-creation stack trace.
 */
class MissingCredentialsFailureAnalyzer
    extends AbstractFailureAnalyzer<MissingCredentialsException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, MissingCredentialsException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Give the "
            + cause.what()
            + ", or set "
            + cause.provider()
            + ".enabled=false. The dev profile starts without provider credentials.",
        cause);
  }
}
