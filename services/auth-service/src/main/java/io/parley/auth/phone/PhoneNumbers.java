package io.parley.auth.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.parley.auth.AuthProperties;
import io.parley.runtime.web.BadRequestException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Phone numbers: validated as E.164 with libphonenumber, stored only as a keyed hash (HMAC-SHA256
 * with a server secret, so a leaked database cannot be reversed by hashing every number), and
 * masked wherever they would otherwise reach a log.
 */
@Component
public class PhoneNumbers {

  private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
  private final SecretKeySpec hashKey;

  PhoneNumbers(AuthProperties properties) {
    this.hashKey = new SecretKeySpec(requireSecret(properties).bytes(), "HmacSHA256");
  }

  /** The server secret for phone-number and code hashes; start-up stops without it. */
  public static io.parley.auth.Secret requireSecret(AuthProperties properties) {
    if (properties.phoneHashSecret() == null) {
      throw new IllegalStateException(
          "parley.auth.phone-hash-secret (PARLEY_AUTH_PHONE_HASH_SECRET) is required: a long random"
              + " secret that keys the hashes of phone numbers");
    }
    return properties.phoneHashSecret();
  }

  /** The number in E.164 form, or a 400 naming {@code field}. */
  public String canonical(String input, String field) {
    if (input == null || !input.matches("\\+[1-9][0-9]{6,14}")) {
      throw new BadRequestException(field, "must be an E.164 phone number such as +14155550123");
    }
    try {
      PhoneNumber number = util.parse(input, null);
      if (!util.isValidNumber(number)) {
        throw new BadRequestException(field, "is not a valid phone number");
      }
      return util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
    } catch (NumberParseException e) {
      throw new BadRequestException(field, "is not a phone number: " + e.getErrorType());
    }
  }

  /** Keyed hash of an E.164 number: what is stored and looked up. */
  public String hash(String e164) {
    return keyedHash(e164);
  }

  /**
   * HMAC-SHA256 with the server secret, base64url: for values that are guessable on their own
   * (phone numbers, six-digit codes), so a leaked store cannot be reversed by trying them all.
   */
  public String keyedHash(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(hashKey);
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** {@code +1******0123}: enough to tell numbers apart in a log, not enough to dial. */
  public static String mask(String e164) {
    if (e164 == null || e164.length() < 7) {
      return "***";
    }
    return e164.substring(0, 2) + "*".repeat(e164.length() - 6) + e164.substring(e164.length() - 4);
  }
}
