package io.parley.signal.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.parley.signal.SignalProtocolAddress;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our implementation against the official libsignal, its Rust core through Node:
 *
 * <ul>
 *   <li>stage 1: {@code @signalapp/libsignal-client@0.72.1} over X3DH, message version 3;
 *   <li>stage 2: {@code @signalapp/libsignal-client@0.90.0} over PQXDH (Kyber1024), version 4 (the
 *       last line before SPQR became mandatory: its sessions fall back to no SPQR with us), and
 *       0.72.1 over PQXDH as well.
 * </ul>
 *
 * The same conversations as with signal-protocol-java: sessions started by either side, 1,000
 * messages alternating and in one-sided runs, shuffled with drops and late deliveries, identity
 * change. Skipped, saying why, where Node 20 or the npm packages are missing.
 */
class LibsignalInteropIT {

  private static final int MESSAGES = 1000;

  private Peer ours;
  private NodeLibsignalPeer theirs;

  @BeforeAll
  static void nodeIsThere() {
    String reason = NodeLibsignalPeer.unavailableBecause();
    assumeTrue(reason == null, reason);
  }

  static Stream<Arguments> peers() {
    return Stream.of(
        Arguments.of("@signalapp/libsignal-client", "0.72.1", false),
        Arguments.of("libsignal-client-0.90", "0.90.0", true),
        // 0.72.1 speaks PQXDH too: version 4 sessions with the stage 1 peer as well
        Arguments.of("@signalapp/libsignal-client", "0.72.1", true));
  }

  private void connect(String packageName, String expectedVersion) throws Exception {
    ours = new ParleyPeer("parley", new SignalProtocolAddress("libsignal", 1), null);
    theirs = new NodeLibsignalPeer("libsignal", packageName, "parley");
    assertThat(theirs.version()).isEqualTo(expectedVersion);
  }

  @AfterEach
  void close() throws Exception {
    if (theirs != null) {
      theirs.close();
    }
  }

  @ParameterizedTest(name = "libsignal {1}, pq={2}")
  @MethodSource("peers")
  void alternatingConversationWeStart(String pkg, String version, boolean pq) throws Exception {
    connect(pkg, version);
    Conversations.alternating(ours, theirs, pq, MESSAGES);
  }

  @ParameterizedTest(name = "libsignal {1}, pq={2}")
  @MethodSource("peers")
  void alternatingConversationTheyStart(String pkg, String version, boolean pq) throws Exception {
    connect(pkg, version);
    Conversations.alternating(theirs, ours, pq, MESSAGES);
  }

  @ParameterizedTest(name = "libsignal {1}, pq={2}")
  @MethodSource("peers")
  void oneSidedRunsWeStart(String pkg, String version, boolean pq) throws Exception {
    connect(pkg, version);
    Conversations.oneSidedRuns(ours, theirs, pq, MESSAGES, 31);
  }

  @ParameterizedTest(name = "libsignal {1}, pq={2}")
  @MethodSource("peers")
  void oneSidedRunsTheyStart(String pkg, String version, boolean pq) throws Exception {
    connect(pkg, version);
    Conversations.oneSidedRuns(theirs, ours, pq, MESSAGES, 32);
  }

  @ParameterizedTest(name = "libsignal {1}, pq={2}")
  @MethodSource("peers")
  void outOfOrderWithDropsWeStart(String pkg, String version, boolean pq) throws Exception {
    connect(pkg, version);
    Conversations.outOfOrderWithDrops(ours, theirs, pq, MESSAGES, 33);
  }

  @ParameterizedTest(name = "libsignal {1}, pq={2}")
  @MethodSource("peers")
  void outOfOrderWithDropsTheyStart(String pkg, String version, boolean pq) throws Exception {
    connect(pkg, version);
    Conversations.outOfOrderWithDrops(theirs, ours, pq, MESSAGES, 34);
  }

  @ParameterizedTest(name = "libsignal {1}, pq={2}")
  @MethodSource("peers")
  void weDetectTheirIdentityChange(String pkg, String version, boolean pq) throws Exception {
    connect(pkg, version);
    Conversations.identityChangeIsDetected(ours, theirs, pq);
  }

  @ParameterizedTest(name = "libsignal {1}, pq={2}")
  @MethodSource("peers")
  void theyDetectOurIdentityChange(String pkg, String version, boolean pq) throws Exception {
    connect(pkg, version);
    Conversations.identityChangeIsDetected(theirs, ours, pq);
  }
}
