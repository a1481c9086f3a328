/**
 * Parley's load generator: a plain Java command line (picocli) that drives the platform from
 * outside, as clients would. {@code sessions} holds many idle STOMP-over-WebSocket sessions on the
 * edge from one JVM and prints what it reached; see tools/loadgen/README.md.
 */
package io.parley.loadgen;
