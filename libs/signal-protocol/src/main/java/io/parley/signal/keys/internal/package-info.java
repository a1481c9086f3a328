/**
 * Curve arithmetic that Bouncy Castle does not expose: edwards25519 points on its {@code
 * X25519Field} and scalars mod L, constant-time wherever a secret is involved. Not an API.
 */
package io.parley.signal.keys.internal;
