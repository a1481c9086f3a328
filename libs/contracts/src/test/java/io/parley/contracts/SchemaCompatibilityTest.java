package io.parley.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.parley.contracts.events.v1.AccountsProto;
import io.parley.contracts.events.v1.CommonProto;
import io.parley.contracts.events.v1.DeliveriesProto;
import io.parley.contracts.events.v1.KeysProto;
import io.parley.contracts.events.v1.MessagesProto;
import io.parley.contracts.events.v1.PresenceProto;
import io.parley.contracts.events.v1.PushProto;
import io.parley.contracts.events.v1.SessionsProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Guards the wire compatibility of the events (docs/events.md): every field and enum value in the
 * checked-in baseline must still exist with the same number and type, or its number must be
 * reserved. New fields must be added to the baseline, so that from then on they are guarded too.
 */
class SchemaCompatibilityTest {

  private static final List<FileDescriptor> FILES =
      List.of(
          CommonProto.getDescriptor(),
          AccountsProto.getDescriptor(),
          SessionsProto.getDescriptor(),
          MessagesProto.getDescriptor(),
          DeliveriesProto.getDescriptor(),
          PushProto.getDescriptor(),
          KeysProto.getDescriptor(),
          PresenceProto.getDescriptor());

  @Test
  void noFieldOfTheBaselineChangedItsNumberOrTypeOrWasRemovedWithoutReservation()
      throws IOException {
    TreeSet<String> current = currentSchema();
    List<String> broken = new ArrayList<>();
    for (String line : baseline()) {
      if (!current.contains(line) && !isReserved(line)) {
        broken.add(line);
      }
    }
    assertThat(broken)
        .as(
            "fields or enum values removed or changed incompatibly; reserve their numbers instead"
                + " (docs/events.md)")
        .isEmpty();
  }

  @Test
  void everyFieldIsInTheBaseline() throws IOException {
    TreeSet<String> added = currentSchema();
    added.removeAll(baseline());
    assertThat(added)
        .as("new fields: add these lines to src/test/resources/schema-baseline.txt")
        .isEmpty();
  }

  private static List<String> baseline() throws IOException {
    try (InputStream in =
        SchemaCompatibilityTest.class.getResourceAsStream("/schema-baseline.txt")) {
      assertThat(in).as("schema-baseline.txt").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .toList();
    }
  }

  /** Lines like {@code parley.events.v1.AccountRegistered#2 primary_device_id UINT32}. */
  private static TreeSet<String> currentSchema() {
    TreeSet<String> lines = new TreeSet<>();
    for (FileDescriptor file : FILES) {
      file.getMessageTypes().forEach(m -> describe(m, lines));
      file.getEnumTypes().forEach(e -> describe(e, lines));
    }
    return lines;
  }

  private static void describe(Descriptor message, TreeSet<String> lines) {
    for (FieldDescriptor field : message.getFields()) {
      String type =
          switch (field.getJavaType()) {
            case MESSAGE -> field.getMessageType().getFullName();
            case ENUM -> field.getEnumType().getFullName();
            default -> field.getType().name();
          };
      String label = field.isRepeated() ? "repeated " : "";
      lines.add(
          message.getFullName()
              + "#"
              + field.getNumber()
              + " "
              + field.getName()
              + " "
              + label
              + type);
    }
    message.getNestedTypes().forEach(m -> describe(m, lines));
    message.getEnumTypes().forEach(e -> describe(e, lines));
  }

  private static void describe(EnumDescriptor enumType, TreeSet<String> lines) {
    for (EnumValueDescriptor value : enumType.getValues()) {
      lines.add(enumType.getFullName() + "=" + value.getNumber() + " " + value.getName());
    }
  }

  private static boolean isReserved(String baselineLine) {
    String owner =
        baselineLine.substring(0, baselineLine.indexOf(baselineLine.contains("#") ? '#' : '='));
    int number =
        Integer.parseInt(baselineLine.substring(owner.length() + 1, baselineLine.indexOf(' ')));
    for (FileDescriptor file : FILES) {
      for (Descriptor message : file.getMessageTypes()) {
        if (message.getFullName().equals(owner)) {
          return message.isReservedNumber(number);
        }
      }
      for (EnumDescriptor enumType : file.getEnumTypes()) {
        if (enumType.getFullName().equals(owner)) {
          return enumType.isReservedNumber(number);
        }
      }
    }
    return false;
  }
}
