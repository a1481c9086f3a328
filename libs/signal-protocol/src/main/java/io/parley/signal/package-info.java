/**
 * The Signal protocol (X3DH, PQXDH, Double Ratchet) in pure Java on Bouncy Castle, speaking the
 * same bytes as libsignal. Start at {@link io.parley.signal.session.SessionBuilder} and {@link
 * io.parley.signal.session.SessionCipher}; every failure is a subclass of {@link
 * io.parley.signal.SignalProtocolException}.
 */
package io.parley.signal;
