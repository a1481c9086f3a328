/**
 * Parley's Kafka contracts: every topic ({@link io.parley.contracts.Topics}) and every event
 * (generated from {@code src/main/proto}) defined once, for producers and consumers alike.
 */
package io.parley.contracts;
