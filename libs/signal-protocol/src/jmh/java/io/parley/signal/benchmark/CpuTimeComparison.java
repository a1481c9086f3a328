package io.parley.signal.benchmark;

import io.parley.signal.protocol.SignalMessage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The same operations as {@link SessionBenchmark}, timed in CPU time of the measuring thread
 * instead of wall-clock time: on a machine shared with other builds, throughput measures the
 * neighbours as much as the code, CPU time per operation much less. Both libraries take turns round
 * by round, so each is measured under the same conditions; the median of the rounds is printed.
 *
 * <p>{@code ./mvnw -pl libs/signal-protocol -Pbenchmark test-compile exec:exec
 * -Dbenchmark.main=io.parley.signal.benchmark.CpuTimeComparison -Djmh.args=}
 */
public final class CpuTimeComparison {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int ROUNDS = 7;
  private static final byte[] KILOBYTE = new byte[1024];

  private static final String[] NAMES = {
    "encrypt 1 KB",
    "decrypt 1 KB",
    "encrypt + decrypt 1 KB",
    "session setup X3DH",
    "session setup PQXDH"
  };

  /**
   * Operations per round. Encrypt-only and decrypt runs stay under signal-protocol-java's horizon
   * of 2,000 unread messages.
   */
  private static final int[] COUNTS = {1_900, 1_900, 20_000, 300, 300};

  private CpuTimeComparison() {}

  /** One measured operation. */
  @FunctionalInterface
  private interface Operation {
    void run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    SessionBenchmark benchmark = new SessionBenchmark();
    double[][] parley = new double[NAMES.length][ROUNDS];
    double[][] theirs = new double[NAMES.length][ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      for (int i = 0; i < NAMES.length; i++) {
        SessionBenchmark.Parley ours = new SessionBenchmark.Parley();
        ours.setUp();
        SessionBenchmark.SignalProtocolJava spj = new SessionBenchmark.SignalProtocolJava();
        spj.setUp();
        int count = COUNTS[i];
        // decrypting: messages encrypted beforehand, untimed, then decrypted in order
        SignalMessage[] ourMessages = new SignalMessage[i == 1 ? count : 0];
        byte[][] theirMessages = new byte[i == 1 ? count : 0][];
        for (int n = 0; n < ourMessages.length; n++) {
          ourMessages[n] = (SignalMessage) ours.aliceCipher.encrypt(KILOBYTE);
          theirMessages[n] = spj.aliceCipher.encrypt(KILOBYTE).serialize();
        }
        int[] next = {0, 0};
        Operation ourOperation =
            switch (i) {
              case 0 -> () -> benchmark.parleyEncrypt1k(ours);
              case 1 -> () -> ours.bobCipher.decrypt(ourMessages[next[0]++]);
              case 2 -> () -> benchmark.parleyEncryptDecrypt1k(ours);
              case 3 -> () -> benchmark.parleySessionSetupX3dh(ours);
              default -> () -> benchmark.parleySessionSetupPqxdh(ours);
            };
        Operation theirOperation =
            switch (i) {
              case 0 -> () -> benchmark.signalProtocolJavaEncrypt1k(spj);
              case 1 ->
                  () ->
                      spj.bobCipher.decrypt(
                          new org.whispersystems.libsignal.protocol.SignalMessage(
                              theirMessages[next[1]++]));
              case 2 -> () -> benchmark.signalProtocolJavaEncryptDecrypt1k(spj);
              case 3 -> () -> benchmark.signalProtocolJavaSessionSetupX3dh(spj);
              default -> null;
            };
        parley[i][round] = microsPerOperation(ourOperation, count);
        theirs[i][round] =
            theirOperation == null ? Double.NaN : microsPerOperation(theirOperation, count);
      }
    }
    System.out.println(
        "CPU time per operation (median of " + ROUNDS + " rounds; first rounds warm up)");
    System.out.printf(
        Locale.ROOT, "%-26s %14s %14s %8s%n", "operation", "parley µs", "spj 2.8.1 µs", "ratio");
    for (int i = 0; i < NAMES.length; i++) {
      double ours = median(parley[i]);
      double spj = median(theirs[i]);
      System.out.printf(
          Locale.ROOT,
          "%-26s %14.1f %14s %8s%n",
          NAMES[i],
          ours,
          Double.isNaN(spj) ? "-" : String.format(Locale.ROOT, "%.1f", spj),
          Double.isNaN(spj) ? "-" : String.format(Locale.ROOT, "%.2fx", spj / ours));
    }
  }

  private static double microsPerOperation(Operation operation, int count) throws Exception {
    long start = THREADS.getCurrentThreadCpuTime();
    for (int n = 0; n < count; n++) {
      operation.run();
    }
    return (THREADS.getCurrentThreadCpuTime() - start) / 1_000.0 / count;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
