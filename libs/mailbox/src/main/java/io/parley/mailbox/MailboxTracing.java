package io.parley.mailbox;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;

/**
 * Carries a message's trace across the mailbox, which is not a Kafka topic and so has no headers
 * that observations fill in: routing stores the W3C {@code traceparent} of the span it appends in
 * with the entry ({@link MailboxEntry#traceparent()}), the edge starts its delivery span as that
 * span's child. One trace then runs from the edge's SEND through Kafka and routing to the MESSAGE
 * frame, and every log line on the way carries its id.
 */
public final class MailboxTracing {

  private MailboxTracing() {}

  /** The current span's context as a {@code traceparent} value, or "" when none is running. */
  public static String current(Tracer tracer) {
    Span span = tracer == null ? null : tracer.currentSpan();
    if (span == null) {
      return "";
    }
    TraceContext context = span.context();
    return "00-"
        + context.traceId()
        + "-"
        + context.spanId()
        + (Boolean.TRUE.equals(context.sampled()) ? "-01" : "-00");
  }

  /**
   * Starts a span named {@code name} as the child of a stored {@code traceparent}; a new trace if
   * the value is empty or malformed. The caller ends it.
   */
  public static Span child(Tracer tracer, String traceparent, String name) {
    String[] parts = traceparent == null ? new String[0] : traceparent.split("-");
    if (parts.length == 4 && parts[1].length() == 32 && parts[2].length() == 16) {
      TraceContext parent =
          tracer
              .traceContextBuilder()
              .traceId(parts[1])
              .spanId(parts[2])
              .sampled("01".equals(parts[3]))
              .build();
      return tracer.spanBuilder().setParent(parent).name(name).start();
    }
    return tracer.nextSpan().name(name).start();
  }
}
