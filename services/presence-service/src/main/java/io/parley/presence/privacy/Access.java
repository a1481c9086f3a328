package io.parley.presence.privacy;

/** What one viewer may see of one account. */
public record Access(boolean online, boolean lastSeen) {

  public static final Access ALL = new Access(true, true);
  public static final Access NONE = new Access(false, false);

  public boolean any() {
    return online || lastSeen;
  }
}
