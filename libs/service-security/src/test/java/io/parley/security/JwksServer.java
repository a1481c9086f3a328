package io.parley.security;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP server publishing a JWK Set, as auth-service does, counting the requests it gets. */
final class JwksServer implements AutoCloseable {

  static final String PATH = "/.well-known/jwks.json";

  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile JWKSet keys;
  private volatile boolean failing;
  private volatile boolean leakingPrivateParts;

  private JwksServer(List<JWK> keys) {
    this.keys = new JWKSet(keys);
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        PATH,
        exchange -> {
          requests.incrementAndGet();
          byte[] body =
              failing
                  ? "unavailable".getBytes(StandardCharsets.UTF_8)
                  : this.keys.toString(!leakingPrivateParts).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(failing ? 503 : 200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  /** Serves the public parts of these keys. */
  static JwksServer serving(JWK... keys) {
    return new JwksServer(List.of(keys));
  }

  URI uri() {
    return URI.create(
        "http://"
            + server.getAddress().getHostString()
            + ":"
            + server.getAddress().getPort()
            + PATH);
  }

  int requests() {
    return requests.get();
  }

  void publish(JWK... newKeys) {
    keys = new JWKSet(List.of(newKeys));
  }

  /** Serves private key parts too, as a misconfigured issuer might. */
  void leakingPrivateParts(boolean leaking) {
    this.leakingPrivateParts = leaking;
  }

  void failing(boolean failing) {
    this.failing = failing;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
