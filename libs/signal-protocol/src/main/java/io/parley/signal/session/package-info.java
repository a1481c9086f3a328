/**
 * Sessions: {@link io.parley.signal.session.SessionBuilder} starts one from a peer's {@link
 * io.parley.signal.session.PreKeyBundle} (X3DH, or PQXDH when the bundle has a Kyber prekey),
 * {@link io.parley.signal.session.SessionCipher} encrypts and decrypts with the Double Ratchet, and
 * {@link io.parley.signal.session.SessionRecord} is what the store keeps.
 */
package io.parley.signal.session;
