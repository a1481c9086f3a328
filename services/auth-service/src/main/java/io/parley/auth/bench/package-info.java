/**
 * Bench profile only: bulk provisioning of accounts for load generators (tools/loadgen). Nothing in
 * this package exists unless the {@code bench} profile is active, and that profile refuses to start
 * together with {@code prod} or without {@code dev}.
 */
package io.parley.auth.bench;
