/**
 * Real Kafka and Redis for integration tests, through one JUnit 5 extension ({@link
 * io.parley.testsupport.ParleyInfraTest}). The servers start once per test JVM and are shared;
 * tests may stop, kill and restart them. See docs/adr/0002-test-infrastructure.md for the modes.
 */
package io.parley.testsupport;
