package io.parley.signal.protocol;

/** An encrypted message: a {@link SignalMessage} or a {@link PreKeySignalMessage}. */
public sealed interface CiphertextMessage permits SignalMessage, PreKeySignalMessage {

  /** libsignal's type of a {@link SignalMessage} ("Whisper"). */
  int WHISPER_TYPE = 2;

  /** libsignal's type of a {@link PreKeySignalMessage}. */
  int PREKEY_TYPE = 3;

  /** X3DH sessions: message version 3. */
  int VERSION_X3DH = 3;

  /** PQXDH sessions: message version 4. */
  int VERSION_PQXDH = 4;

  /** The highest version this library speaks: the low nibble of every version byte it writes. */
  int CURRENT_VERSION = VERSION_PQXDH;

  /** {@link #WHISPER_TYPE} or {@link #PREKEY_TYPE}. */
  int type();

  /** The bytes to send. */
  byte[] serialize();
}
