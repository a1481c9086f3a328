package io.parley.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.signal.InvalidKeyException;
import io.parley.signal.keys.ECKeyPair;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ProvisioningCipherTest {

  private final SecureRandom random = new SecureRandom();
  private final ECKeyPair newDevice = ECKeyPair.generate(random);

  @Test
  void onlyTheNewDeviceReadsIt() throws Exception {
    byte[] plaintext = "{\"linkCode\":\"abc\"}".getBytes(StandardCharsets.UTF_8);
    byte[] sealed = ProvisioningCipher.encrypt(newDevice.publicKey(), plaintext, random);
    assertThat(ProvisioningCipher.decrypt(newDevice, sealed)).isEqualTo(plaintext);
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("linkCode");
    ECKeyPair someoneElse = ECKeyPair.generate(random);
    assertThatThrownBy(() -> ProvisioningCipher.decrypt(someoneElse, sealed))
        .isInstanceOf(InvalidKeyException.class);
  }

  @Test
  void tamperingAnyByteIsRefused() {
    byte[] sealed = ProvisioningCipher.encrypt(newDevice.publicKey(), new byte[40], random);
    for (int i : new int[] {0, 5, 40, sealed.length - 1}) {
      byte[] changed = sealed.clone();
      changed[i] ^= 1;
      assertThatThrownBy(() -> ProvisioningCipher.decrypt(newDevice, changed))
          .as("byte %d", i)
          .isInstanceOf(InvalidKeyException.class);
    }
    assertThatThrownBy(() -> ProvisioningCipher.decrypt(newDevice, new byte[10]))
        .isInstanceOf(InvalidKeyException.class);
  }

  @Test
  void aLowOrderSenderKeyIsRefused() throws Exception {
    byte[] forged = new byte[1 + 33 + 12 + 32];
    forged[0] = 1;
    System.arraycopy(
        io.parley.signal.keys.ECPublicKey.fromMontgomery(new byte[32]).serialize(),
        0,
        forged,
        1,
        33);
    assertThatThrownBy(() -> ProvisioningCipher.decrypt(newDevice, forged))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining("low order");
  }

  @Test
  void aMessageForOneNewDeviceDoesNotOpenOnAnother() {
    ECKeyPair other = ECKeyPair.generate(random);
    byte[] sealed = ProvisioningCipher.encrypt(other.publicKey(), new byte[8], random);
    assertThatThrownBy(() -> ProvisioningCipher.decrypt(newDevice, sealed))
        .isInstanceOf(InvalidKeyException.class);
  }
}
