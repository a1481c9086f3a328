package io.parley.auth.verification;

/** Delivers a verification code to a phone: the port every SMS adapter implements. */
public interface VerificationCodeSender {

  /**
   * @param e164 the number, in E.164
   * @param code six digits
   * @throws CodeDeliveryException if the code could not be handed to the gateway
   */
  void send(String e164, String code);

  /** The gateway refused or did not answer. */
  class CodeDeliveryException extends RuntimeException {
    public CodeDeliveryException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
