package io.parley.auth.directory;

import io.parley.auth.phone.PhoneNumbers;
import io.parley.auth.ratelimit.RateLimiter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

/**
 * Contact discovery: which of these numbers have accounts. Answers only for registered numbers;
 * each number looked up costs one token of the caller's bucket, so the directory cannot be
 * enumerated quickly.
 */
@Service
public class DirectoryService {

  /** A registered number. */
  public record Match(String phoneNumber, UUID accountId) {}

  private final PhoneNumbers phones;
  private final StringRedisTemplate redis;
  private final RateLimiter rateLimiter;

  DirectoryService(PhoneNumbers phones, StringRedisTemplate redis, RateLimiter rateLimiter) {
    this.phones = phones;
    this.redis = redis;
    this.rateLimiter = rateLimiter;
  }

  public List<Match> lookup(UUID caller, List<String> numbers) {
    Map<String, String> byHash = new LinkedHashMap<>();
    for (int i = 0; i < numbers.size(); i++) {
      String e164 = phones.canonical(numbers.get(i), "phoneNumbers[" + i + "]");
      byHash.put(phones.hash(e164), e164);
    }
    rateLimiter.take(
        RateLimiter.Limit.DIRECTORY_LOOKUP_ACCOUNT, caller.toString(), Math.max(1, byHash.size()));
    List<String> hashes = new ArrayList<>(byHash.keySet());
    List<String> keys = hashes.stream().map(h -> "auth:phone:{" + h + "}").toList();
    List<String> accounts = keys.isEmpty() ? List.of() : redis.opsForValue().multiGet(keys);
    List<Match> matches = new ArrayList<>();
    for (int i = 0; i < hashes.size(); i++) {
      String account = accounts == null ? null : accounts.get(i);
      if (account != null) {
        matches.add(new Match(byHash.get(hashes.get(i)), UUID.fromString(account)));
      }
    }
    return matches;
  }
}
