package io.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChatInputTest {

  @Test
  void aLineIsAMessageWithoutItsSurroundingBlanks() {
    assertThat(ChatInput.parse("  Hi bob  ")).isEqualTo(new ChatInput.Send("Hi bob"));
  }

  @Test
  void slashCommandsAreCommandsInAnyCase() {
    assertThat(ChatInput.parse("/quit")).isEqualTo(new ChatInput.Quit());
    assertThat(ChatInput.parse("/QUIT")).isEqualTo(new ChatInput.Quit());
    assertThat(ChatInput.parse("/exit")).isEqualTo(new ChatInput.Quit());
    assertThat(ChatInput.parse("/typing")).isEqualTo(new ChatInput.Typing());
    assertThat(ChatInput.parse("/help")).isEqualTo(new ChatInput.Help());
    assertThat(ChatInput.parse("/frobnicate now")).isEqualTo(new ChatInput.Unknown("/frobnicate"));
  }

  @Test
  void aDoubleSlashSendsATextStartingWithASlash() {
    assertThat(ChatInput.parse("//quit is what you type"))
        .isEqualTo(new ChatInput.Send("/quit is what you type"));
  }

  @Test
  void aBlankLineDoesNothing() {
    assertThat(ChatInput.parse("   ")).isEqualTo(new ChatInput.Nothing());
    assertThat(ChatInput.parse("")).isEqualTo(new ChatInput.Nothing());
  }
}
