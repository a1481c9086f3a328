package io.parley.auth.token;

/** What a device receives on registration, linking and refresh. */
public record TokenPair(String accessToken, String refreshToken, long expiresIn) {

  @Override
  public String toString() {
    return "TokenPair[redacted, expiresIn=" + expiresIn + "]";
  }
}
