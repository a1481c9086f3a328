package io.parley.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceAddressesTest {

  private static List<String> parse(String spec) {
    return SourceAddresses.parse(spec).stream().map(InetAddress::getHostAddress).toList();
  }

  @Test
  void expandsAnInclusiveRange() {
    assertThat(parse("127.0.0.1-127.0.0.4"))
        .containsExactly("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4");
  }

  @Test
  void aRangeMayNameOnlyTheLastByteOfItsEnd() {
    assertThat(parse("127.0.0.9-11")).containsExactly("127.0.0.9", "127.0.0.10", "127.0.0.11");
  }

  @Test
  void carriesAcrossBytes() {
    assertThat(parse("127.0.0.254-127.0.1.1"))
        .containsExactly("127.0.0.254", "127.0.0.255", "127.0.1.0", "127.0.1.1");
  }

  @Test
  void mixesListsAndRangesInOrderWithoutDuplicates() {
    assertThat(parse(" 127.0.0.5 , 127.0.0.1-127.0.0.2,127.0.0.5,::1"))
        .containsExactly("127.0.0.5", "127.0.0.1", "127.0.0.2", "0:0:0:0:0:0:0:1");
  }

  @Test
  void aSingleAddressIsAListOfOne() {
    assertThat(parse("127.0.0.1")).containsExactly("127.0.0.1");
  }

  @Test
  void refusesWhatIsNotAnAddressOrRange() {
    assertThatThrownBy(() -> parse("")).hasMessageContaining("no source addresses");
    assertThatThrownBy(() -> parse("127.0.0.1,,127.0.0.2")).hasMessageContaining("empty item");
    assertThatThrownBy(() -> parse("localhost")).hasMessageContaining("not an IP address");
    assertThatThrownBy(() -> parse("127.0.0.256")).hasMessageContaining("above 255");
    assertThatThrownBy(() -> parse("127.0.0.4-127.0.0.1")).hasMessageContaining("ends before");
    assertThatThrownBy(() -> parse("127.0.0.1-x")).hasMessageContaining("not an IPv4 address");
    assertThatThrownBy(() -> parse("127.0.0.0-127.0.255.255"))
        .hasMessageContaining("more than 4096");
  }
}
