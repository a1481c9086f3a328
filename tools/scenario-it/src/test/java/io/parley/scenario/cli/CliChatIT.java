package io.parley.scenario.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.scenario.SharedPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The terminal client as a user runs it: the platform started as the README's {@code ./parley up}
 * does (on free ports, in a state directory of its own), and every client a separate {@code
 * ./parley cli ...} process whose typed lines go to its stdin and whose printed lines are what is
 * checked. One platform start for the class; each test registers accounts of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliChatIT {

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent().getParent();

  /** Generous: two cores shared by Kafka, Redis, six services and the clients' JVMs. */
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final Map<String, String> env = new HashMap<>();
  private final AtomicInteger numbers = new AtomicInteger(100);
  private final List<CliProcess> processes = new ArrayList<>();
  private Path devices;
  private String server;

  private record Device(String name, Path dir, String phone, String account) {}

  private record Run(int exit, String output) {}

  @BeforeAll
  void useThePlatform() throws Exception {
    // the platform SeedScenarioIT runs on too: one ./parley up for every scenario test class
    server = SharedPlatform.get().baseUrl();
    devices = Files.createTempDirectory("cli-it-devices");
    env.put("PARLEY_SKIP_BUILD", "1");
    // the client prints its ticks where the locale's encoding has them
    env.put("LC_ALL", "C.UTF-8");
  }

  @AfterAll
  void stopTheClients() throws Exception {
    processes.forEach(CliProcess::close);
    if (devices != null) {
      try (Stream<Path> files = Files.walk(devices)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void twoTerminalsChatWithReceiptsTypingAndPresence() throws Exception {
    Device alice = register("alice");
    Device bob = register("bob");

    CliProcess bobs = chat(bob, alice.phone());
    bobs.await("chatting with " + alice.phone(), WAIT);
    CliProcess alices = chat(alice, bob.phone());
    alices.await("chatting with " + bob.phone(), WAIT);

    // each lists the other as a contact, so each sees the other online
    alices.await(bob.phone() + " is online", WAIT);
    bobs.await(alice.phone() + " is online", WAIT);

    alices.type("Hi bob");
    assertThat(bobs.await(alice.phone() + ": Hi bob", WAIT)).matches("\\[\\d\\d:\\d\\d:\\d\\d] .*");
    alices.await("sent: \"Hi bob\"", WAIT);
    alices.await("delivered: \"Hi bob\"", WAIT);
    assertThat(alices.await("read: \"Hi bob\"", WAIT)).contains("✓✓ read");

    alices.type("/typing");
    bobs.await(alice.phone() + " is typing", WAIT);

    bobs.type("Hi alice");
    alices.await(bob.phone() + ": Hi alice", WAIT);
    bobs.await("read: \"Hi alice\"", WAIT);

    alices.type("/quit");
    assertThat(alices.awaitExit(WAIT)).isZero();
    assertThat(alices.output()).contains("left the chat");
    // offline is announced after the presence service's damping (5 s)
    bobs.await(alice.phone() + " was last seen ", WAIT);

    bobs.closeInput();
    assertThat(bobs.awaitExit(WAIT)).isZero();

    Run history = cli(alice, "history", bob.phone());
    assertThat(history.exit()).as(history.output()).isZero();
    assertThat(history.output().lines())
        .anyMatch(l -> l.endsWith("] me: Hi bob  [✓✓ read]"))
        .anyMatch(l -> l.endsWith("] " + bob.phone() + ": Hi alice"));
  }

  @Test
  void aMessageSentWhileThePeerIsAwayWaitsForItsChatAndTheReceiptsForTheSendersNext()
      throws Exception {
    Device carol = register("carol");
    Device dave = register("dave");

    Run unknown = cli(carol, "send", "+14155559999", "anyone?");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.output()).contains("no Parley account has the number +14155559999");

    Run send = cli(carol, "send", dave.phone(), "are", "you", "there?");
    assertThat(send.exit()).as(send.output()).isZero();
    assertThat(send.output().strip()).matches("sent " + UUID_TEXT.pattern());

    CliProcess daves = chat(dave, carol.phone());
    daves.await(carol.phone() + ": are you there?", WAIT);
    daves.closeInput();
    assertThat(daves.awaitExit(WAIT)).isZero();

    // carol was away for the receipts: her next chat gets them from her mailbox
    CliProcess carols = chat(carol, dave.phone());
    carols.await("read: \"are you there?\"", WAIT);
    carols.closeInput();
    assertThat(carols.awaitExit(WAIT)).isZero();

    // the conversation stays on the device: dave's next chat starts with it, marked read
    CliProcess davesAgain = chat(dave, carol.phone());
    davesAgain.await("chatting with", WAIT);
    davesAgain.closeInput();
    assertThat(davesAgain.awaitExit(WAIT)).isZero();
    assertThat(davesAgain.output()).contains(carol.phone() + ": are you there?");
    assertThat(Files.readString(dave.dir().resolve("read-marks.properties")))
        .contains(carol.account());
  }

  @Test
  void aLinkedDeviceShowsWhatTheOtherDeviceSentAsMe() throws Exception {
    Device erin = register("erin");
    Device frank = register("frank");
    Path erinsPhone = devices.resolve("erin-phone");

    CliProcess link = start("erin-phone link", List.of("--dir", erinsPhone.toString(), "link"));
    String uri = link.await("link uri ", WAIT).substring("link uri ".length());
    assertThat(uri).startsWith("parley://link?");
    Run approve = cli(erin, "approve", uri);
    assertThat(approve.exit()).as(approve.output()).isZero();
    link.await("device 2", WAIT);
    assertThat(link.awaitExit(WAIT)).isZero();
    assertThat(link.output()).contains("account " + erin.account());

    Run listed = cli(erin, "devices");
    assertThat(listed.output().lines())
        .anyMatch(l -> l.startsWith("device 1  cli  primary") && l.endsWith("(this device)"))
        .anyMatch(l -> l.startsWith("device 2  cli  linked"));

    CliProcess phone =
        start("erin-phone chat", List.of("--dir", erinsPhone.toString(), "chat", frank.phone()));
    phone.await("chatting with " + frank.phone(), WAIT);
    Run send = cli(erin, "send", frank.phone(), "sent from the laptop");
    assertThat(send.exit()).as(send.output()).isZero();
    phone.await("me (device 1): sent from the laptop", WAIT);
    phone.type("/quit");
    assertThat(phone.awaitExit(WAIT)).isZero();
  }

  // --- helpers -------------------------------------------------------------------------------

  private Device register(String name) throws Exception {
    Path dir = devices.resolve(name);
    String phone = "+1415555" + String.format("%04d", numbers.getAndIncrement());
    Run run = cli(dir, "register", "--phone", phone, "--dev-code");
    assertThat(run.exit()).as(run.output()).isZero();
    Matcher account = Pattern.compile("(?m)^account (" + UUID_TEXT + ")$").matcher(run.output());
    assertThat(account.find()).as(run.output()).isTrue();
    assertThat(run.output()).contains("registered " + phone).contains("device 1");
    return new Device(name, dir, phone, account.group(1));
  }

  private CliProcess chat(Device device, String to) throws IOException {
    return start(device.name() + " chat", List.of("--dir", device.dir().toString(), "chat", to));
  }

  private CliProcess start(String name, List<String> args) throws IOException {
    List<String> all = new ArrayList<>(List.of("--server", server));
    all.addAll(args);
    CliProcess process = CliProcess.start(name, ROOT, env, all);
    processes.add(process);
    return process;
  }

  private Run cli(Device device, String... args) throws Exception {
    return cli(device.dir(), args);
  }

  private Run cli(Path dir, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--dir", dir.toString()));
    all.addAll(List.of(args));
    try (CliProcess process = start(String.join(" ", args), all)) {
      process.closeInput();
      int exit = process.awaitExit(WAIT);
      return new Run(exit, process.output());
    }
  }
}
