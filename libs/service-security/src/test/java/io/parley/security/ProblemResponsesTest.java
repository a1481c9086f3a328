package io.parley.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemResponsesTest {

  @Test
  void writesJsonWithEscapedStrings() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("status", 401);
    fields.put("detail", "a \"quoted\" \\ line\nbreak\u0001");

    assertThat(ProblemResponses.json(fields))
        .isEqualTo("{\"status\":401,\"detail\":\"a \\\"quoted\\\" \\\\ line\\nbreak\\u0001\"}");
  }

  @Test
  void keepsChallengeDescriptionsWithinWhatRfc6750Allows() {
    assertThat(ProblemResponses.headerSafe("say \"hi\"\\\r\n\u00e9"))
        .isEqualTo("say  hi" + " ".repeat(5));
  }
}
