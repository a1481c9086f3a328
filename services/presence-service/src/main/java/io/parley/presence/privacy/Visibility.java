package io.parley.presence.privacy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Who may see one of an account's presence facts (online status, last seen). */
public enum Visibility {
  EVERYONE,
  CONTACTS,
  NOBODY;

  /** As in JSON and in Redis: {@code everyone}, {@code contacts}, {@code nobody}. */
  @JsonValue
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a tag; null for anything else (the caller says what was wrong). */
  @JsonCreator
  public static Visibility fromTag(String tag) {
    if (tag == null) {
      return null;
    }
    for (Visibility v : values()) {
      if (v.tag().equals(tag)) {
        return v;
      }
    }
    return null;
  }

  /** Whether an owner with this setting shows the fact to someone in (or not in) its contacts. */
  public boolean allows(boolean isContact) {
    return this == EVERYONE || (this == CONTACTS && isContact);
  }
}
