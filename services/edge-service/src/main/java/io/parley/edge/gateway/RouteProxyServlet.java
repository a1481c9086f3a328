package io.parley.edge.gateway;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.ee11.proxy.ProxyServlet;

/**
 * Jetty's asynchronous reverse proxy for one route: the request path and query go unchanged to the
 * owning service. {@code X-Forwarded-For} is set to the client's address as this server sees it
 * (with {@code server.forward-headers-strategy=native} behind a load balancer, the address it
 * forwarded): whatever a client put there itself is dropped, so the services behind can trust it.
 */
class RouteProxyServlet extends ProxyServlet {

  private static final long serialVersionUID = 1L;

  private final String upstream;

  RouteProxyServlet(URI upstream) {
    String base = upstream.toString();
    this.upstream = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  @Override
  protected String rewriteTarget(HttpServletRequest request) {
    String query = request.getQueryString();
    return upstream + request.getRequestURI() + (query == null ? "" : "?" + query);
  }

  @Override
  protected void addProxyHeaders(HttpServletRequest clientRequest, Request proxyRequest) {
    super.addProxyHeaders(clientRequest, proxyRequest);
    proxyRequest.headers(
        headers -> {
          headers.remove("Forwarded");
          headers.put("X-Forwarded-For", clientRequest.getRemoteAddr());
        });
  }
}
