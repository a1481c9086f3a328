package io.parley.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A request authenticated by a device's access token. The principal is the {@link
 * AuthenticatedDevice}; no credentials are kept (the token is not needed after verification).
 */
final class DeviceAuthentication extends AbstractAuthenticationToken {

  private final AuthenticatedDevice device;

  DeviceAuthentication(AuthenticatedDevice device) {
    super(List.of());
    this.device = device;
    setAuthenticated(true);
  }

  @Override
  public AuthenticatedDevice getPrincipal() {
    return device;
  }

  @Override
  public Object getCredentials() {
    return null;
  }

  @Override
  public String getName() {
    return device.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DeviceAuthentication that
        && super.equals(that)
        && device.equals(that.device);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + device.hashCode();
  }
}
