package io.parley.scenario;

import io.parley.client.ClientConfig;
import io.parley.client.Message;
import io.parley.client.MessageStatus;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyListener;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The client SDK's README example as a program: Alice and Bob register, Bob says when he has
 * Alice's message, Alice sees it delivered and read. Against {@code ./parley up}:
 *
 * <pre>
 * ./mvnw -q -pl tools/scenario-it -am test-compile -DskipTests
 * java -cp "tools/scenario-it/target/test-classes:$(cat tools/scenario-it/target/test.classpath)" \
 *   io.parley.scenario.SdkExample http://localhost:8080
 * </pre>
 *
 * (verification codes come from the dev profile's {@code GET /v1/dev/verification-codes/...}).
 */
public final class SdkExample {

  private SdkExample() {}

  public static void main(String[] args) throws Exception {
    String base = args.length > 0 ? args[0] : "http://localhost:8080";
    Path directory = Files.createTempDirectory("parley-example");
    long n = System.currentTimeMillis() % 10_000_000;
    run(
            base,
            directory,
            String.format("+1415%07d", n),
            String.format("+1628%07d", n),
            phone -> devCode(base, phone))
        .forEach(System.out::println);
  }

  /** Runs the example; returns what it printed. */
  public static List<String> run(
      String baseUrl,
      Path directory,
      String alicePhone,
      String bobPhone,
      UnaryOperator<String> verificationCode)
      throws Exception {
    List<String> out = new CopyOnWriteArrayList<>();

    // Registration: one directory per device.
    ParleyClient alice =
        register(
            ClientConfig.of(baseUrl, directory.resolve("alice"), "alice"),
            alicePhone,
            verificationCode);
    ParleyClient bob =
        register(
            ClientConfig.of(baseUrl, directory.resolve("bob"), "bob"), bobPhone, verificationCode);

    // Listeners: messages arrive already stored and acknowledged; statuses of what we sent.
    CompletableFuture<Message> bobGotIt = new CompletableFuture<>();
    bob.addListener(
        new ParleyListener() {
          @Override
          public void onMessage(Message message) {
            out.add("bob got: " + message.text());
            bobGotIt.complete(message);
          }
        });
    CompletableFuture<Void> read = new CompletableFuture<>();
    alice.addListener(
        new ParleyListener() {
          @Override
          public void onStatus(Message message) {
            out.add("alice: message is " + message.status());
            if (message.status() == MessageStatus.READ) {
              read.complete(null);
            }
          }
        });

    try (alice;
        bob) {
      alice.connect().get(30, TimeUnit.SECONDS);
      bob.connect().get(30, TimeUnit.SECONDS);

      UUID bobsAccount = alice.lookup(bobPhone).get(30, TimeUnit.SECONDS).orElseThrow();
      alice.send(bobsAccount, "Hi Bob").get(30, TimeUnit.SECONDS); // SENT: the server has it

      Message hi = bobGotIt.get(30, TimeUnit.SECONDS);
      bob.markRead(List.of(hi)).get(30, TimeUnit.SECONDS); // an encrypted read receipt
      read.get(30, TimeUnit.SECONDS);
    }
    return out;
  }

  private static ParleyClient register(
      ClientConfig config, String phone, UnaryOperator<String> verificationCode) {
    ParleyClient.Registration registration = ParleyClient.register(config);
    registration.requestCode(phone).join();
    return registration.complete(verificationCode.apply(phone)).join();
  }

  private static String devCode(String base, String phone) {
    try {
      String body =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              base
                                  + "/v1/dev/verification-codes/"
                                  + URLEncoder.encode(phone, StandardCharsets.UTF_8)))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return body.replaceAll(".*\"code\"\\s*:\\s*\"([0-9]+)\".*", "$1");
    } catch (Exception e) {
      throw new IllegalStateException("no dev verification code for " + phone, e);
    }
  }
}
