/**
 * The wire messages of a Signal session, byte for byte as libsignal writes and reads them: a
 * version byte, a proto2 message, and for {@link io.parley.signal.protocol.SignalMessage} an 8-byte
 * truncated HMAC-SHA256.
 */
package io.parley.signal.protocol;
