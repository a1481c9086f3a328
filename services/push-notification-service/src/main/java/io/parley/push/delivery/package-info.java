/**
 * Delivery of wake-ups: the consumer of push requests, the dispatcher (coalescing, bounded retries,
 * invalid-token deletion), the {@link io.parley.push.delivery.PushSender} each provider implements,
 * dead letters and metrics.
 */
package io.parley.push.delivery;
