package io.parley.push.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * One local Jetty 12 server on 127.0.0.1 standing in for the providers: TLS with the test
 * certificate, HTTP/2 negotiated by ALPN (what APNs demands) and HTTP/1.1 for clients that do not
 * offer h2. Each provider is a {@link Route} under its own path prefix ({@code /apns}, {@code
 * /apns-sandbox}, {@code /fcm}, {@code /webpush}).
 */
public final class ProviderServer implements AutoCloseable {

  /** A request as the provider endpoints see it. */
  public record Exchange(
      String method, String path, HttpVersion version, Map<String, String> headers, byte[] body) {

    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** An answer. */
  public record Reply(int status, Map<String, String> headers, String body) {
    public static Reply of(int status, String body) {
      return new Reply(status, Map.of(), body);
    }

    public Reply withHeader(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Reply(status, more, body);
    }
  }

  /** One provider's endpoint: sees every request under its prefix. */
  public interface Route {
    Reply handle(Exchange exchange);
  }

  private final Server server;
  private final Map<String, Route> routes = new java.util.concurrent.ConcurrentHashMap<>();
  private final int port;

  public ProviderServer(TestCertificates certificates) {
    // Daemon threads: the test JVM ends whether or not someone stops the server.
    org.eclipse.jetty.util.thread.QueuedThreadPool threads =
        new org.eclipse.jetty.util.thread.QueuedThreadPool();
    threads.setDaemon(true);
    threads.setName("provider-test-server");
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false);
    http.addCustomizer(secure);
    HttpConnectionFactory http11 = new HttpConnectionFactory(http);
    HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(http);
    ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
    alpn.setDefaultProtocol(http11.getProtocol());
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStore(certificates.keyStore());
    tls.setKeyStorePassword(new String(TestCertificates.PASSWORD));
    tls.setCipherComparator(HTTP2Cipher.COMPARATOR);
    tls.setSniRequired(false);
    ServerConnector connector =
        new ServerConnector(
            server, new SslConnectionFactory(tls, alpn.getProtocol()), alpn, h2, http11);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            Exchange exchange = read(request);
            Reply reply = dispatch(exchange);
            response.setStatus(reply.status());
            reply.headers().forEach((name, value) -> response.getHeaders().put(name, value));
            if (reply.body() != null && !reply.body().isEmpty()) {
              response.getHeaders().put("content-type", "application/json");
              Content.Sink.write(response, true, reply.body(), callback);
            } else {
              callback.succeeded();
            }
            return true;
          }
        });
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the provider test server", e);
    }
    port = connector.getLocalPort();
  }

  private Reply dispatch(Exchange exchange) {
    for (Map.Entry<String, Route> route : routes.entrySet()) {
      if (exchange.path().startsWith(route.getKey() + "/")) {
        return route.getValue().handle(exchange);
      }
    }
    return Reply.of(404, "{\"reason\":\"no such route\"}");
  }

  private static Exchange read(Request request) throws java.io.IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    request.getHeaders().forEach(field -> headers.put(field.getLowerCaseName(), field.getValue()));
    ByteBuffer content = Content.Source.asByteBuffer(request);
    byte[] body = new byte[content.remaining()];
    content.get(body);
    return new Exchange(
        request.getMethod(),
        request.getHttpURI().getPath(),
        request.getConnectionMetaData().getHttpVersion(),
        headers,
        body);
  }

  /** Serves {@code prefix/**} with {@code route}. */
  public ProviderServer route(String prefix, Route route) {
    routes.put(prefix, route);
    return this;
  }

  public String baseUrl() {
    return "https://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the provider test server", e);
    }
  }
}
