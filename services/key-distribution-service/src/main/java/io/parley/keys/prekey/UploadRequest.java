package io.parley.keys.prekey;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * {@code PUT /v1/keys}: every part optional; a list that is present replaces the stored list of the
 * calling device. Keys and signatures are standard base64 of libsignal's encodings.
 */
public record UploadRequest(
    String identityKey,
    @Valid SignedKey signedPreKey,
    List<@Valid @NotNull OneTimeKey> preKeys,
    List<@Valid @NotNull SignedKey> pqPreKeys,
    @Valid SignedKey pqLastResortPreKey) {

  /** A prekey with its identity-key signature (signed EC prekey, Kyber prekeys). */
  public record SignedKey(
      @NotNull Long keyId, @NotNull String publicKey, @NotNull String signature) {}

  /** A one-time EC prekey. */
  public record OneTimeKey(@NotNull Long keyId, @NotNull String publicKey) {}
}
