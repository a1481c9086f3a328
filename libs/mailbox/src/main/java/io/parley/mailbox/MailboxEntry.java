package io.parley.mailbox;

/**
 * One stored envelope: a header the edge needs (kind, times, who sent it) and the JSON body the
 * client receives as it is, so delivering an entry parses nothing but one header line.
 *
 * <p>Stored as {@code v1|<kind>|<serverTimestamp>|<expiresAt>|<senderAccount>|<senderDevice>|
 * <clientMessageId>\n<body>}; none of the header fields may contain {@code |} or a line break
 * (client message ids are {@code [A-Za-z0-9._:-]}).
 *
 * @param kind {@link #MESSAGE}, {@link #DELIVERY_RECEIPT} or {@link #SEND_REJECTED}
 * @param serverTimestamp when the server accepted the message, epoch milliseconds; the same on
 *     every replay
 * @param expiresAt epoch milliseconds after which the entry is dropped unread
 * @param senderAccount the sending device's account ("" for receipts and rejections)
 * @param senderDevice the sending device (0 for receipts and rejections)
 * @param clientMessageId the sender's id of the message ("" for receipts and rejections)
 * @param body the JSON the client receives on {@code /user/queue/messages}
 * @param traceparent the W3C trace context routing appended it in ("" for none), so the edge's
 *     delivery joins the trace that began with the sender's SEND
 */
public record MailboxEntry(
    String kind,
    long serverTimestamp,
    long expiresAt,
    String senderAccount,
    int senderDevice,
    String clientMessageId,
    String body,
    String traceparent) {

  public static final String MESSAGE = "message";
  public static final String DELIVERY_RECEIPT = "delivery_receipt";
  public static final String SEND_REJECTED = "send_rejected";

  /** An entry without trace context. */
  public MailboxEntry(
      String kind,
      long serverTimestamp,
      long expiresAt,
      String senderAccount,
      int senderDevice,
      String clientMessageId,
      String body) {
    this(kind, serverTimestamp, expiresAt, senderAccount, senderDevice, clientMessageId, body, "");
  }

  public MailboxEntry {
    if (traceparent == null) {
      traceparent = "";
    }
    for (String field : new String[] {kind, senderAccount, clientMessageId, traceparent}) {
      if (field == null || field.indexOf('|') >= 0 || field.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("a mailbox header field has | or a line break");
      }
    }
    if (body == null) {
      throw new IllegalArgumentException("a mailbox entry needs a body");
    }
  }

  /** Receipts and rejections: the server's own envelopes, allowed into the system reserve. */
  public boolean system() {
    return !MESSAGE.equals(kind);
  }

  /** The same entry, in the trace given ({@code 00-<trace id>-<span id>-<flags>}). */
  public MailboxEntry withTraceparent(String value) {
    return new MailboxEntry(
        kind,
        serverTimestamp,
        expiresAt,
        senderAccount,
        senderDevice,
        clientMessageId,
        body,
        value);
  }

  public String encode() {
    return "v1|"
        + kind
        + '|'
        + serverTimestamp
        + '|'
        + expiresAt
        + '|'
        + senderAccount
        + '|'
        + senderDevice
        + '|'
        + clientMessageId
        + '|'
        + traceparent
        + '\n'
        + body;
  }

  /** The inverse of {@link #encode}; IllegalArgumentException if the text is not an entry. */
  public static MailboxEntry decode(String stored) {
    int newline = stored.indexOf('\n');
    if (newline < 0 || !stored.startsWith("v1|")) {
      throw new IllegalArgumentException("not a mailbox entry");
    }
    String[] header = stored.substring(3, newline).split("\\|", -1);
    if (header.length != 6 && header.length != 7) {
      throw new IllegalArgumentException("a mailbox entry header has 6 or 7 fields");
    }
    try {
      return new MailboxEntry(
          header[0],
          Long.parseLong(header[1]),
          Long.parseLong(header[2]),
          header[3],
          Integer.parseInt(header[4]),
          header[5],
          stored.substring(newline + 1),
          header.length == 7 ? header[6] : "");
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a mailbox entry header has a bad number", e);
    }
  }
}
