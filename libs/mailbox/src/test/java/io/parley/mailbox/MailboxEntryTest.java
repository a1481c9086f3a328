package io.parley.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MailboxEntryTest {

  @Test
  void encodesAndDecodesWithABodyThatHasLineBreaksAndBars() {
    MailboxEntry entry =
        new MailboxEntry(
            MailboxEntry.MESSAGE,
            1764249600042L,
            1766841600042L,
            "2d3c1b0a-0000-4000-8000-000000000001",
            3,
            "m:1.2_x-y",
            "{\"a\":\"x|y\nz\"}");
    assertThat(MailboxEntry.decode(entry.encode())).isEqualTo(entry);
    assertThat(entry.system()).isFalse();
  }

  @Test
  void refusesWhatIsNotAnEntry() {
    assertThatThrownBy(() -> MailboxEntry.decode("hello"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MailboxEntry.decode("v1|message|x|0|a|1|c\n{}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MailboxEntry.decode("v1|message|1|0|a|1\n{}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MailboxEntry(MailboxEntry.MESSAGE, 0, 0, "a|b", 1, "c", "{}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void guidsAreStablePerInputAndDifferPerRecipientDevice() {
    String a = ServerGuids.message("s", 1, "m1", "r", 1);
    assertThat(ServerGuids.message("s", 1, "m1", "r", 1)).isEqualTo(a);
    assertThat(ServerGuids.message("s", 1, "m1", "r", 2)).isNotEqualTo(a);
    assertThat(ServerGuids.message("s", 11, "m1", "r", 1))
        .isNotEqualTo(ServerGuids.message("s1", 1, "m1", "r", 1));
    assertThat(java.util.UUID.fromString(a).version()).isEqualTo(8);
    assertThat(ServerGuids.deliveryReceipt(a, "s", 1)).isNotEqualTo(a);
  }
}
