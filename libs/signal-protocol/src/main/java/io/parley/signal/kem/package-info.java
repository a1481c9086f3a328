/**
 * Kyber1024 (CRYSTALS-Kyber round 3, not FIPS 203 ML-KEM) in libsignal's encodings, built on Bouncy
 * Castle's ML-KEM-1024 engine. See {@link io.parley.signal.kem.Kyber1024} for how the two differ.
 */
package io.parley.signal.kem;
