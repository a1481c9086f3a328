package io.parley.presence.api;

import io.parley.presence.PresenceProperties;
import io.parley.presence.privacy.Privacy;
import io.parley.presence.privacy.PrivacySettings;
import io.parley.presence.privacy.Visibility;
import io.parley.presence.state.PresenceStore;
import io.parley.presence.watch.FanOut;
import io.parley.runtime.web.ApiException;
import io.parley.security.AuthenticatedDevice;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's account's privacy settings and contact list. Changing either re-tells the account's
 * watchers what they may see now (possibly nothing).
 */
@RestController
@RequestMapping("/v1/presence")
@SecurityRequirement(name = "bearer")
class SettingsController {

  private static final Logger log = LoggerFactory.getLogger(SettingsController.class);
  private static final String VISIBILITY = "everyone|contacts|nobody";
  private static final String VISIBILITY_MESSAGE = "must be everyone, contacts or nobody";

  /** Both settings, each {@code everyone}, {@code contacts} or {@code nobody}. */
  record SettingsBody(
      @NotNull @Pattern(regexp = VISIBILITY, message = VISIBILITY_MESSAGE) String online,
      @NotNull @Pattern(regexp = VISIBILITY, message = VISIBILITY_MESSAGE) String lastSeen) {

    static SettingsBody of(PrivacySettings settings) {
      return new SettingsBody(settings.online().tag(), settings.lastSeen().tag());
    }
  }

  /** The account ids the caller declares as contacts (replaces the list). */
  record ContactsBody(@NotNull List<String> accounts) {}

  private final Privacy privacy;
  private final PresenceStore store;
  private final FanOut fanOut;
  private final int maxContacts;

  SettingsController(
      Privacy privacy, PresenceStore store, FanOut fanOut, PresenceProperties properties) {
    this.privacy = privacy;
    this.store = store;
    this.fanOut = fanOut;
    this.maxContacts = properties.maxContacts();
  }

  @GetMapping("/settings")
  @Operation(summary = "Who may see this account's online status and last seen")
  SettingsBody settings(@AuthenticationPrincipal AuthenticatedDevice device) {
    return SettingsBody.of(privacy.settings(device.accountId()));
  }

  @PutMapping("/settings")
  @Operation(
      summary = "Set who may see this account's online status and last seen",
      description =
          "Hiding your last seen from someone also hides theirs from you (the reciprocal rule).")
  SettingsBody putSettings(
      @AuthenticationPrincipal AuthenticatedDevice device, @Valid @RequestBody SettingsBody body) {
    PrivacySettings settings =
        new PrivacySettings(Visibility.fromTag(body.online()), Visibility.fromTag(body.lastSeen()));
    privacy.putSettings(device.accountId(), settings);
    log.info("{} set presence visibility {}", device, settings);
    refreshWatchers(device.accountId());
    return SettingsBody.of(settings);
  }

  @GetMapping("/contacts")
  @Operation(summary = "The contact list the contacts setting reads")
  ContactsBody contacts(@AuthenticationPrincipal AuthenticatedDevice device) {
    return new ContactsBody(
        privacy.contacts(device.accountId()).stream().map(UUID::toString).toList());
  }

  @PutMapping("/contacts")
  @Operation(summary = "Replace the contact list (at most parley.presence.max-contacts ids)")
  ResponseEntity<Void> putContacts(
      @AuthenticationPrincipal AuthenticatedDevice device, @Valid @RequestBody ContactsBody body) {
    if (body.accounts().size() > maxContacts) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          "too-many-contacts",
          "at most " + maxContacts + " contacts, not " + body.accounts().size());
    }
    Set<UUID> contacts = new LinkedHashSet<>();
    List<String> accounts = new ArrayList<>(body.accounts());
    for (int i = 0; i < accounts.size(); i++) {
      contacts.add(PresenceController.Requests.accountId("accounts[" + i + "]", accounts.get(i)));
    }
    privacy.putContacts(device.accountId(), contacts);
    log.info("{} declared {} contacts", device, contacts.size());
    refreshWatchers(device.accountId());
    return ResponseEntity.noContent().build();
  }

  private void refreshWatchers(UUID account) {
    try {
      fanOut.publish(account, store.state(account), FanOut.Kind.REFRESH);
    } catch (RuntimeException e) {
      log.warn("watchers of {} not re-told after a privacy change: {}", account, e.toString());
    }
  }
}
