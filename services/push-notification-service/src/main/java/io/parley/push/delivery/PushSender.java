package io.parley.push.delivery;

import io.parley.push.registration.Provider;
import io.parley.push.registration.PushRegistration;

/**
 * Sends one content-free wake-up through one provider. Implementations make exactly one attempt and
 * report what happened; retrying, coalescing and dead-lettering are the dispatcher's.
 */
public interface PushSender {

  Provider provider();

  /**
   * @param registration a registration of {@link #provider()}
   * @param urgent whether the device must wake now (a message) or may wake when convenient
   */
  SendResult send(PushRegistration registration, boolean urgent);
}
