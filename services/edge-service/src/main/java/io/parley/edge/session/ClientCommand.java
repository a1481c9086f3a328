package io.parley.edge.session;

/**
 * A SEND destination under {@code /app} that the edge handles: a bean per destination. The frame
 * has passed the size limit; the handler answers with {@link ClientFrames#receipt} or a {@link
 * Notice}, never an exception.
 */
public interface ClientCommand {

  /** For example {@code /app/messages}. */
  String destination();

  /**
   * @param receiptId the frame's {@code receipt} header, or null
   */
  void handle(EdgeSession session, byte[] body, String receiptId);
}
