package io.parley.signal.interop;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * The official libsignal (npm {@code @signalapp/libsignal-client}, native code through Node) as a
 * peer: {@code src/test/node/peer.mjs} in a child process, driven line by line.
 */
final class NodeLibsignalPeer implements Peer {

  static final Path NODE_DIRECTORY = Path.of("src", "test", "node");

  private final String name;
  private final String packageName;
  private final Process process;
  private final BufferedWriter requests;
  private final BufferedReader answers;

  NodeLibsignalPeer(String name, String packageName, String remoteName) throws IOException {
    this.name = name;
    this.packageName = packageName;
    ProcessBuilder builder =
        new ProcessBuilder("node", "peer.mjs")
            .directory(NODE_DIRECTORY.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put("LIBSIGNAL_PACKAGE", packageName);
    builder.environment().put("REMOTE_NAME", remoteName);
    process = builder.start();
    requests =
        new BufferedWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    answers =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Why the Node peers cannot run here, or {@code null} if they can. */
  static String unavailableBecause() {
    if (!Files.isDirectory(NODE_DIRECTORY.resolve("node_modules/@signalapp/libsignal-client"))
        || !Files.isDirectory(NODE_DIRECTORY.resolve("node_modules/libsignal-client-0.90"))) {
      return "libsignal for Node is not installed: run `npm ci --ignore-scripts` in "
          + "libs/signal-protocol/src/test/node (.ci/run does)";
    }
    try {
      Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      if (!node.waitFor(30, TimeUnit.SECONDS) || node.exitValue() != 0) {
        return "`node --version` failed";
      }
    } catch (IOException e) {
      return "no `node` on the PATH (Node 20 is needed)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while looking for node";
    }
    return null;
  }

  String version() throws IOException {
    return call("version");
  }

  private String call(String request) throws IOException {
    requests.write(request);
    requests.newLine();
    requests.flush();
    String answer = answers.readLine();
    if (answer == null) {
      throw new IOException("libsignal peer (" + packageName + ") exited");
    }
    if (answer.startsWith("ok")) {
      return answer.length() > 3 ? answer.substring(3) : "";
    }
    String[] parts = answer.split(" ", 3);
    throw new NodePeerException(parts[1], parts.length > 2 ? parts[2] : "");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Bundle bundle(boolean pq) throws Exception {
    String[] f = call("bundle " + pq).split(" ");
    return new Bundle(
        Integer.parseInt(f[0]),
        Integer.parseInt(f[1]),
        f[2].equals("-") ? null : Integer.parseInt(f[2]),
        bytes(f[3]),
        Integer.parseInt(f[4]),
        bytes(f[5]),
        bytes(f[6]),
        bytes(f[7]),
        f[8].equals("-") ? null : Integer.parseInt(f[8]),
        bytes(f[9]),
        bytes(f[10]));
  }

  @Override
  public void startSession(Bundle b) throws Exception {
    call(
        String.join(
            " ",
            "start",
            String.valueOf(b.registrationId()),
            String.valueOf(b.deviceId()),
            b.preKeyId() == null ? "-" : b.preKeyId().toString(),
            text(b.preKey()),
            String.valueOf(b.signedPreKeyId()),
            text(b.signedPreKey()),
            text(b.signedPreKeySignature()),
            text(b.identityKey()),
            b.kyberPreKeyId() == null ? "-" : b.kyberPreKeyId().toString(),
            text(b.kyberPreKey()),
            text(b.kyberPreKeySignature())));
  }

  @Override
  public Wire encrypt(byte[] plaintext) throws Exception {
    String[] answer = call("encrypt " + text(plaintext)).split(" ");
    return new Wire(Integer.parseInt(answer[0]), bytes(answer[1]));
  }

  @Override
  public byte[] decrypt(Wire message) throws Exception {
    return Base64.getDecoder()
        .decode(call("decrypt " + message.type() + " " + text(message.body())));
  }

  @Override
  public void reinstall() throws Exception {
    call("reinstall");
  }

  @Override
  public boolean isUntrustedIdentity(Exception failure) {
    return failure instanceof NodePeerException e && e.kind.equals("UntrustedIdentity");
  }

  @Override
  public void close() throws IOException {
    requests.close();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String text(byte[] bytes) {
    return bytes == null ? "-" : Base64.getEncoder().encodeToString(bytes);
  }

  private static byte[] bytes(String text) {
    return text.equals("-") ? null : Base64.getDecoder().decode(text);
  }

  /** A libsignal error, with its error code's name. */
  static final class NodePeerException extends IOException {
    private static final long serialVersionUID = 1L;
    final String kind;

    NodePeerException(String kind, String message) {
      super(kind + ": " + message);
      this.kind = kind;
    }
  }
}
