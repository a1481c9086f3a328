package io.parley.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.client.ClientConfig;
import io.parley.client.ConnectionState;
import io.parley.client.Message;
import io.parley.client.MessageStatus;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyListener;
import io.parley.client.Presence;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed scenario end to end: the platform as {@code ./parley up} starts it, clients on the SDK,
 * Web Push to a local push service. Nothing here is simulated but the push service and the SMS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedScenarioIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration TOKEN_TTL = SharedPlatform.TOKEN_TTL;
  private static final AtomicInteger PHONES = new AtomicInteger((int) (Math.random() * 5000));

  private LocalPlatform platform;
  private WebPushReceiver pushService;
  private final List<ParleyClient> clients = new ArrayList<>();

  @TempDir Path directories;

  @BeforeAll
  void startPlatform() throws Exception {
    platform = SharedPlatform.get();
    pushService = WebPushReceiver.start(platform.vapidPublicKey());
  }

  @AfterAll
  void stopPushService() {
    if (pushService != null) {
      pushService.close();
    }
  }

  @AfterEach
  void closeClients() {
    clients.forEach(ParleyClient::close);
    clients.clear();
  }

  /** What a device's listener saw, in order. */
  static final class Events implements ParleyListener {
    final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    final List<Message> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
    final BlockingQueue<Presence> presence = new LinkedBlockingQueue<>();
    final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    final AtomicInteger connects = new AtomicInteger();
    final BlockingQueue<Boolean> typing = new LinkedBlockingQueue<>();

    @Override
    public void onConnection(ConnectionState state, String detail) {
      if (state == ConnectionState.CONNECTED) {
        connects.incrementAndGet();
      }
    }

    @Override
    public void onTyping(UUID account, int device, boolean isTyping) {
      typing.add(isTyping);
    }

    @Override
    public void onMessage(Message message) {
      messages.add(message);
    }

    @Override
    public void onStatus(Message message) {
      statuses.add(message);
    }

    @Override
    public void onPresence(Presence p) {
      presence.add(p);
    }

    @Override
    public void onError(String what, Throwable cause) {
      errors.add(what + (cause == null ? "" : ": " + cause));
    }

    Message nextMessage() throws InterruptedException {
      Message m = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(m).as("a message within %s", WAIT).isNotNull();
      return m;
    }

    List<MessageStatus> statusesOf(String id) {
      return statuses.stream().filter(m -> m.id().equals(id)).map(Message::status).toList();
    }

    void awaitStatus(String id, MessageStatus status) throws InterruptedException {
      long end = System.nanoTime() + WAIT.toNanos();
      while (!statusesOf(id).contains(status) && System.nanoTime() < end) {
        Thread.sleep(50);
      }
      assertThat(statusesOf(id)).as("statuses of %s", id).contains(status);
    }

    Presence awaitPresence(Predicate<Presence> match) throws InterruptedException {
      long end = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < end) {
        Presence p = presence.poll(200, TimeUnit.MILLISECONDS);
        if (p != null && match.test(p)) {
          return p;
        }
      }
      throw new AssertionError("no presence update as expected within " + WAIT);
    }
  }

  private String newPhone() {
    return "+1415" + String.format("%07d", 5_550_000 + PHONES.incrementAndGet());
  }

  private ParleyClient register(String name, Events events) throws Exception {
    String phone = newPhone();
    ParleyClient.Registration registration =
        ParleyClient.register(ClientConfig.of(platform.baseUrl(), directories.resolve(name), name));
    registration.requestCode(phone).get(30, TimeUnit.SECONDS);
    ParleyClient client =
        registration.complete(platform.verificationCode(phone)).get(60, TimeUnit.SECONDS);
    client.addListener(events);
    clients.add(client);
    return client;
  }

  private ParleyClient linkTo(ParleyClient primary, String name, Events events) throws Exception {
    ParleyClient.DeviceLink link =
        ParleyClient.link(ClientConfig.of(platform.baseUrl(), directories.resolve(name), name));
    String uri = link.uri().get(30, TimeUnit.SECONDS);
    assertThat(uri).startsWith("parley://link?address=");
    primary.approveLink(uri).get(30, TimeUnit.SECONDS);
    ParleyClient device = link.linked().get(60, TimeUnit.SECONDS);
    assertThat(device.accountId()).isEqualTo(primary.accountId());
    assertThat(device.deviceId()).isGreaterThan(1);
    device.addListener(events);
    clients.add(device);
    return device;
  }

  @Test
  void aMessageToAnOfflineDeviceWakesItAndComesBackSentDeliveredRead() throws Exception {
    Events aEvents = new Events();
    Events bEvents = new Events();
    ParleyClient a = register("a", aEvents);
    ParleyClient b = register("b", bEvents);
    WebPushReceiver.Subscription bPush = pushService.newSubscription();
    b.registerWebPush(bPush.endpoint(), bPush.p256dh(), bPush.auth()).get(30, TimeUnit.SECONDS);
    a.setContacts(List.of(b.accountId())).get(30, TimeUnit.SECONDS);
    b.setContacts(List.of(a.accountId())).get(30, TimeUnit.SECONDS);

    // B has been online and went offline again.
    b.connect().get(30, TimeUnit.SECONDS);
    b.disconnect().get(30, TimeUnit.SECONDS);

    a.connect().get(30, TimeUnit.SECONDS);
    assertThat(a.lookup(phoneOf(b)).get(30, TimeUnit.SECONDS)).contains(b.accountId());
    a.watchPresence(List.of(b.accountId())).get(30, TimeUnit.SECONDS);
    aEvents.awaitPresence(
        p -> p.accountId().equals(b.accountId()) && Boolean.FALSE.equals(p.online()));

    Message hi = a.send(b.accountId(), "Hi").get(30, TimeUnit.SECONDS);
    assertThat(hi.status()).isEqualTo(MessageStatus.SENT);

    WebPushReceiver.Push wake = pushService.awaitPush(bPush, WAIT);
    assertThat(wake.vapidVerified()).as("VAPID: %s", wake.problems()).isTrue();
    assertThat(wake.contentEncoding()).isEqualTo("aes128gcm");
    assertThat(wake.plaintext()).contains("\"wake\"").doesNotContain("Hi");
    assertThat(wake.urgency()).isEqualTo("high");

    b.connect().get(30, TimeUnit.SECONDS);
    Message received = bEvents.nextMessage();
    assertThat(received.text()).isEqualTo("Hi");
    assertThat(received.conversation()).isEqualTo(a.accountId());
    assertThat(received.outgoing()).isFalse();
    assertThat(received.id()).isEqualTo(hi.id());
    assertThat(b.history(a.accountId()).get(30, TimeUnit.SECONDS))
        .extracting(Message::text)
        .containsExactly("Hi");

    aEvents.awaitStatus(hi.id(), MessageStatus.DELIVERED);
    aEvents.awaitPresence(
        p -> p.accountId().equals(b.accountId()) && Boolean.TRUE.equals(p.online()));

    b.markRead(List.of(received)).get(30, TimeUnit.SECONDS);
    aEvents.awaitStatus(hi.id(), MessageStatus.READ);
    assertThat(aEvents.statusesOf(hi.id()))
        .containsExactly(MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.READ);
    assertThat(a.message(hi.id()).get(30, TimeUnit.SECONDS).orElseThrow().status())
        .isEqualTo(MessageStatus.READ);

    Instant beforeLeaving = Instant.now().minusSeconds(1);
    b.disconnect().get(30, TimeUnit.SECONDS);
    Presence gone =
        aEvents.awaitPresence(
            p -> p.accountId().equals(b.accountId()) && Boolean.FALSE.equals(p.online()));
    assertThat(gone.lastSeen()).isNotNull().isAfter(beforeLeaving);

    assertThat(pushService.pushes(bPush)).hasSize(1);
    assertThat(aEvents.errors).isEmpty();
    assertThat(bEvents.errors).isEmpty();
  }

  @Test
  void linkedDevicesAllGetTheMessageAndTheSendersOtherDeviceGetsTheSyncCopy() throws Exception {
    Events a1Events = new Events();
    Events a2Events = new Events();
    Events b1Events = new Events();
    Events b2Events = new Events();
    ParleyClient a1 = register("a1", a1Events);
    ParleyClient b1 = register("b1", b1Events);
    ParleyClient b2 = linkTo(b1, "b2", b2Events);
    ParleyClient a2 = linkTo(a1, "a2", a2Events);
    for (ParleyClient c : List.of(a1, a2, b1, b2)) {
      c.connect().get(30, TimeUnit.SECONDS);
    }

    Message hi = a1.send(b1.accountId(), "Hi").get(30, TimeUnit.SECONDS);

    for (Events device : List.of(b1Events, b2Events)) {
      Message got = device.nextMessage();
      assertThat(got.text()).isEqualTo("Hi");
      assertThat(got.id()).isEqualTo(hi.id());
      assertThat(got.conversation()).isEqualTo(a1.accountId());
      assertThat(got.senderDevice()).isEqualTo(1);
    }
    Message sync = a2Events.nextMessage();
    assertThat(sync.outgoing()).isTrue();
    assertThat(sync.conversation()).isEqualTo(b1.accountId());
    assertThat(sync.text()).isEqualTo("Hi");
    assertThat(sync.senderDevice()).isEqualTo(1);
    a1Events.awaitStatus(hi.id(), MessageStatus.DELIVERED);

    // and back: B's second device answers; B's first device gets the sync copy, A both
    Message reply = b2.send(a1.accountId(), "Hello from the tablet").get(30, TimeUnit.SECONDS);
    assertThat(a1Events.nextMessage().id()).isEqualTo(reply.id());
    assertThat(a2Events.nextMessage().id()).isEqualTo(reply.id());
    Message b1Sync = b1Events.nextMessage();
    assertThat(b1Sync.outgoing()).isTrue();
    assertThat(b1Sync.senderDevice()).isEqualTo(b2.deviceId());
    for (Events e : List.of(a1Events, a2Events, b1Events, b2Events)) {
      assertThat(e.errors).isEmpty();
    }
  }

  @Test
  void reconnectsInTheMiddleOfAConversationLoseAndDuplicateNothing() throws Exception {
    Events aEvents = new Events();
    Events bEvents = new Events();
    ParleyClient a = register("ra", aEvents);
    ParleyClient b = register("rb", bEvents);
    a.connect().get(30, TimeUnit.SECONDS);
    b.connect().get(30, TimeUnit.SECONDS);

    int count = 40;
    List<java.util.concurrent.CompletableFuture<Message>> sends = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sends.add(a.send(b.accountId(), "message " + i));
      if (i % 8 == 3) {
        b.dropConnection();
      }
      if (i % 13 == 6) {
        a.dropConnection();
      }
      Thread.sleep(20);
    }
    List<String> ids = new ArrayList<>();
    for (var send : sends) {
      ids.add(send.get(60, TimeUnit.SECONDS).id());
    }

    List<String> received = new ArrayList<>();
    while (received.size() < count) {
      received.add(bEvents.nextMessage().text());
    }
    assertThat(received)
        .containsExactlyElementsOf(
            java.util.stream.IntStream.range(0, count).mapToObj(i -> "message " + i).toList());
    assertThat(bEvents.messages.poll(3, TimeUnit.SECONDS)).as("a duplicate").isNull();
    for (String id : ids) {
      aEvents.awaitStatus(id, MessageStatus.DELIVERED);
    }
    assertThat(b.history(a.accountId()).get(30, TimeUnit.SECONDS)).hasSize(count);
    assertThat(a.isConnected()).isTrue();
    assertThat(aEvents.connects.get()).as("A reconnected").isGreaterThan(1);
    assertThat(bEvents.connects.get()).as("B reconnected").isGreaterThan(1);
  }

  @Test
  void aSessionOutlivesItsAccessTokensByRenewingThem() throws Exception {
    Events aEvents = new Events();
    Events bEvents = new Events();
    ParleyClient a = register("ta", aEvents);
    ParleyClient b = register("tb", bEvents);
    a.connect().get(30, TimeUnit.SECONDS);
    b.connect().get(30, TimeUnit.SECONDS);

    Thread.sleep(TOKEN_TTL.multipliedBy(5).dividedBy(2).toMillis());

    Message late = a.send(b.accountId(), "still here").get(30, TimeUnit.SECONDS);
    assertThat(bEvents.nextMessage().id()).isEqualTo(late.id());
    assertThat(aEvents.connects.get()).as("A's sessions").isEqualTo(1);
    assertThat(bEvents.connects.get()).as("B's sessions").isEqualTo(1);
  }

  @Test
  void aDeviceRefillsItsOneTimePreKeysWhenTheServerSaysTheyRunLow() throws Exception {
    Events bEvents = new Events();
    ParleyClient b = register("kb", bEvents);
    b.connect().get(30, TimeUnit.SECONDS);
    assertThat(b.preKeyCount().get(30, TimeUnit.SECONDS).path("count").asInt()).isEqualTo(100);

    // Another account starts sessions with B's device until fewer than 10 one-time keys are left.
    RawDevice fetcher = RawDevice.register(platform, newPhone());
    for (int i = 0; i < 92; i++) {
      assertThat(fetcher.get("/v1/keys/" + b.accountId() + "/1")).isEqualTo(200);
    }
    long end = System.nanoTime() + WAIT.toNanos();
    int count = 0;
    while (System.nanoTime() < end) {
      count = b.preKeyCount().get(30, TimeUnit.SECONDS).path("count").asInt();
      if (count >= 100) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(count).as("one-time prekeys after the prekeys_low notice").isEqualTo(100);
    assertThat(bEvents.connects.get()).isEqualTo(1);
  }

  @Test
  void aDeviceLinkedAfterTheFirstMessageIsPickedUpFromTheServersDeviceList() throws Exception {
    Events aEvents = new Events();
    Events b1Events = new Events();
    Events b2Events = new Events();
    ParleyClient a = register("ma", aEvents);
    ParleyClient b1 = register("mb1", b1Events);
    a.connect().get(30, TimeUnit.SECONDS);
    b1.connect().get(30, TimeUnit.SECONDS);
    a.send(b1.accountId(), "before").get(30, TimeUnit.SECONDS);
    assertThat(b1Events.nextMessage().text()).isEqualTo("before");

    // A has a session with B's only device; B now links a second one.
    ParleyClient b2 = linkTo(b1, "mb2", b2Events);
    b2.connect().get(30, TimeUnit.SECONDS);
    Thread.sleep(1000);

    Message after = a.send(b1.accountId(), "after").get(30, TimeUnit.SECONDS);
    assertThat(b1Events.nextMessage().id()).isEqualTo(after.id());
    assertThat(b2Events.nextMessage().id()).isEqualTo(after.id());
    assertThat(b2Events.messages.poll(2, TimeUnit.SECONDS)).as("only the one sent after").isNull();
  }

  @Test
  void theSignedPreKeyIsReplacedWhenItIsOlderThanTwoDays() throws Exception {
    Path directory = directories.resolve("rot");
    ParleyClient b = register("rot", new Events());
    RawDevice other = RawDevice.register(platform, newPhone());
    assertThat(other.body("/v1/keys/" + b.accountId() + "/1")).contains("\"keyId\":1,");
    b.close();
    clients.remove(b);

    ParleyClient later =
        ParleyClient.open(
            new ClientConfig(
                java.net.URI.create(platform.baseUrl() + "/"),
                directory,
                "rot",
                Duration.ofMillis(500),
                Duration.ofSeconds(30),
                java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofDays(3))));
    clients.add(later);
    later.connect().get(30, TimeUnit.SECONDS); // the mailbox drains: keys are looked after then
    long end = System.nanoTime() + WAIT.toNanos();
    String bundle = "";
    while (System.nanoTime() < end && !bundle.contains("\"signedPreKey\":{\"keyId\":2,")) {
      Thread.sleep(300);
      bundle = other.body("/v1/keys/" + b.accountId() + "/1");
    }
    assertThat(bundle).contains("\"signedPreKey\":{\"keyId\":2,");
  }

  @Test
  void aMessageTooLargeForTheServerIsRefusedBeforeAnythingIsSent() throws Exception {
    ParleyClient a = register("big", new Events());
    a.connect().get(30, TimeUnit.SECONDS);
    assertThat(a.send(a.accountId(), "x".repeat(70_000)))
        .failsWithin(Duration.ofSeconds(30))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withMessageContaining("maxCiphertextBytes");
    assertThat(a.history(a.accountId()).get(30, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void garbageFromAPeerIsAcknowledgedAndNeverBlocksTheMailbox() throws Exception {
    Events aEvents = new Events();
    Events bEvents = new Events();
    ParleyClient a = register("ga", aEvents);
    ParleyClient b = register("gb", bEvents);
    RawDevice mallory = RawDevice.register(platform, newPhone());
    int registrationId = rawRegistrationId(mallory, b);

    // More undecryptable envelopes than the edge keeps in flight (64), before B connects.
    try (io.parley.testsupport.stomp.StompTestClient raw =
        io.parley.testsupport.stomp.StompTestClient.open(
            URI.create(platform.baseUrl()).getPort())) {
      assertThat(raw.connect(mallory.token()).command()).isEqualTo("CONNECTED");
      raw.subscribeQueues();
      for (int i = 0; i < 70; i++) {
        String type = i % 2 == 0 ? "whisper" : "prekey";
        raw.send(
            "/app/messages",
            "g" + i,
            "{\"clientMessageId\":\"garbage-"
                + i
                + "\",\"clientTimestamp\":1,\"urgent\":false,\"ephemeral\":false,"
                + "\"recipients\":[{\"accountId\":\""
                + b.accountId()
                + "\",\"devices\":[{\"deviceId\":1,\"registrationId\":"
                + registrationId
                + ",\"type\":\""
                + type
                + "\",\"content\":\"AAECAwQFBgcICQ==\"}]}]}");
        raw.awaitReceipt("g" + i, WAIT);
      }
    }
    a.connect().get(30, TimeUnit.SECONDS);
    Message real = a.send(b.accountId(), "after the garbage").get(30, TimeUnit.SECONDS);

    b.connect().get(30, TimeUnit.SECONDS);
    assertThat(bEvents.nextMessage().id()).isEqualTo(real.id());
    long end = System.nanoTime() + WAIT.toNanos();
    while (bEvents.errors.size() < 70 && System.nanoTime() < end) {
      Thread.sleep(100);
    }
    assertThat(bEvents.errors).hasSize(70).allMatch(e -> e.startsWith("could not decrypt"));

    // all acknowledged: a new session gets nothing again
    b.dropConnection().get(30, TimeUnit.SECONDS);
    Thread.sleep(3000);
    assertThat(bEvents.connects.get()).isGreaterThan(1);
    assertThat(bEvents.errors).hasSize(70);
    assertThat(bEvents.messages).isEmpty();
  }

  @Test
  void aMessageNotYetSentWhenTheClientClosedIsSentAfterItOpensAgain() throws Exception {
    Events bEvents = new Events();
    ParleyClient a = register("ua", new Events());
    ParleyClient b = register("ub", bEvents);
    b.connect().get(30, TimeUnit.SECONDS);

    java.util.concurrent.CompletableFuture<Message> unsent = a.send(b.accountId(), "unsent");
    a.close();
    clients.remove(a);
    assertThat(unsent).failsWithin(Duration.ofSeconds(10));

    ParleyClient again =
        ParleyClient.open(ClientConfig.of(platform.baseUrl(), directories.resolve("ua"), "ua"));
    clients.add(again);
    Events againEvents = new Events();
    again.addListener(againEvents);
    again.connect().get(30, TimeUnit.SECONDS);
    Message got = bEvents.nextMessage();
    assertThat(got.text()).isEqualTo("unsent");
    againEvents.awaitStatus(got.id(), MessageStatus.DELIVERED);
    assertThat(bEvents.messages.poll(2, TimeUnit.SECONDS)).as("a duplicate").isNull();
  }

  /** B's device 1 registration id, as a sender sees it in B's bundle. */
  private static int rawRegistrationId(RawDevice device, ParleyClient of) throws Exception {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"registrationId\"\\s*:\\s*([0-9]+)")
            .matcher(device.body("/v1/keys/" + of.accountId() + "/1"));
    assertThat(m.find()).isTrue();
    return Integer.parseInt(m.group(1));
  }

  @Test
  void theSdkExampleRuns() throws Exception {
    List<String> transcript =
        SdkExample.run(
            platform.baseUrl(),
            directories.resolve("example"),
            newPhone(),
            newPhone(),
            phone -> {
              try {
                return platform.verificationCode(phone);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    // (the server's delivered receipt and Bob's read receipt travel separately: "read" may come
    // first, and then implies delivered)
    assertThat(transcript)
        .contains("alice: message is SENT", "bob got: Hi Bob", "alice: message is READ");
  }

  private static String phoneOf(ParleyClient client) {
    return client.phoneNumber();
  }

  /** A device driven with plain HTTP calls (no SDK), for what a test does to another device. */
  private record RawDevice(
      LocalPlatform platform, HttpClient http, String[] tokens, long[] issued) {

    static RawDevice register(LocalPlatform platform, String phone) throws Exception {
      RawDevice device =
          new RawDevice(platform, HttpClient.newHttpClient(), new String[2], new long[1]);
      String session =
          field(
              device.post("/v1/verification/sessions", "{\"phoneNumber\":\"" + phone + "\"}"),
              "id");
      device.post(
          "/v1/verification/sessions/" + session + "/code",
          "{\"code\":\"" + platform.verificationCode(phone) + "\"}");
      String account =
          device.post(
              "/v1/accounts",
              "{\"verificationSessionId\":\""
                  + session
                  + "\",\"device\":{\"name\":\"raw\",\"registrationId\":77}}");
      device.accept(account);
      return device;
    }

    String token() throws Exception {
      return fresh();
    }

    /** GET with the device's token; the body (asserting 200). */
    String body(String path) throws Exception {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri(path))
                  .header("Authorization", "Bearer " + fresh())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
      return response.body();
    }

    /** A token renewed if the current one is older than half its life (12 s in these tests). */
    private String fresh() throws Exception {
      if (System.nanoTime() - issued[0] > TOKEN_TTL.toNanos() / 2) {
        refresh();
      }
      return tokens[0];
    }

    private void refresh() throws Exception {
      accept(post("/v1/tokens/refresh", "{\"refreshToken\":\"" + tokens[1] + "\"}"));
    }

    /** Takes the token pair of a registration or refresh answer. */
    private void accept(String pair) {
      tokens[0] = field(pair, "accessToken");
      tokens[1] = field(pair, "refreshToken");
      issued[0] = System.nanoTime();
    }

    /** GET with the device's token (refreshed when it expired); the status. */
    int get(String path) throws Exception {
      int status =
          send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + tokens[0]));
      if (status == 401) {
        refresh();
        status =
            send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + tokens[0]));
      }
      return status;
    }

    private int send(HttpRequest.Builder request) throws Exception {
      return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String post(String path, String json) throws Exception {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri(path))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode())
          .as("POST %s: %s", path, response.body())
          .isBetween(200, 299);
      return response.body();
    }

    private URI uri(String path) {
      return URI.create(platform.baseUrl() + path);
    }

    private static String field(String json, String name) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
      assertThat(m.find()).as("%s in %s", name, json).isTrue();
      return m.group(1);
    }
  }
}
