package io.parley.loadgen;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Not a test: the stand-in STOMP server and a fake bench endpoint on one port, for trying the load
 * generator at scale without the platform ({@code java -cp <test classpath>
 * io.parley.loadgen.StandInServer 18090}, then {@code loadgen sessions --edge
 * ws://localhost:18090/ws --auth http://localhost:18090}). Measures the client, not the edge.
 */
public final class StandInServer {

  private StandInServer() {}

  public static void main(String[] args) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server, 1, 2);
    connector.setPort(Integer.parseInt(args[0]));
    connector.setAcceptQueueSize(4096);
    server.addConnector(connector);
    StompStandIn.Events events = new StompStandIn.Events();
    ContextHandler ws = new ContextHandler("/ws");
    ws.setAllowNullPathInContext(true);
    ws.setHandler(
        WebSocketUpgradeHandler.from(
            server,
            ws,
            container -> container.addMapping("/*", (rq, rs, cb) -> new StompStandIn(events))));
    ContextHandler bench = new ContextHandler("/v1/bench/devices");
    bench.setAllowNullPathInContext(true);
    bench.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            int count = 10_000;
            try {
              String text =
                  new String(Request.asInputStream(request).readAllBytes(), StandardCharsets.UTF_8);
              count = Integer.parseInt(text.replaceAll("[^0-9]", ""));
            } catch (Exception e) {
              // keep the default
            }
            StringBuilder json = new StringBuilder("{\"devices\":[");
            for (int i = 0; i < count; i++) {
              json.append(i == 0 ? "" : ",")
                  .append("{\"accessToken\":\"good-")
                  .append(i)
                  .append("\"}");
            }
            json.append("]}");
            response.setStatus(201);
            response.write(
                true, ByteBuffer.wrap(json.toString().getBytes(StandardCharsets.UTF_8)), callback);
            return true;
          }
        });
    server.setHandler(new Handler.Sequence(ws, bench));
    server.start();
    server.join();
  }
}
