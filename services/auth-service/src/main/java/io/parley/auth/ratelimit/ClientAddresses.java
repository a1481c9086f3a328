package io.parley.auth.ratelimit;

import io.parley.auth.AuthProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * The client's address for rate limits. {@code X-Forwarded-For} is believed only when the request
 * came from a trusted proxy (the edge); then the right-most address that is not itself a trusted
 * proxy is the client. Anyone else could forge the header to get fresh buckets.
 */
@Component
public class ClientAddresses {

  private final List<IpAddressMatcher> trusted;

  ClientAddresses(AuthProperties properties) {
    this.trusted = properties.trustedProxies().stream().map(IpAddressMatcher::new).toList();
  }

  public String of(HttpServletRequest request) {
    String remote = request.getRemoteAddr();
    if (!isTrusted(remote)) {
      return remote;
    }
    String forwarded = request.getHeader("X-Forwarded-For");
    if (forwarded == null || forwarded.isBlank()) {
      return remote;
    }
    String[] hops = forwarded.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!hop.isEmpty() && !isTrusted(hop)) {
        return hop;
      }
    }
    return remote;
  }

  private boolean isTrusted(String address) {
    try {
      return trusted.stream().anyMatch(m -> m.matches(address));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
