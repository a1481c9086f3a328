package io.parley.scenario;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A browser's push service and the browser behind it, on {@code 127.0.0.1}: {@link
 * #newSubscription()} makes what {@code PushSubscription.toJSON()} gives (a fresh P-256 key pair
 * and auth secret, the private half kept here); a POST to a subscription's endpoint is answered
 * {@code 201} and recorded as a {@link Push} with its headers, its plaintext decrypted per RFC
 * 8291, and whether its VAPID header verifies (RFC 8292) with the server's key. Any other path is
 * answered {@code 404} and recorded too. Point push-notification-service at it with {@code
 * parley.push.web-push.allowed-endpoint-hosts=127.0.0.1} (as {@link LocalPlatform} does).
 */
public final class WebPushReceiver implements AutoCloseable {

  private static final String PATH = "/push/";

  /**
   * A subscription as a browser hands it to its app; register it with {@code PUT
   * /v1/push/registration} and the body {@code {"webPush": <toJson()>}}.
   *
   * @param endpoint {@code http://127.0.0.1:<port>/push/<random id>}
   * @param p256dh base64url of the subscription's 65-byte P-256 public key
   * @param auth base64url of its 16-byte auth secret
   */
  public record Subscription(String endpoint, String p256dh, String auth) {

    /** {@code {"endpoint":..., "keys":{"p256dh":..., "auth":...}}}, as in a browser. */
    public String toJson() {
      return "{\"endpoint\":\""
          + endpoint
          + "\",\"keys\":{\"p256dh\":\""
          + p256dh
          + "\",\"auth\":\""
          + auth
          + "\"}}";
    }
  }

  /**
   * One request the receiver answered.
   *
   * @param endpoint the URL it was POSTed to
   * @param status what the receiver answered: 201 for a subscription's endpoint, 404 for an unknown
   *     one, 405 for a method other than POST
   * @param ttl the {@code TTL} header (null if absent), and so {@code urgency}, {@code topic},
   *     {@code contentEncoding}
   * @param plaintext the decrypted payload (UTF-8), null if it did not decrypt
   * @param vapidVerified whether {@code Authorization: vapid t=..., k=...} verifies: ES256 by the
   *     server's VAPID key, {@code aud} this endpoint's origin, {@code exp} ahead (at most 24 h)
   * @param problems why VAPID or decryption failed; empty if neither did
   */
  public record Push(
      String endpoint,
      int status,
      String ttl,
      String urgency,
      String topic,
      String contentEncoding,
      String plaintext,
      boolean vapidVerified,
      List<String> problems) {}

  /** A subscription's private half and what it received. */
  private record Inbox(
      Subscription subscription,
      KeyPair keys,
      byte[] authSecret,
      List<Push> received,
      BlockingQueue<Push> unread) {}

  private final HttpServer server;
  private final String origin;
  private final String vapidPublicKey;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Inbox> inboxes = new ConcurrentHashMap<>();
  private final List<Push> all = new CopyOnWriteArrayList<>();

  private WebPushReceiver(HttpServer server, String vapidPublicKey, Clock clock) {
    this.server = server;
    this.origin = "http://127.0.0.1:" + server.getAddress().getPort();
    this.vapidPublicKey = vapidPublicKey;
    this.clock = clock;
  }

  /**
   * Starts a receiver on a free port of {@code 127.0.0.1}.
   *
   * @param vapidPublicKey base64url of the application server's 65-byte VAPID public key, the one
   *     pushes must be signed with ({@link LocalPlatform#vapidPublicKey()})
   */
  public static WebPushReceiver start(String vapidPublicKey) throws IOException {
    P256.publicKey(P256.BASE64URL_DECODER.decode(vapidPublicKey));
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    WebPushReceiver receiver = new WebPushReceiver(server, vapidPublicKey, Clock.systemUTC());
    server.createContext("/", receiver::handle);
    server.start();
    return receiver;
  }

