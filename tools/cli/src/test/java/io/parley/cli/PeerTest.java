package io.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PeerTest {

  private static final UUID BOB = UUID.fromString("6f1c1a2e-8d0b-4c47-9a57-0c3f4e2b9d11");

  private final List<String> lookedUp = new ArrayList<>();

  private CompletableFuture<Optional<UUID>> directory(String phone) {
    lookedUp.add(phone);
    return CompletableFuture.completedFuture(
        "+14155550101".equals(phone) ? Optional.of(BOB) : Optional.empty());
  }

  @Test
  void readsPhoneNumbersAsPeopleWriteThem() {
    assertThat(Peer.parse("+14155550101")).isEqualTo(new Peer("+14155550101", null));
    assertThat(Peer.parse(" +1 (415) 555-0101 ")).isEqualTo(new Peer("+14155550101", null));
    assertThat(Peer.parse("+44.20.7946.0958").phone()).isEqualTo("+442079460958");
  }

  @Test
  void readsAccountIdsInEitherCase() {
    assertThat(Peer.parse(BOB.toString())).isEqualTo(new Peer(null, BOB));
    assertThat(Peer.parse(BOB.toString().toUpperCase()).account()).isEqualTo(BOB);
  }

  @Test
  void refusesWhatIsNeitherANumberNorAnAccountId() {
    for (String bad : List.of("bob", "14155550101", "+0123456789", "+1234", "", "6f1c1a2e-8d0b")) {
      assertThatThrownBy(() -> Peer.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("international format (+14155550100)");
    }
  }

  @Test
  void aBadPeerIsAUsageErrorForPicocli() {
    assertThatThrownBy(() -> new Peer.Converter().convert("bob"))
        .isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessageContaining("'bob'");
  }

  @Test
  void labelsAPeerAsTheUserNamedIt() {
    assertThat(Peer.parse("+1 415 555 0101").label()).isEqualTo("+14155550101");
    assertThat(Peer.parse(BOB.toString()).label()).isEqualTo(BOB.toString());
  }

  @Test
  void resolvesANumberThroughTheDirectoryAndAnAccountIdWithoutIt() {
    assertThat(Peer.parse("+14155550101").resolve(this::directory, Duration.ofSeconds(1)))
        .isEqualTo(BOB);
    assertThat(lookedUp).containsExactly("+14155550101");

    assertThat(Peer.parse(BOB.toString()).resolve(this::directory, Duration.ofSeconds(1)))
        .isEqualTo(BOB);
    assertThat(lookedUp).hasSize(1);
  }

  @Test
  void aNumberNobodyRegisteredIsAClearError() {
    assertThatThrownBy(
            () -> Peer.parse("+14155550199").resolve(this::directory, Duration.ofSeconds(1)))
        .isInstanceOf(CliException.class)
        .hasMessage("no Parley account has the number +14155550199");
  }

  @Test
  void aDirectoryThatDoesNotAnswerTimesOut() {
    assertThatThrownBy(
            () ->
                Peer.parse("+14155550101")
                    .resolve(phone -> new CompletableFuture<>(), Duration.ofMillis(50)))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("looking up +14155550101 took longer than");
  }
}
