package io.parley.client;

import io.parley.client.internal.Content;
import io.parley.client.internal.ProvisioningCipher;
import io.parley.client.internal.Rest;
import io.parley.client.internal.StompFrame;
import io.parley.signal.DuplicateMessageException;
import io.parley.signal.InvalidKeyException;
import io.parley.signal.SignalProtocolAddress;
import io.parley.signal.SignalProtocolException;
import io.parley.signal.UntrustedIdentityException;
import io.parley.signal.kem.KyberPublicKey;
import io.parley.signal.keys.ECKeyPair;
import io.parley.signal.keys.ECPublicKey;
import io.parley.signal.protocol.CiphertextMessage;
import io.parley.signal.protocol.PreKeySignalMessage;
import io.parley.signal.session.PreKeyBundle;
import io.parley.signal.session.SessionBuilder;
import io.parley.signal.session.SessionCipher;
import io.parley.signal.store.FileSignalProtocolStore;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One Parley device: its account, keys, STOMP session and messages. Every public method is
 * asynchronous and thread-safe; the work runs in order on the client's own worker thread, and
 * {@link ParleyListener}s are called on a separate event thread.
 *
 * <pre>{@code
 * // First start: register a phone number (the code comes by SMS; GET /v1/dev/... in dev)
 * ClientConfig config = ClientConfig.of("http://localhost:8080", Path.of("alice"), "laptop");
 * ParleyClient.Registration registration = ParleyClient.register(config);
 * registration.requestCode("+14155550100").join();
 * ParleyClient alice = registration.complete(code).join();
 *
 * // Later starts
 * ParleyClient alice = ParleyClient.open(config);
 * alice.addListener(new ParleyListener() {
 *   public void onMessage(Message m) { System.out.println(m.conversation() + ": " + m.text()); }
 *   public void onStatus(Message m) { System.out.println(m.id() + " " + m.status()); }
 * });
 * alice.connect().join();
 * UUID bob = alice.lookup("+14155550101").join().orElseThrow();
 * alice.send(bob, "Hi").join(); // completes when the server has it: SENT
 * }</pre>
 *
 * <p>What it guarantees: a received message is decrypted, written to the local journal and forced
 * to disk before it is acknowledged, and the session state advances only after that; duplicates
 * (the same server GUID, or the same message id) never reach the listener twice; a message sent
 * while the session is down, or whose receipt was lost with the connection, is sent again after the
 * reconnect with the same {@code clientMessageId}, which the server deduplicates.
 */
