package io.parley.signal.store;

/** Whether an identity is checked before sending to it or after receiving from it. */
public enum Direction {
  SENDING,
  RECEIVING
}
