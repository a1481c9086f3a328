package io.parley.edge.gateway;

import io.parley.edge.EdgeProperties;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/config}: the limits a client must respect, so clients need no hard-coded copy. */
@RestController
class ConfigController {

  private final ClientConfig config;

  ConfigController(EdgeProperties properties) {
    this.config =
        new ClientConfig(
            "/ws",
            "/ws/provisioning",
            properties.heartbeat().toMillis(),
            properties.connectTimeout().toMillis(),
            properties.maxFrameBytes().toBytes(),
            properties.maxCiphertextBytes().toBytes(),
            properties.maxRecipients(),
            properties.maxDevicesPerRecipient(),
            new ClientConfig.Rate(
                properties.messageRate().capacity(), properties.messageRate().perSecond()),
            properties.provisioning().maxMessageBytes().toBytes(),
            properties.provisioning().addressTtl().toSeconds());
  }

  /**
   * @param stompEndpoint the STOMP-over-WebSocket path
   * @param provisioningEndpoint the provisioning WebSocket path
   * @param heartbeatMillis the heart-beat the server offers and expects
   * @param connectTimeoutMillis a socket must send CONNECT within this time
   * @param maxFrameBytes largest SEND body
   * @param maxCiphertextBytes largest single ciphertext (decoded)
   * @param maxRecipients recipient accounts per message
   * @param maxDevicesPerRecipient ciphertexts per recipient account
   * @param messageRate messages per device: burst and sustained rate
   * @param maxProvisioningMessageBytes largest provisioning message (decoded)
   * @param provisioningAddressTtlSeconds how long a provisioning address waits
   */
  record ClientConfig(
      String stompEndpoint,
      String provisioningEndpoint,
      long heartbeatMillis,
      long connectTimeoutMillis,
      long maxFrameBytes,
      long maxCiphertextBytes,
      int maxRecipients,
      int maxDevicesPerRecipient,
      Rate messageRate,
      long maxProvisioningMessageBytes,
      long provisioningAddressTtlSeconds) {
    record Rate(int burst, int perSecond) {}
  }

  @Operation(summary = "Limits and endpoints a client must respect (no token needed)")
  @GetMapping("/v1/config")
  ResponseEntity<ClientConfig> config() {
    return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(config);
  }
}
