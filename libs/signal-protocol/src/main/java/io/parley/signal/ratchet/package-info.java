/**
 * The Double Ratchet's key derivations as libsignal does them: root keys (HKDF "WhisperRatchet"),
 * chain keys (HMAC with 0x01 for message keys, 0x02 for the next chain key) and message keys (HKDF
 * "WhisperMessageKeys": AES-256 key, HMAC key, IV).
 */
package io.parley.signal.ratchet;
