package io.parley.push.registration;

/** The push services Parley sends through; {@link #tag()} names them in metrics and Redis. */
public enum Provider {
  FCM("fcm"),
  APNS("apns"),
  WEB_PUSH("webpush");

  private final String tag;

  Provider(String tag) {
    this.tag = tag;
  }

  public String tag() {
    return tag;
  }

  public static Provider fromTag(String tag) {
    for (Provider provider : values()) {
      if (provider.tag.equals(tag)) {
        return provider;
      }
    }
    throw new IllegalArgumentException("unknown push provider " + tag);
  }
}
