/**
 * What every Parley service runs with: health groups that follow Kafka and Redis, Prometheus
 * metrics, Kafka clients wired to the event contracts, the contract topics declared, and typed
 * settings ({@link io.parley.runtime.ParleyProperties}). A service gets all of it by depending on
 * this library.
 */
package io.parley.runtime;
