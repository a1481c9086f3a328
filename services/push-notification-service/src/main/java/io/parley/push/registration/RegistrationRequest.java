package io.parley.push.registration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code PUT /v1/push/registration}: exactly one of {@code fcm}, {@code apns}, {@code
 * webPush}.
 */
public record RegistrationRequest(@Valid Fcm fcm, @Valid Apns apns, @Valid WebPush webPush) {

  /** An FCM registration token. */
  public record Fcm(
      @NotBlank
          @Size(max = 4096)
          @Pattern(
              regexp = "[A-Za-z0-9_:.\\-]+",
              message = "must be an FCM registration token (letters, digits, '_', ':', '.', '-')")
          String token) {}

  /**
   * An APNs device token.
   *
   * @param token hex, as the app gets it from {@code
   *     didRegisterForRemoteNotificationsWithDeviceToken}
   * @param topic the app's bundle id
   * @param environment {@code production} or {@code sandbox} (development builds)
   */
  public record Apns(
      @NotBlank
          @Pattern(
              regexp = "([0-9a-fA-F]{2}){32,100}",
              message = "must be an APNs device token: 64 to 200 hex digits")
          String token,
      @NotBlank
          @Size(max = 255)
          @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9.\\-]*", message = "must be the app's bundle id")
          String topic,
      @NotNull @Pattern(regexp = "production|sandbox", message = "must be production or sandbox")
          String environment) {}

  /** A W3C Push API subscription, as {@code PushSubscription.toJSON()} gives it. */
  public record WebPush(@NotBlank @Size(max = 2048) String endpoint, @NotNull @Valid Keys keys) {}

  /**
   * @param p256dh base64url of the browser's 65-byte P-256 public key
   * @param auth base64url of the browser's 16-byte authentication secret
   */
  public record Keys(
      @NotBlank @Size(max = 200) String p256dh, @NotBlank @Size(max = 100) String auth) {}
}
