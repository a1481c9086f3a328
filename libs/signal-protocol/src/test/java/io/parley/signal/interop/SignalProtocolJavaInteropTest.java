package io.parley.signal.interop;

import io.parley.signal.SignalProtocolAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stage 1 against signal-protocol-java 2.8.1 (X3DH, message version 3): sessions started by either
 * side, 1,000-message conversations, out-of-order delivery with drops, identity change. Our side
 * uses the file-backed store, reopened for every message.
 */
class SignalProtocolJavaInteropTest {

  private static final int MESSAGES = 1000;

  @TempDir Path directory;

  private Peer ours;
  private Peer theirs;

  @BeforeEach
  void peers(org.junit.jupiter.api.TestInfo test) {
    boolean weStart = test.getDisplayName().contains("WeStart");
    ours =
        new ParleyPeer("parley", new SignalProtocolAddress("spj", 1), weStart ? directory : null);
    theirs = new SignalProtocolJavaPeer("spj", new SignalProtocolAddress("parley", 1));
  }

  @AfterEach
  void close() throws Exception {
    ours.close();
    theirs.close();
  }

  @Test
  void alternatingConversationWeStart() throws Exception {
    Conversations.alternating(ours, theirs, false, MESSAGES);
  }

  @Test
  void alternatingConversationTheyStart() throws Exception {
    Conversations.alternating(theirs, ours, false, MESSAGES);
  }

  @Test
  void oneSidedRunsWeStart() throws Exception {
    Conversations.oneSidedRuns(ours, theirs, false, MESSAGES, 11);
  }

  @Test
  void oneSidedRunsTheyStart() throws Exception {
    Conversations.oneSidedRuns(theirs, ours, false, MESSAGES, 12);
  }

  @Test
  void outOfOrderWithDropsWeStart() throws Exception {
    Conversations.outOfOrderWithDrops(ours, theirs, false, MESSAGES, 13);
  }

  @Test
  void outOfOrderWithDropsTheyStart() throws Exception {
    Conversations.outOfOrderWithDrops(theirs, ours, false, MESSAGES, 14);
  }

  @Test
  void weDetectTheirIdentityChange() throws Exception {
    Conversations.identityChangeIsDetected(ours, theirs, false);
  }

  @Test
  void theyDetectOurIdentityChange() throws Exception {
    Conversations.identityChangeIsDetected(theirs, ours, false);
  }
}
