/**
 * libsignal's public-key and signature encodings, and XEdDSA signature verification that accepts
 * exactly what libsignal accepts, so the service can refuse a signed prekey that clients would
 * refuse. Verification only: the service never holds a private key.
 */
package io.parley.keys.crypto;
