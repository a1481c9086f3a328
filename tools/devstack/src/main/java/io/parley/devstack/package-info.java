/**
 * Launchers for the real servers Parley runs on locally: a Kafka broker in KRaft mode (a child JVM
 * started from the Kafka jars) and Redis servers (standalone or a three-master cluster). The same
 * launchers serve {@code ./parley up} and the integration tests, so the two never drift apart.
 */
package io.parley.devstack;
