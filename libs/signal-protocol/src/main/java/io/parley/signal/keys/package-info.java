/**
 * Keys in libsignal's encodings: Curve25519 public keys ({@code 0x05} then 32 bytes), private keys,
 * X25519 agreement and XEdDSA signatures.
 */
package io.parley.signal.keys;