  /** {@code http://127.0.0.1:<port>}: the origin of every endpoint (VAPID's {@code aud}). */
  public String origin() {
    return origin;
  }

  /** A new subscription, as a browser makes on {@code pushManager.subscribe()}. */
  public Subscription newSubscription() {
    KeyPair keys = P256.generate();
    byte[] authSecret = new byte[16];
    random.nextBytes(authSecret);
    String id = UUID.randomUUID().toString();
    Subscription subscription =
        new Subscription(
            origin + PATH + id,
            P256.BASE64URL.encodeToString(P256.encode((ECPublicKey) keys.getPublic())),
            P256.BASE64URL.encodeToString(authSecret));
    inboxes.put(
        id,
        new Inbox(
            subscription,
            keys,
            authSecret,
            new CopyOnWriteArrayList<>(),
            new LinkedBlockingQueue<>()));
    return subscription;
  }

  /**
   * The next push to {@code subscription} that no earlier call returned, waiting up to {@code
   * timeout}.
   *
   * @throws AssertionError if none came in time, naming what the receiver got meanwhile
   */
  public Push awaitPush(Subscription subscription, Duration timeout) throws InterruptedException {
    Push push = inbox(subscription).unread().poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (push == null) {
      throw new AssertionError(
          "no push to "
              + subscription.endpoint()
              + " within "
              + timeout
              + "; this receiver got: "
              + (all.isEmpty() ? "nothing" : all));
    }
    return push;
  }

  /** Every push to {@code subscription} so far, oldest first. */
  public List<Push> pushes(Subscription subscription) {
    return List.copyOf(inbox(subscription).received());
  }

  /** Every request answered so far, to any endpoint (unknown ones included), oldest first. */
  public List<Push> received() {
    return List.copyOf(all);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private Inbox inbox(Subscription subscription) {
    String endpoint = subscription.endpoint();
    Inbox inbox =
        endpoint.startsWith(origin + PATH)
            ? inboxes.get(endpoint.substring((origin + PATH).length()))
            : null;
    if (inbox == null) {
      throw new IllegalArgumentException(endpoint + " is not a subscription of this receiver");
    }
    return inbox;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      Inbox inbox = path.startsWith(PATH) ? inboxes.get(path.substring(PATH.length())) : null;
      int status;
      if (inbox == null) {
        status = 404;
      } else if (!"POST".equals(exchange.getRequestMethod())) {
        status = 405;
      } else {
        status = 201;
      }
      Push push = record(exchange, status, inbox, body);
      all.add(push);
      if (inbox != null && status == 201) {
        inbox.received().add(push);
        inbox.unread().add(push);
      }
      exchange.sendResponseHeaders(status, -1);
    }
  }

  private Push record(HttpExchange exchange, int status, Inbox inbox, byte[] body) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    String contentEncoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    List<String> problems = new ArrayList<>();
    Optional<String> vapidProblem =
        VapidCheck.problem(authorization, vapidPublicKey, origin, clock.instant());
    vapidProblem.ifPresent(problems::add);
    String plaintext = null;
    if (inbox == null) {
      problems.add("unknown endpoint");
    } else if (!"aes128gcm".equals(contentEncoding)) {
      problems.add("Content-Encoding is " + contentEncoding + ", not aes128gcm");
    } else {
      try {
        plaintext =
            new String(
                WebPushDecryption.decrypt(body, inbox.keys(), inbox.authSecret()),
                StandardCharsets.UTF_8);
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        problems.add("payload does not decrypt: " + e);
      }
    }
    return new Push(
        origin + exchange.getRequestURI().getRawPath(),
        status,
        exchange.getRequestHeaders().getFirst("TTL"),
        exchange.getRequestHeaders().getFirst("Urgency"),
        exchange.getRequestHeaders().getFirst("Topic"),
        contentEncoding,
        plaintext,
        vapidProblem.isEmpty(),
        List.copyOf(problems));
  }
}
