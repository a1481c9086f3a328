package io.parley.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.FieldDescriptor;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void everyTopicIsVersionedAndFindableByName() {
    assertThat(Topics.ALL).hasSize(7);
    for (Topic<?> topic : Topics.ALL) {
      assertThat(topic.name()).matches("parley\\.[a-z-]+\\.v\\d+");
      assertThat(Topics.byName(topic.name())).contains(topic);
      assertThat(topic.deadLetterName()).isEqualTo(topic.name() + ".dlt");
    }
    assertThat(Topics.byName("parley.nothing.v1")).isEmpty();
  }

  @Test
  void everyEnvelopeCarriesMetadataAndOneEventCase() throws Exception {
    for (Topic<?> topic : Topics.ALL) {
      var descriptor =
          (com.google.protobuf.Descriptors.Descriptor)
              topic.valueType().getMethod("getDescriptor").invoke(null);
      FieldDescriptor metadata = descriptor.findFieldByName("metadata");
      assertThat(metadata).as(topic.name()).isNotNull();
      assertThat(metadata.getNumber()).isEqualTo(1);
      assertThat(descriptor.getRealOneofs()).as(topic.name()).hasSize(1);
      assertThat(descriptor.getRealOneofs().get(0).getName()).isEqualTo("event");
    }
  }
}
