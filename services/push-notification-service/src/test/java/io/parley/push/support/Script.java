package io.parley.push.support;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * What a provider test endpoint answers per target (device token or subscription), in order, and
 * what it received. Targets without a script get the success reply.
 *
 * @param <R> what the endpoint records of each request it accepted as well-formed
 */
public final class Script<R> {

  private final Map<String, Deque<ProviderServer.Reply>> replies = new ConcurrentHashMap<>();
  private final List<Received<R>> received = new CopyOnWriteArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();

  /** A request the endpoint saw, with when, for the target, and what was checked. */
  public record Received<R>(String target, long atNanos, R request) {}

  /** The next requests for {@code target} get these replies, then success again. */
  public void reply(String target, ProviderServer.Reply... next) {
    replies.computeIfAbsent(target, t -> new ArrayDeque<>()).addAll(List.of(next));
  }

  ProviderServer.Reply next(String target, ProviderServer.Reply success) {
    Deque<ProviderServer.Reply> queue = replies.get(target);
    synchronized (this) {
      ProviderServer.Reply scripted = queue == null ? null : queue.poll();
      return scripted == null ? success : scripted;
    }
  }

  void record(String target, R request) {
    received.add(new Received<>(target, System.nanoTime(), request));
  }

  /** A protocol violation by the service (bad JWT, missing header): the endpoint answered 4xx. */
  ProviderServer.Reply violation(String what, ProviderServer.Reply reply) {
    violations.add(what);
    return reply;
  }

  public List<Received<R>> receivedFor(String target) {
    return received.stream().filter(r -> r.target().equals(target)).collect(Collectors.toList());
  }

  public List<String> violations() {
    return List.copyOf(violations);
  }
}
