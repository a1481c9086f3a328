package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ScratchSmokeTest {
  static String base = "http://localhost:8080";

  static String code(String phone) throws Exception {
    String body =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            base + "/v1/dev/verification-codes/" + phone.replace("+", "%2B")))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return io.parley.client.internal.Rest.JSON.readTree(body).path("code").asString();
  }

  static ParleyClient register(Path dir, String phone) throws Exception {
    ParleyClient.Registration r = ParleyClient.register(ClientConfig.of(base, dir, "dev-" + phone));
    r.requestCode(phone).join();
    return r.complete(code(phone)).join();
  }

  @Test
  void smoke() throws Exception {
    Path root = Files.createTempDirectory("smoke");
    String pa = "+1415555" + (1000 + (int) (Math.random() * 8999));
    String pb = "+1415556" + (1000 + (int) (Math.random() * 8999));
    ParleyClient a = register(root.resolve("a"), pa);
    ParleyClient b = register(root.resolve("b"), pb);
    BlockingQueue<Object> aq = new LinkedBlockingQueue<>();
    BlockingQueue<Object> bq = new LinkedBlockingQueue<>();
    a.addListener(
        new ParleyListener() {
          public void onStatus(Message m) {
            aq.add("status " + m.status());
          }

          public void onError(String what, Throwable t) {
            System.out.println("A error " + what + " " + t);
          }

          public void onConnection(ConnectionState s, String d) {
            System.out.println("A " + s + " " + d);
          }

          public void onPresence(Presence p) {
            aq.add(p);
          }
        });
    b.addListener(
        new ParleyListener() {
          public void onMessage(Message m) {
            bq.add(m);
          }

          public void onError(String what, Throwable t) {
            System.out.println("B error " + what + " " + t);
          }

          public void onConnection(ConnectionState s, String d) {
            System.out.println("B " + s + " " + d);
          }
        });
    a.connect().join();
    UUID bid = a.lookup(pb).join().orElseThrow();
    Message sent = a.send(bid, "Hi").join();
    System.out.println("sent " + sent);
    b.connect().join();
    Object got = bq.poll(20, TimeUnit.SECONDS);
    System.out.println("B got " + got);
    assertThat(got).isInstanceOf(Message.class);
    b.markRead(List.of((Message) got)).join();
    for (int i = 0; i < 4; i++) System.out.println("A: " + aq.poll(10, TimeUnit.SECONDS));
    a.close();
    b.close();
  }

  @Test
  void linkedAndResilient() throws Exception {
    Path root = Files.createTempDirectory("smoke2");
    String pa = "+1415557" + (1000 + (int) (Math.random() * 8999));
    String pb = "+1415558" + (1000 + (int) (Math.random() * 8999));
    ParleyClient a = register(root.resolve("a"), pa);
    ParleyClient b = register(root.resolve("b"), pb);
    ParleyClient.DeviceLink link =
        ParleyClient.link(ClientConfig.of(base, root.resolve("b2"), "tablet"));
    String uri = link.uri().get(10, TimeUnit.SECONDS);
    System.out.println("uri " + uri);
    b.approveLink(uri).get(10, TimeUnit.SECONDS);
    ParleyClient b2 = link.linked().get(30, TimeUnit.SECONDS);
    System.out.println(
        "b2 device " + b2.deviceId() + " acct " + b2.accountId().equals(b.accountId()));
    ParleyClient.DeviceLink link2 =
        ParleyClient.link(ClientConfig.of(base, root.resolve("a2"), "tablet"));
    a.approveLink(link2.uri().get(10, TimeUnit.SECONDS)).get(10, TimeUnit.SECONDS);
    ParleyClient a2 = link2.linked().get(30, TimeUnit.SECONDS);
    BlockingQueue<Message> bq = new LinkedBlockingQueue<>();
    BlockingQueue<Message> b2q = new LinkedBlockingQueue<>();
    BlockingQueue<Message> a2q = new LinkedBlockingQueue<>();
    b.addListener(
        new ParleyListener() {
          public void onMessage(Message m) {
            bq.add(m);
          }

          public void onError(String w, Throwable t) {
            System.out.println("B err " + w + " " + t);
          }
        });
    b2.addListener(
        new ParleyListener() {
          public void onMessage(Message m) {
            b2q.add(m);
          }
        });
    a2.addListener(
        new ParleyListener() {
          public void onMessage(Message m) {
            a2q.add(m);
          }
        });
    a.addListener(
        new ParleyListener() {
          public void onError(String w, Throwable t) {
            System.out.println("A err " + w + " " + t);
          }
        });
    a.connect().join();
    b.connect().join();
    b2.connect().join();
    a2.connect().join();
    Thread.sleep(1000);
    Message sent = a.send(b.accountId(), "Hi both").get(20, TimeUnit.SECONDS);
    System.out.println("sent " + sent.status());
    System.out.println("b " + bq.poll(10, TimeUnit.SECONDS));
    System.out.println("b2 " + b2q.poll(10, TimeUnit.SECONDS));
    System.out.println("a2 " + a2q.poll(10, TimeUnit.SECONDS));
    // resilience
    java.util.List<java.util.concurrent.CompletableFuture<Message>> fs =
        new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      fs.add(a.send(b.accountId(), "n" + i));
      if (i % 7 == 3) {
        b.dropConnection();
      }
      if (i % 11 == 5) {
        a.dropConnection();
      }
    }
    for (var f : fs) f.get(60, TimeUnit.SECONDS);
    java.util.List<String> got = new java.util.ArrayList<>();
    long end = System.currentTimeMillis() + 60000;
    while (got.size() < 30 && System.currentTimeMillis() < end) {
      Message m = bq.poll(1, TimeUnit.SECONDS);
      if (m != null) got.add(m.text());
    }
    Thread.sleep(2000);
    Message extra = bq.poll();
    System.out.println("got " + got + " extra " + extra);
    a.close();
    b.close();
    a2.close();
    b2.close();
  }
}