public final class ParleyClient implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ParleyClient.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_ATTEMPTS = 5;
  private static final int RECENT_SENDS = 1000;

  private final ClientConfig config;
  private final Rest rest;
  private final FileSignalProtocolStore store;
  private final DeviceState state;
  private final Tokens tokens;
  private final KeyManager keys;
  private final MessageJournal journal;
  private final ScheduledExecutorService worker;
  private final ExecutorService events;
  private final Session session;
  private final List<ParleyListener> listeners = new CopyOnWriteArrayList<>();

  /** Sends waiting for their RECEIPT, by receipt id, in send order. */
  private final Map<String, PendingSend> pending = new LinkedHashMap<>();

  /** Recent sends by message id, to send again after a {@code devices_changed} rejection. */
  private final Map<String, PendingSend> recent =
      new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PendingSend> eldest) {
          return size() > RECENT_SENDS;
        }
      };

  private final Set<UUID> watched = new LinkedHashSet<>();
  private Set<Integer> ownDevices;
  private JsonNode serverConfig;
  private int receiptCounter;
  private boolean closed;

  private ParleyClient(
      ClientConfig config,
      Rest rest,
      FileSignalProtocolStore store,
      DeviceState state,
      Tokens tokens) {
    this.config = config;
    this.rest = rest;
    this.store = store;
    this.state = state;
    this.tokens = tokens;
    this.keys = new KeyManager(rest, store, state, tokens, config.clock(), RANDOM);
    this.journal = new MessageJournal(config.directory().resolve("messages.jsonl"));
    String name =
        "parley-client-" + state.accountId.toString().substring(0, 8) + "." + state.deviceId;
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    this.events =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, name + "-events");
              t.setDaemon(true);
              return t;
            });
    this.session = new Session(worker, rest.http(), config, tokens, new SessionHandler());
  }

  // --- starting ------------------------------------------------------------------------------

  /** Whether {@code directory} holds a registered or linked device. */
  public static boolean isSetUp(Path directory) {
    return DeviceState.exists(directory);
  }

  /** Opens the device set up earlier in {@code config.directory()}. Not connected yet. */
  public static ParleyClient open(ClientConfig config) {
    if (!isSetUp(config.directory())) {
      throw new IllegalStateException(
          config.directory() + " holds no Parley device: register or link first");
    }
    DeviceState state = DeviceState.load(config.directory());
    Rest rest = new Rest(config.baseUrl(), newHttp());
    FileSignalProtocolStore store =
        FileSignalProtocolStore.open(config.directory().resolve("signal"), RANDOM);
    return new ParleyClient(config, rest, store, state, new Tokens(rest, state, config.clock()));
  }

  /** Starts registering a phone number as a new account whose primary device this is. */
  public static Registration register(ClientConfig config) {
    if (isSetUp(config.directory())) {
      throw new IllegalStateException(config.directory() + " already holds a device");
    }
    return new Registration(config);
  }

  /**
   * Starts linking this (new) device to an existing account: see {@link DeviceLink}. The returned
   * link's {@link DeviceLink#uri()} is what the primary device's {@link #approveLink} needs.
   */
  public static DeviceLink link(ClientConfig config) {
    if (isSetUp(config.directory())) {
      throw new IllegalStateException(config.directory() + " already holds a device");
    }
    return new DeviceLink(config);
  }

  private static HttpClient newHttp() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** Registration of a phone number: request a code, then complete with it. */
  public static final class Registration {
    private final ClientConfig config;
    private final Rest rest;
    private volatile String sessionId;
    private volatile String phoneNumber;

    private Registration(ClientConfig config) {
      this.config = config;
      this.rest = new Rest(config.baseUrl(), newHttp());
    }

    /** Asks the server to send a one-time code to {@code phoneNumber} (E.164, {@code +1415...}). */
    public CompletableFuture<Void> requestCode(String phoneNumber) {
      return CompletableFuture.runAsync(
          () -> {
            JsonNode answer =
                rest.post("v1/verification/sessions", Map.of("phoneNumber", phoneNumber), null);
            this.sessionId = answer.path("id").asString();
            this.phoneNumber = phoneNumber;
          });
    }

    /**
     * Submits the code, creates the account with this device as its primary, and uploads the new
     * identity key and prekeys. The client is not connected yet.
     */
    public CompletableFuture<ParleyClient> complete(String code) {
      return CompletableFuture.supplyAsync(
          () -> {
            if (sessionId == null) {
              throw new IllegalStateException("requestCode first");
            }
            rest.post(
                "v1/verification/sessions/" + sessionId + "/code", Map.of("code", code), null);
            DeviceState.createDirectory(config.directory());
            FileSignalProtocolStore store =
                FileSignalProtocolStore.open(config.directory().resolve("signal"), RANDOM);
            JsonNode answer =
                rest.post(
                    "v1/accounts",
                    Map.of(
                        "verificationSessionId",
                        sessionId,
                        "device",
                        Map.of(
                            "name", config.deviceName(),
                            "registrationId", store.localRegistrationId())),
                    null);
            return setUp(config, rest, store, answer, phoneNumber);
          });
    }
  }

  private static ParleyClient setUp(
      ClientConfig config,
      Rest rest,
      FileSignalProtocolStore store,
      JsonNode answer,
      String phoneNumber) {
    DeviceState state = DeviceState.create(config.directory());
    state.accountId = UUID.fromString(answer.path("accountId").asString());
    state.deviceId = answer.path("deviceId").asInt();
    state.phoneNumber = phoneNumber;
    state.deviceName = config.deviceName();
    Tokens tokens = new Tokens(rest, state, config.clock());
    tokens.accept(answer); // saves device.json: from here on the directory is a set-up device
    ParleyClient client = new ParleyClient(config, rest, store, state, tokens);
    try {
      client.keys.uploadAll();
    } catch (RuntimeException e) {
      // The device exists; open() and connect() upload the keys later (keysUploaded is false).
      client.close();
      throw e;
    }
    return client;
  }

  /**
   * Linking a new device. It opens the provisioning channel and shows {@link #uri()} (for example
   * as a QR code) to the user; the primary device calls {@link ParleyClient#approveLink} with it,
   * which sends the account's identity key pair and a one-use link code encrypted to this device's
   * ephemeral key. {@link #linked()} then completes with the new device, its keys uploaded.
   */
  public static final class DeviceLink implements AutoCloseable {
    private final ClientConfig config;
    private final Rest rest;
    private final ECKeyPair ephemeral = ECKeyPair.generate(RANDOM);
    private final CompletableFuture<String> uri = new CompletableFuture<>();
    private final CompletableFuture<ParleyClient> linked = new CompletableFuture<>();
    private final java.net.http.WebSocket socket;

    private DeviceLink(ClientConfig config) {
      this.config = config;
      this.rest = new Rest(config.baseUrl(), newHttp());
      this.socket =
          rest.http()
              .newWebSocketBuilder()
              .buildAsync(config.webSocket("/ws/provisioning"), new ProvisioningListener())
              .join();
    }

    /** {@code parley://link?address=...&key=...}: the address and this device's public key. */
    public CompletableFuture<String> uri() {
      return uri;
    }

    /** Completes when the primary approved and this device is linked and has uploaded its keys. */
    public CompletableFuture<ParleyClient> linked() {
      return linked;
    }

    @Override
    public void close() {
      socket.abort();
      uri.cancel(false);
      linked.cancel(false);
    }

    private final class ProvisioningListener implements java.net.http.WebSocket.Listener {
      private final StringBuilder text = new StringBuilder();

      @Override
      public java.util.concurrent.CompletionStage<?> onText(
          java.net.http.WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (text.length() > 256 * 1024) {
          linked.completeExceptionally(new IllegalStateException("provisioning message too large"));
          webSocket.abort();
          return null;
        }
        if (last) {
          String message = text.toString();
          text.setLength(0);
          JsonNode node;
          try {
            node = Rest.JSON.readTree(message);
          } catch (RuntimeException e) {
            linked.completeExceptionally(
                new IllegalStateException("the provisioning channel sent something else", e));
            webSocket.abort();
            return null;
          }
          switch (node.path("type").asString("")) {
            case "address" ->
                uri.complete(
                    "parley://link?address="
                        + node.path("address").asString()
                        + "&key="
                        + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(ephemeral.publicKey().serialize()));
            case "message" ->
                CompletableFuture.supplyAsync(() -> provisioned(node.path("body").asString()))
                    .whenComplete(
                        (client, failure) -> {
                          if (failure != null) {
                            linked.completeExceptionally(failure);
                          } else {
                            linked.complete(client);
                          }
                        });
            default -> {}
          }
        }
        webSocket.request(1);
        return null;
      }

      @Override
      public java.util.concurrent.CompletionStage<?> onClose(
          java.net.http.WebSocket webSocket, int statusCode, String reason) {
        if (!uri.isDone()) {
          uri.completeExceptionally(
              new IllegalStateException(
                  "provisioning channel closed: " + statusCode + " " + reason));
        }
        if (statusCode != java.net.http.WebSocket.NORMAL_CLOSURE && !linked.isDone()) {
          linked.completeExceptionally(
              new IllegalStateException(
                  "provisioning channel closed: " + statusCode + " " + reason));
        }
        return null;
      }

      @Override
      public void onError(java.net.http.WebSocket webSocket, Throwable error) {
        uri.completeExceptionally(error);
        linked.completeExceptionally(error);
      }
    }

    private ParleyClient provisioned(String body) {
      JsonNode message;
      try {
        message =
            Rest.JSON.readTree(
                ProvisioningCipher.decrypt(ephemeral, Base64.getDecoder().decode(body)));
      } catch (InvalidKeyException e) {
        throw new IllegalStateException("the provisioning message is not for this device", e);
      }
      ECKeyPair identity;
      try {
        identity =
            ECKeyPair.of(
                io.parley.signal.keys.ECPrivateKey.deserialize(
                    Base64.getDecoder().decode(message.path("identityPrivateKey").asString())));
      } catch (InvalidKeyException e) {
        throw new IllegalStateException("the provisioning message holds no valid identity", e);
      }
      int registrationId = 1 + RANDOM.nextInt(16380);
      DeviceState.createDirectory(config.directory());
      Path signal = config.directory().resolve("signal");
      FileSignalProtocolStore store =
          FileSignalProtocolStore.create(signal, identity, registrationId);
      JsonNode answer;
      try {
        answer =
            rest.post(
                "v1/devices/link",
                Map.of(
                    "code", message.path("linkCode").asString(),
                    "name", config.deviceName(),
                    "registrationId", registrationId),
                null);
      } catch (RuntimeException e) {
        deleteTree(signal); // not linked: the directory may be used for another attempt
        throw e;
      }
      return setUp(config, rest, store, answer, message.path("phoneNumber").asString(null));
    }
  }

  /**
   * Approves a new device (primary device only): sends it the account's identity key pair and a
   * one-use link code, encrypted to the key in {@code linkUri}.
   */
  public CompletableFuture<Void> approveLink(String linkUri) {
    return onWorker(
        () -> {
          URI parsed = URI.create(linkUri);
          if (!"parley".equals(parsed.getScheme()) || !"link".equals(parsed.getHost())) {
            throw new IllegalArgumentException("not a parley://link URI: " + linkUri);
          }
          Map<String, String> query = new HashMap<>();
          for (String pair : parsed.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
              query.put(
                  pair.substring(0, eq),
                  URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
          }
          String address = query.get("address");
          if (address == null || !address.matches("[A-Za-z0-9_-]{8,64}")) {
            throw new IllegalArgumentException("the link URI has no valid address");
          }
          ECPublicKey key =
              ECPublicKey.deserialize(Base64.getUrlDecoder().decode(query.get("key")));
          String code =
              rest.post("v1/devices/link-codes", null, tokens.current()).path("code").asString();
          ObjectNode message =
              Rest.JSON
                  .createObjectNode()
                  .put("accountId", state.accountId.toString())
                  .put("phoneNumber", state.phoneNumber)
                  .put(
                      "identityPrivateKey",
                      Base64.getEncoder()
                          .encodeToString(store.identityKeyPair().privateKey().serialize()))
                  .put("linkCode", code);
          byte[] sealed =
              ProvisioningCipher.encrypt(key, Rest.JSON.writeValueAsBytes(message), RANDOM);
          rest.put(
              "v1/provisioning/" + address,
              Map.of("body", Base64.getEncoder().encodeToString(sealed)),
              tokens.current());
          ownDevices = null; // learn the new device at the next send
          return null;
        });
  }

  // --- who am I ------------------------------------------------------------------------------

  public UUID accountId() {
    return state.accountId;
  }

  public int deviceId() {
    return state.deviceId;
  }

  /** The phone number registered (null for a linked device whose primary did not send it). */
  public String phoneNumber() {
    return state.phoneNumber;
  }

  public void addListener(ParleyListener listener) {
    listeners.add(listener);
  }

  public void removeListener(ParleyListener listener) {
    listeners.remove(listener);
  }

  // --- the session ---------------------------------------------------------------------------

  /**
   * Connects and keeps the session up (reconnecting with backoff) until {@link #disconnect()}.
   * Completes at the first CONNECTED; the mailbox's backlog follows, then {@link
   * ParleyListener#onQueueEmpty()}.
   */
  public CompletableFuture<Void> connect() {
    return app(
        work(() -> {
              serverConfig();
              return session.start();
            })
            .thenCompose(f -> f));
  }

  /** The server's limits as last read (never a network call: sends work offline). */
  private JsonNode cachedConfig() {
    return serverConfig != null ? serverConfig : Rest.JSON.createObjectNode();
  }

  /**
   * {@code GET /v1/config}, once: the limits the server enforces. Defaults (the server's own) if it
   * cannot be read now; read again at the next connect.
   */
  private JsonNode serverConfig() {
    if (serverConfig == null) {
      try {
        serverConfig = rest.get("v1/config", null);
        session.heartbeat(serverConfig.path("heartbeatMillis").asLong(10_000));
      } catch (RuntimeException e) {
        log.debug("GET /v1/config failed: {}", e.toString());
        return Rest.JSON.createObjectNode();
      }
    }
    return serverConfig;
  }

  /** Leaves the session (pending sends stay pending for the next {@link #connect()}). */
  public CompletableFuture<Void> disconnect() {
    return onWorker(
        () -> {
          session.stop(ConnectionState.DISCONNECTED, null);
          return null;
        });
  }

  /** Whether the session is connected now. */
  public boolean isConnected() {
    return session.connected();
  }

  /**
   * Drops the connection as a network failure would; the client reconnects (tests, network change).
   */
  public CompletableFuture<Void> dropConnection() {
    return onWorker(
        () -> {
          session.dropConnection();
          return null;
        });
  }

  // --- messages ------------------------------------------------------------------------------

  /**
   * Sends {@code text} to {@code account}'s devices and a sync copy to this account's other
   * devices. Completes with the stored message once the server has it ({@link MessageStatus#SENT});
   * later statuses arrive at {@link ParleyListener#onStatus}.
   */
  public CompletableFuture<Message> send(UUID account, String text) {
    return app(
        work(() -> {
              String id = UUID.randomUUID().toString();
              long now = config.clock().millis();
              checkSize(Content.text(id, text, now).put("destination", account.toString()));
              Message message =
                  new Message(
                      id,
                      account,
                      true,
                      state.deviceId,
                      text,
                      Instant.ofEpochMilli(now),
                      null,
                      null,
                      MessageStatus.SENDING,
                      null);
              journal.add(message);
              ObjectNode content = Content.text(id, text, now);
              PendingSend send =
                  new PendingSend(
                      id,
                      account,
                      content,
                      content.deepCopy().put("destination", account.toString()),
                      false,
                      true);
              dispatch(send);
              return send.done;
            })
            .thenCompose(f -> f));
  }

  /** The largest PreKey message overhead: keys, a Kyber1024 ciphertext, MAC and framing. */
  private static final int CIPHERTEXT_OVERHEAD = 2048;

  private void checkSize(ObjectNode content) {
    int max = cachedConfig().path("maxCiphertextBytes").asInt(65_536);
    int size = Content.encode(content).length + CIPHERTEXT_OVERHEAD;
    if (size > max) {
      throw new IllegalArgumentException(
          "the message is too large: about "
              + size
              + " bytes encrypted, the server accepts at most "
              + max
              + " (maxCiphertextBytes of /v1/config)");
    }
  }

  /** Tells the senders of {@code messages} that this account read them (an encrypted receipt). */
  public CompletableFuture<Void> markRead(Collection<Message> messages) {
    return app(
        work(() -> {
              Map<UUID, List<String>> bySender = new LinkedHashMap<>();
              for (Message m : messages) {
                if (!m.outgoing()) {
                  bySender.computeIfAbsent(m.conversation(), k -> new ArrayList<>()).add(m.id());
                }
              }
              List<CompletableFuture<Message>> sends = new ArrayList<>();
              for (Map.Entry<UUID, List<String>> e : bySender.entrySet()) {
                ObjectNode content = Rest.JSON.createObjectNode().put("type", "read");
                ArrayNode ids = content.putArray("ids");
                e.getValue().forEach(ids::add);
                PendingSend send =
                    new PendingSend(
                        UUID.randomUUID().toString(), e.getKey(), content, null, false, false);
                dispatch(send);
                sends.add(send.done);
              }
              return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
            })
            .thenCompose(f -> f));
  }

  /**
   * Tells {@code account} this device started or stopped typing: an encrypted ephemeral message,
   * delivered only to connected devices and never stored. Sent only where a session exists.
   */
  public CompletableFuture<Void> sendTyping(UUID account, boolean typing) {
    return app(
        work(() -> {
              if (!session.connected() || store.subDeviceSessions(account.toString()).isEmpty()) {
                return CompletableFuture.<Message>completedFuture(null);
              }
              ObjectNode content =
                  Rest.JSON.createObjectNode().put("type", "typing").put("typing", typing);
              PendingSend send =
                  new PendingSend(
                      UUID.randomUUID().toString(), account, content, null, true, false);
              dispatch(send);
              return send.done;
            })
            .thenCompose(f -> f)
            .thenApply(m -> (Void) null));
  }

  /** The stored messages of the conversation with {@code account}, oldest first. */
  public CompletableFuture<List<Message>> history(UUID account) {
    return onWorker(() -> journal.conversation(account));
  }

  /** A stored message by id. */
  public CompletableFuture<Optional<Message>> message(String id) {
    return onWorker(() -> Optional.ofNullable(journal.message(id)));
  }

  // --- directory, presence, push, devices ----------------------------------------------------

  /** The account registered with {@code phoneNumber}, if any. */
  public CompletableFuture<Optional<UUID>> lookup(String phoneNumber) {
    return onWorker(
        () -> {
          JsonNode registered =
              rest.post(
                      "v1/directory/lookup",
                      Map.of("phoneNumbers", List.of(phoneNumber)),
                      tokens.current())
                  .path("registered");
          for (JsonNode match : registered) {
            return Optional.of(UUID.fromString(match.path("accountId").asString()));
          }
          return Optional.<UUID>empty();
        });
  }

  /**
   * Watches accounts' presence for as long as the client runs (again after every reconnect);
   * updates arrive at {@link ParleyListener#onPresence}. What each account shows depends on its
   * settings and whether it lists this account as a contact.
   */
  public CompletableFuture<Void> watchPresence(Collection<UUID> accounts) {
    return onWorker(
        () -> {
          List<UUID> added = accounts.stream().filter(watched::add).toList();
          sendWatch("/app/presence/watch", added);
          return null;
        });
  }

  public CompletableFuture<Void> unwatchPresence(Collection<UUID> accounts) {
    return onWorker(
        () -> {
          List<UUID> removed = accounts.stream().filter(watched::remove).toList();
          sendWatch("/app/presence/unwatch", removed);
          return null;
        });
  }

  private void sendWatch(String destination, List<UUID> accounts) {
    for (int i = 0; i < accounts.size(); i += 1000) {
      List<String> chunk =
          accounts.subList(i, Math.min(accounts.size(), i + 1000)).stream()
              .map(UUID::toString)
              .toList();
      session.send(
          destination,
          "w-" + (++receiptCounter),
          Rest.JSON.writeValueAsString(Map.of("accounts", chunk)));
    }
  }

  /**
   * Who sees this account online and its last seen: {@code everyone}, {@code contacts}, {@code
   * nobody}.
   */
  public CompletableFuture<Void> setPresenceSettings(String online, String lastSeen) {
    return onWorker(
        () -> {
          rest.put(
              "v1/presence/settings",
              Map.of("online", online, "lastSeen", lastSeen),
              tokens.current());
          return null;
        });
  }

  /** Replaces this account's contact list (used by the {@code contacts} presence setting). */
  public CompletableFuture<Void> setContacts(Collection<UUID> accounts) {
    return onWorker(
        () -> {
          rest.put(
              "v1/presence/contacts",
              Map.of("accounts", accounts.stream().map(UUID::toString).toList()),
              tokens.current());
          return null;
        });
  }

  /**
   * Registers a Web Push subscription ({@code PushSubscription.toJSON()}'s fields) for wake-ups.
   */
  public CompletableFuture<Void> registerWebPush(String endpoint, String p256dh, String auth) {
    return registerPush(
        Map.of(
            "webPush",
            Map.of("endpoint", endpoint, "keys", Map.of("p256dh", p256dh, "auth", auth))));
  }

  /** Registers an FCM registration token for wake-ups. */
  public CompletableFuture<Void> registerFcm(String token) {
    return registerPush(Map.of("fcm", Map.of("token", token)));
  }

  /**
   * Registers an APNs device token (hex) for wake-ups; {@code environment} production or sandbox.
   */
  public CompletableFuture<Void> registerApns(String token, String topic, String environment) {
    return registerPush(
        Map.of("apns", Map.of("token", token, "topic", topic, "environment", environment)));
  }

  public CompletableFuture<Void> unregisterPush() {
    return onWorker(
        () -> {
          rest.delete("v1/push/registration", tokens.current());
          return null;
        });
  }

  private CompletableFuture<Void> registerPush(Map<String, Object> body) {
    return onWorker(
        () -> {
          rest.put("v1/push/registration", body, tokens.current());
          return null;
        });
  }

  /** This account's devices: {@code [{deviceId, name, registrationId, createdAt, primary}]}. */
  public CompletableFuture<JsonNode> devices() {
    return onWorker(() -> rest.get("v1/devices", tokens.current()));
  }

  /**
   * Uploads new one-time prekeys if fewer than 25 of a kind are left (also done at every connect).
   */
  public CompletableFuture<Void> refillPreKeys() {
    return onWorker(
        () -> {
          keys.refillIfLow();
          return null;
        });
  }

  /** One-time prekeys this device has left on the server: {@code {count, pqCount}}. */
  public CompletableFuture<JsonNode> preKeyCount() {
    return onWorker(() -> rest.get("v1/keys/count", tokens.current()));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      work(() -> {
            session.stop(ConnectionState.DISCONNECTED, null);
            return null;
          })
          .get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.debug("close: {}", e.toString());
    }
    worker.shutdown();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    journal.close();
    events.shutdown();
  }

  // --- sending (worker) ----------------------------------------------------------------------

  /** A message on its way: its contents stay until the RECEIPT (and a while after, see recent). */
  private static final class PendingSend {
    final String id;
    final UUID to;
    final ObjectNode content;
    final ObjectNode syncContent;
    final boolean ephemeral;
    final boolean urgent;
    final CompletableFuture<Message> done = new CompletableFuture<>();
    String clientMessageId;
    String receiptId;
    String body;
    int attempts;
    int retries;

    PendingSend(
        String id,
        UUID to,
        ObjectNode content,
        ObjectNode syncContent,
        boolean ephemeral,
        boolean urgent) {
      this.id = id;
      this.to = to;
      this.content = content;
      this.syncContent = syncContent;
      this.ephemeral = ephemeral;
      this.urgent = urgent;
      this.clientMessageId = id;
    }
  }

  /**
   * Sends that could not be prepared now (no network for a key fetch): tried at the next connect.
   */
  private final List<PendingSend> deferred = new ArrayList<>();

  private boolean resumed;

  private void defer(PendingSend send) {
    send.attempts--;
    send.body = null;
    if (send.ephemeral) {
      send.done.complete(null); // a typing signal is worth nothing later
    } else {
      deferred.add(send);
    }
  }

  /** Messages of this device still SENDING in the journal (the process ended): sent again. */
  private void resumeUnsent() {
    if (resumed) {
      return;
    }
    resumed = true;
    Set<String> inHand = new HashSet<>();
    pending.values().forEach(p -> inHand.add(p.id));
    deferred.forEach(p -> inHand.add(p.id));
    for (Message m : journal.all()) {
      if (m.outgoing()
          && !inHand.contains(m.id())
          && m.status() == MessageStatus.SENDING
          && m.senderDevice() == state.deviceId
          && m.guid() == null) {
        ObjectNode content = Content.text(m.id(), m.text(), m.sentAt().toEpochMilli());
        deferred.add(
            new PendingSend(
                m.id(),
                m.conversation(),
                content,
                content.deepCopy().put("destination", m.conversation().toString()),
                false,
                true));
      }
    }
  }

  private void dispatch(PendingSend send) {
    attempt(send);
    if (send.body == null) {
      return;
    }
    pending.put(send.receiptId, send);
    session.send("/app/messages", send.receiptId, send.body);
  }

  /** Encrypts {@code send} for every device it must reach; on failure ends it as FAILED. */
  private void attempt(PendingSend send) {
    send.attempts++;
    send.body = null;
    try {
      List<Integer> devices = peerDevices(send.to);
      if (devices.isEmpty()) {
        fail(send, MessageStatus.FAILED, "unknown_recipient");
        return;
      }
      ObjectNode envelope =
          Rest.JSON
              .createObjectNode()
              .put("clientMessageId", send.clientMessageId)
              .put("clientTimestamp", config.clock().millis())
              .put("urgent", send.urgent)
              .put("ephemeral", send.ephemeral);
      ArrayNode recipients = envelope.putArray("recipients");
      recipients.add(recipient(send.to, devices, send.content));
      if (send.syncContent != null && !send.to.equals(state.accountId)) {
        List<Integer> own = otherOwnDevices();
        if (!own.isEmpty()) {
          recipients.add(recipient(state.accountId, own, send.syncContent));
        }
      }
      send.receiptId = "m-" + send.clientMessageId + "-" + send.attempts;
      String body = Rest.JSON.writeValueAsString(envelope);
      int maxFrame = cachedConfig().path("maxFrameBytes").asInt(262_144);
      if (body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > maxFrame) {
        fail(send, MessageStatus.FAILED, "too_large: over maxFrameBytes " + maxFrame);
        return;
      }
      send.body = body;
    } catch (ParleyApiException e) {
      if (e.status() >= 500 || e.status() == 429) {
        defer(send);
        return;
      }
      fail(send, MessageStatus.FAILED, e.status() == 404 ? "unknown_recipient" : e.getMessage());
    } catch (java.io.UncheckedIOException e) {
      defer(send); // offline: encrypted and sent at the next CONNECTED
    } catch (RuntimeException | SignalProtocolException e) {
      fail(send, MessageStatus.FAILED, e.getMessage());
    }
  }

  private ObjectNode recipient(UUID account, List<Integer> devices, ObjectNode content)
      throws SignalProtocolException {
    ObjectNode recipient = Rest.JSON.createObjectNode().put("accountId", account.toString());
    ArrayNode entries = recipient.putArray("devices");
    byte[] plaintext = Content.encode(content);
    for (int device : devices) {
      SignalProtocolAddress address = new SignalProtocolAddress(account.toString(), device);
      CiphertextMessage ciphertext = new SessionCipher(store, address).encrypt(plaintext);
      entries
          .addObject()
          .put("deviceId", device)
          .put("registrationId", store.loadSession(address).remoteRegistrationId())
          .put("type", ciphertext.type() == CiphertextMessage.PREKEY_TYPE ? "prekey" : "whisper")
          .put("content", Base64.getEncoder().encodeToString(ciphertext.serialize()));
    }
    return recipient;
  }

  /** The peer's devices we have sessions with; all its devices' bundles fetched if none. */
  private List<Integer> peerDevices(UUID account) throws SignalProtocolException {
    List<Integer> devices = sessionDevices(account);
    if (devices.isEmpty()) {
      fetchBundles(account, "*");
      devices = sessionDevices(account);
    }
    return devices;
  }

  private List<Integer> sessionDevices(UUID account) {
    List<Integer> devices = new ArrayList<>();
    for (int device : store.subDeviceSessions(account.toString())) {
      if (!account.equals(state.accountId) || device != state.deviceId) {
        devices.add(device);
      }
    }
    return devices;
  }

  private List<Integer> otherOwnDevices() throws SignalProtocolException {
    if (ownDevices == null) {
      Set<Integer> devices = new HashSet<>();
      for (JsonNode d : rest.get("v1/devices", tokens.current())) {
        int id = d.path("deviceId").asInt();
        if (id != state.deviceId) {
          devices.add(id);
        }
      }
      Set<Integer> reachable = new HashSet<>();
      for (int device : devices) {
        if (store.containsSession(address(state.accountId, device))
            || fetchBundles(state.accountId, String.valueOf(device))) {
          reachable.add(device);
        }
      }
      ownDevices = reachable;
    }
    return ownDevices.stream().sorted().toList();
  }

  private static SignalProtocolAddress address(UUID account, int device) {
    return new SignalProtocolAddress(account.toString(), device);
  }

  /**
   * Fetches bundles ({@code devices} = {@code *} or one id) and starts sessions from them; false if
   * the server has none (404). A changed identity key is accepted and reported: the app should show
   * the user that the contact's safety number changed.
   */
  private boolean fetchBundles(UUID account, String devices) throws SignalProtocolException {
    JsonNode bundle;
    try {
      bundle = rest.get("v1/keys/" + account + "/" + devices, tokens.current());
    } catch (ParleyApiException e) {
      if (e.status() == 404) {
        return false;
      }
      throw e;
    }
    Base64.Decoder b64 = Base64.getDecoder();
    ECPublicKey identity =
        ECPublicKey.deserialize(b64.decode(bundle.path("identityKey").asString()));
    for (JsonNode d : bundle.path("devices")) {
      int deviceId = d.path("deviceId").asInt();
      JsonNode signed = d.path("signedPreKey");
      JsonNode one = d.path("preKey");
      JsonNode pq = d.path("pqPreKey");
      PreKeyBundle preKeyBundle =
          new PreKeyBundle(
              d.path("registrationId").asInt(),
              deviceId,
              one.isObject() ? one.path("keyId").asInt() : null,
              one.isObject()
                  ? ECPublicKey.deserialize(b64.decode(one.path("publicKey").asString()))
                  : null,
              signed.path("keyId").asInt(),
              ECPublicKey.deserialize(b64.decode(signed.path("publicKey").asString())),
              b64.decode(signed.path("signature").asString()),
              identity,
              pq.isObject() ? pq.path("keyId").asInt() : null,
              pq.isObject()
                  ? KyberPublicKey.deserialize(b64.decode(pq.path("publicKey").asString()))
                  : null,
              pq.isObject() ? b64.decode(pq.path("signature").asString()) : null);
      SignalProtocolAddress address = address(account, deviceId);
      try {
        new SessionBuilder(store, address).process(preKeyBundle);
      } catch (UntrustedIdentityException e) {
        emit(l -> l.onError("identity_changed " + account, e));
        store.saveIdentity(address, identity);
        new SessionBuilder(store, address).process(preKeyBundle);
      }
    }
    return true;
  }

  private void fail(PendingSend send, MessageStatus status, String reason) {
    Message updated = journal.advance(send.id, status, reason);
    if (updated != null) {
      emit(l -> l.onStatus(updated));
    }
    send.done.completeExceptionally(
        new IllegalStateException("message " + send.id + " " + status + ": " + reason));
  }

  private void onReceipt(String receiptId) {
    PendingSend send = pending.remove(receiptId);
    if (send == null) {
      return;
    }
    if (!send.ephemeral) {
      recent.put(send.id, send);
    }
    Message updated = journal.advance(send.id, MessageStatus.SENT, null);
    if (updated != null) {
      emit(l -> l.onStatus(updated));
    }
    send.done.complete(updated != null ? updated : journal.message(send.id));
  }

  private void onNotice(JsonNode notice) {
    String code = notice.path("code").asString("");
    String receiptId = notice.path("receiptId").asString(null);
    PendingSend send = receiptId == null ? null : pending.get(receiptId);
    switch (code) {
      case "queue_empty" -> {
        emit(ParleyListener::onQueueEmpty);
        maintainKeys();
      }
      case "prekeys_low" -> maintainKeys();
      case "device_mismatch" -> {
        if (send != null) {
          pending.remove(receiptId);
          try {
            for (JsonNode r : notice.path("details").path("recipients")) {
              repairDevices(UUID.fromString(r.path("accountId").asString()), r);
            }
          } catch (RuntimeException | SignalProtocolException e) {
            fail(send, MessageStatus.FAILED, "device_mismatch: " + e.getMessage());
            return;
          }
          retry(send);
        }
      }
      case "unknown_recipient" -> {
        if (send != null) {
          pending.remove(receiptId);
          fail(send, MessageStatus.FAILED, "unknown_recipient");
        }
      }
      case "rate_limited", "unavailable" -> {
        if (send != null) {
          long wait = Math.max(1000, notice.path("details").path("retryAfterMillis").asLong(1000));
          worker.schedule(
              () -> {
                if (pending.containsKey(receiptId)) {
                  session.send("/app/messages", receiptId, send.body);
                }
              },
              wait,
              TimeUnit.MILLISECONDS);
        }
      }
      case "invalid_message", "malformed_body", "frame_too_large" -> {
        if (send != null) {
          pending.remove(receiptId);
          fail(send, MessageStatus.FAILED, code);
        } else {
          emit(l -> l.onError(code, null));
        }
      }
      default -> {
        if (send == null) {
          log.debug("notice {}", notice);
        } else {
          emit(l -> l.onError(code + " for " + send.id, null));
        }
      }
    }
  }

  /**
   * Sessions follow the server's device list: drop extra and stale ones, fetch missing and stale.
   */
  private void repairDevices(UUID account, JsonNode lists) throws SignalProtocolException {
    for (JsonNode d : lists.path("extraDevices")) {
      store.deleteSession(address(account, d.asInt()));
      if (account.equals(state.accountId) && ownDevices != null) {
        ownDevices.remove(d.asInt());
      }
    }
    for (JsonNode d : lists.path("staleDevices")) {
      store.deleteSession(address(account, d.asInt()));
    }
    for (String list : List.of("missingDevices", "staleDevices")) {
      for (JsonNode d : lists.path(list)) {
        boolean found = fetchBundles(account, String.valueOf(d.asInt()));
        if (found && account.equals(state.accountId)) {
          if (ownDevices == null) {
            ownDevices = new HashSet<>();
          }
          ownDevices.add(d.asInt());
        }
      }
    }
  }

  private void retry(PendingSend send) {
    if (send.attempts >= MAX_ATTEMPTS) {
      fail(send, MessageStatus.FAILED, "the recipient's devices keep changing");
      return;
    }
    dispatch(send);
  }

  private void maintainKeys() {
    try {
      if (!state.keysUploaded) {
        keys.uploadAll(); // the first upload failed after the account was made
        return;
      }
      keys.refillIfLow();
      keys.rotateIfDue();
    } catch (RuntimeException e) {
      emit(l -> l.onError("prekey maintenance failed (retried at the next connect)", e));
    }
  }

  // --- receiving (worker) --------------------------------------------------------------------

  private void onEnvelope(StompFrame frame) {
    String ack = frame.header("ack");
    JsonNode envelope;
    try {
      envelope = Rest.JSON.readTree(frame.body());
    } catch (RuntimeException e) {
      emit(l -> l.onError("an envelope that is not JSON", e));
      session.ack(ack);
      return;
    }
    String guid = text(envelope, "guid", ack);
    if (guid != null && journal.seen(guid)) {
      session.ack(ack);
      return;
    }
    try {
      switch (text(envelope, "kind", "")) {
        case "message" -> onMessage(envelope, guid);
        case "delivery_receipt" -> {
          String id = messageId(text(envelope, "clientMessageId", ""));
          Message updated = journal.advance(id, MessageStatus.DELIVERED, null);
          if (updated != null) {
            emit(l -> l.onStatus(updated));
          }
        }
        case "send_rejected" -> onRejected(envelope);
        default -> emit(l -> l.onError("unknown envelope kind", null));
      }
    } catch (java.io.UncheckedIOException e) {
      throw e; // our disk failed: not acknowledged, it comes again
    } catch (RuntimeException e) {
      // a malformed envelope: acknowledged, so that it cannot block the mailbox
      emit(l -> l.onError("a malformed envelope " + guid, e));
    }
    if (guid != null && !envelope.path("ephemeral").asBoolean(false)) {
      journal.handled(guid);
    }
    session.ack(ack);
  }

  /** A string field, or {@code fallback} when it is missing or not a string. */
  private static String text(JsonNode node, String field, String fallback) {
    JsonNode value = node.path(field);
    return value.isString() ? value.asString() : fallback;
  }

  private static long number(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isNumber() ? value.asLong() : 0;
  }

  private void onMessage(JsonNode envelope, String guid) {
    JsonNode sender = envelope.path("sender");
    UUID from = UUID.fromString(text(sender, "accountId", ""));
    int device = (int) number(sender, "deviceId");
    String type = text(envelope, "type", "");
    int typeCode =
        switch (type) {
          case "prekey" -> CiphertextMessage.PREKEY_TYPE;
          case "whisper" -> CiphertextMessage.WHISPER_TYPE;
          default -> 0;
        };
    if (typeCode == 0) {
      emit(l -> l.onError("unsupported message type " + type + " from " + from, null));
      return;
    }
    byte[] ciphertext = Base64.getDecoder().decode(text(envelope, "content", ""));
    StagedStore staged = new StagedStore(store);
    SignalProtocolAddress address = address(from, device);
    JsonNode content;
    try {
      byte[] plaintext;
      try {
        plaintext = new SessionCipher(staged, address).decrypt(typeCode, ciphertext);
      } catch (UntrustedIdentityException e) {
        if (typeCode != CiphertextMessage.PREKEY_TYPE) {
          throw e;
        }
        // The contact reinstalled: accept the new identity (reported; apps show it) and go on.
        ECPublicKey identity = PreKeySignalMessage.parse(ciphertext).identityKey();
        emit(l -> l.onError("identity_changed " + from, e));
        staged.saveIdentity(address, identity);
        plaintext = new SessionCipher(staged, address).decrypt(typeCode, ciphertext);
      }
      content = Content.decode(plaintext);
    } catch (DuplicateMessageException e) {
      return;
    } catch (java.io.UncheckedIOException e) {
      throw e;
    } catch (SignalProtocolException | RuntimeException e) {
      emit(l -> l.onError("could not decrypt a message from " + from + "." + device, e));
      return;
    }
    try {
      handleContent(envelope, guid, from, device, content);
    } catch (java.io.UncheckedIOException e) {
      throw e;
    } catch (RuntimeException e) {
      emit(l -> l.onError("malformed content from " + from + "." + device, e));
    }
    // the session advances even for content we could not use: the sender's ratchet moved on
    staged.commit();
  }

  private void handleContent(
      JsonNode envelope, String guid, UUID from, int device, JsonNode content) {
    boolean fromMe = from.equals(state.accountId);
    switch (text(content, "type", "")) {
      case "text" -> {
        String id = text(content, "id", "");
        if (id.isEmpty() || journal.message(id) != null) {
          return; // a resend of a message we have (devices_changed): shown once
        }
        UUID conversation = fromMe ? UUID.fromString(text(content, "destination", "")) : from;
        Message message =
            new Message(
                id,
                conversation,
                fromMe,
                device,
                text(content, "body", ""),
                Instant.ofEpochMilli(number(content, "sentAt")),
                Instant.ofEpochMilli(number(envelope, "serverTimestamp")),
                guid,
                fromMe ? MessageStatus.SENT : null,
                null);
        journal.add(message);
        emit(l -> l.onMessage(message));
      }
      case "read" -> {
        for (JsonNode id : content.path("ids")) {
          Message mine = id.isString() ? journal.message(id.asString()) : null;
          // only the conversation's peer (or our own devices) can mark our message read
          if (mine != null && (fromMe || mine.conversation().equals(from))) {
            Message updated = journal.advance(mine.id(), MessageStatus.READ, null);
            if (updated != null) {
              emit(l -> l.onStatus(updated));
            }
          }
        }
      }
      case "typing" -> {
        boolean typing = content.path("typing").isBoolean() && content.path("typing").asBoolean();
        if (!fromMe) {
          emit(l -> l.onTyping(from, device, typing));
        }
      }
      default -> emit(l -> l.onError("unknown content type from " + from, null));
    }
  }

  /** The message id a (possibly resent, {@code <id>-rN}) client message id stands for. */
  private static String messageId(String clientMessageId) {
    int r = clientMessageId.lastIndexOf("-r");
    return r == 36 ? clientMessageId.substring(0, r) : clientMessageId;
  }

  private void onRejected(JsonNode envelope) {
    String id = messageId(text(envelope, "clientMessageId", ""));
    String reason = text(envelope, "reason", "rejected");
    UUID recipient = UUID.fromString(text(envelope, "recipientAccountId", ""));
    PendingSend send = recent.get(id);
    if (recipient.equals(state.accountId) && !"devices_changed".equals(reason)) {
      // only the sync copy to our other devices was refused; the recipient is not concerned
      emit(l -> l.onError("sync copy of " + id + " refused: " + reason, null));
      return;
    }
    if ("devices_changed".equals(reason) && send != null && send.retries < 3) {
      try {
        repairDevices(recipient, envelope);
        send.retries++;
        send.clientMessageId = id + "-r" + send.retries;
        send.attempts = 0;
        dispatch(send);
        return;
      } catch (RuntimeException | SignalProtocolException e) {
        log.debug("resend after devices_changed failed: {}", e.toString());
      }
    }
    Message updated = journal.advance(id, MessageStatus.REJECTED, reason);
    if (updated != null) {
      emit(l -> l.onStatus(updated));
    }
  }

  private void onPresence(JsonNode frame) {
    if ("snapshot".equals(frame.path("type").asString(""))) {
      for (JsonNode p : frame.path("presence")) {
        emitPresence(p);
      }
    } else if ("change".equals(frame.path("type").asString(""))) {
      emitPresence(frame);
    }
  }

  private void emitPresence(JsonNode p) {
    Presence presence =
        new Presence(
            UUID.fromString(p.path("accountId").asString()),
            p.has("online") ? p.path("online").asBoolean() : null,
            p.has("lastSeen") ? Instant.parse(p.path("lastSeen").asString()) : null);
    emit(l -> l.onPresence(presence));
  }

  private final class SessionHandler implements Session.Handler {
    @Override
    public void connected() {
      for (PendingSend send : List.copyOf(pending.values())) {
        if (send.ephemeral) {
          pending.remove(send.receiptId); // typing from before the drop is out of date
          send.done.complete(null);
        } else {
          session.send("/app/messages", send.receiptId, send.body);
        }
      }
      resumeUnsent();
      List<PendingSend> later = List.copyOf(deferred);
      deferred.clear();
      later.forEach(ParleyClient.this::dispatch);
      sendWatch("/app/presence/watch", List.copyOf(watched));
    }

    @Override
    public void frame(StompFrame frame) {
      try {
        switch (frame.command()) {
          case "RECEIPT" -> onReceipt(frame.header("receipt-id"));
          case "MESSAGE" -> {
            String destination = String.valueOf(frame.header("destination"));
            if (destination.endsWith("/queue/messages")) {
              onEnvelope(frame);
            } else if (destination.endsWith("/queue/events")) {
              onNotice(Rest.JSON.readTree(frame.body()));
            } else if (destination.endsWith("/queue/presence")) {
              onPresence(Rest.JSON.readTree(frame.body()));
            }
          }
          default -> {}
        }
      } catch (RuntimeException e) {
        // a message whose handling failed is not acknowledged: it comes again in the next session
        log.warn("handling a {} frame failed: {}", frame.command(), e.toString());
        emit(l -> l.onError("handling a " + frame.command() + " frame failed", e));
      }
    }

    @Override
    public void state(ConnectionState state, String detail) {
      emit(l -> l.onConnection(state, detail));
    }
  }

  // --- threads -------------------------------------------------------------------------------

  /**
   * Runs {@code task} on the worker; the returned future completes on another thread (the common
   * pool), so an application's dependent stages never run on, or block, the worker.
   */
  private <T> CompletableFuture<T> onWorker(Callable<T> task) {
    return app(work(task));
  }

  private static <T> CompletableFuture<T> app(CompletableFuture<T> future) {
    return future.whenCompleteAsync((value, failure) -> {});
  }

  private <T> CompletableFuture<T> work(Callable<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      worker.execute(
          () -> {
            try {
              result.complete(task.call());
            } catch (Throwable e) {
              result.completeExceptionally(e);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      result.completeExceptionally(new IllegalStateException("the client is closed"));
    }
    return result;
  }

  private void emit(Consumer<ParleyListener> call) {
    try {
      events.execute(
          () -> {
            for (ParleyListener listener : listeners) {
              try {
                call.accept(listener);
              } catch (RuntimeException e) {
                log.warn("a listener failed: {}", e.toString());
              }
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed
    }
  }

  private static void deleteTree(Path root) {
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      log.debug("cannot delete {}: {}", root, e.toString());
    }
  }

  /** Where this client keeps its files (for tools that show them). */
  public Path directory() {
    return config.directory();
  }
}
