package io.parley.signal.interop;

import io.parley.signal.SignalProtocolAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our implementation with itself, over X3DH (false) and PQXDH (true), in memory. */
class ParleyToParleyTest {

  private final Peer alice = new ParleyPeer("alice", new SignalProtocolAddress("bob", 1), null);
  private final Peer bob = new ParleyPeer("bob", new SignalProtocolAddress("alice", 1), null);

  @ParameterizedTest(name = "pq={0}")
  @ValueSource(booleans = {false, true})
  void alternatingConversation(boolean pq) throws Exception {
    Conversations.alternating(alice, bob, pq, 300);
  }

  @ParameterizedTest(name = "pq={0}")
  @ValueSource(booleans = {false, true})
  void oneSidedRuns(boolean pq) throws Exception {
    Conversations.oneSidedRuns(alice, bob, pq, 300, 21);
  }

  @ParameterizedTest(name = "pq={0}")
  @ValueSource(booleans = {false, true})
  void outOfOrderWithDrops(boolean pq) throws Exception {
    Conversations.outOfOrderWithDrops(alice, bob, pq, 500, 22);
  }

  @ParameterizedTest(name = "pq={0}")
  @ValueSource(booleans = {false, true})
  void identityChangeIsDetected(boolean pq) throws Exception {
    Conversations.identityChangeIsDetected(alice, bob, pq);
  }
}
