package io.parley.presence.watch;

import io.parley.presence.PresenceProperties;
import io.parley.presence.privacy.Access;
import io.parley.presence.privacy.PresenceView;
import io.parley.presence.privacy.Privacy;
import io.parley.presence.state.PresenceState;
import io.parley.presence.state.PresenceStore;
import io.parley.runtime.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The edge registers and drops its sessions' watches here, and gets the snapshot a new watch starts
 * with. Internal: the edge never routes {@code /internal/**}, and the viewer is the session's
 * authenticated device, named by the edge (deployments keep this port off the public network; see
 * docs/adr/0013-presence.md).
 */
@RestController
@RequestMapping("/internal/v1/presence/watches")
@Tag(name = "internal (edge only)")
class WatchController {

  /**
   * From the edge: a session of {@code viewer} on edge node {@code node} watches {@code accounts}.
   */
  record WatchRequest(
      @NotNull @Pattern(regexp = "[A-Za-z0-9._:-]{1,128}") String node,
      @NotNull UUID viewer,
      @NotEmpty List<@NotNull UUID> accounts) {}

  /** The snapshot: one view per account, in the order asked. */
  record Snapshot(List<PresenceView> presence) {}

  private final WatchStore watches;
  private final PresenceStore presence;
  private final Privacy privacy;
  private final int maxAccounts;

  WatchController(
      WatchStore watches, PresenceStore presence, Privacy privacy, PresenceProperties properties) {
    this.watches = watches;
    this.presence = presence;
    this.privacy = privacy;
    this.maxAccounts = properties.maxWatchesPerRequest();
  }

  @PostMapping
  @Operation(summary = "Register watches of one edge session; answers their snapshot")
  Snapshot watch(@Valid @RequestBody WatchRequest request) {
    Set<UUID> targets = bounded(request);
    // Registered before the snapshot is read: a change in between reaches the session too, and
    // the snapshot is never older than a change delivered before it.
    watches.watch(request.node(), request.viewer(), targets);
    Map<UUID, PresenceState> states = presence.states(targets);
    Map<UUID, Access> access = privacy.accessOf(request.viewer(), targets);
    List<PresenceView> views = new ArrayList<>(targets.size());
    for (UUID target : targets) {
      views.add(PresenceView.of(target, states.get(target), access.get(target)));
    }
    return new Snapshot(views);
  }

  @PostMapping("/release")
  @Operation(summary = "Drop watches of one edge session (it unwatched or closed)")
  ResponseEntity<Void> release(@Valid @RequestBody WatchRequest request) {
    watches.release(request.node(), request.viewer(), bounded(request));
    return ResponseEntity.noContent().build();
  }

  private Set<UUID> bounded(WatchRequest request) {
    Set<UUID> targets = new LinkedHashSet<>(request.accounts());
    if (targets.size() > maxAccounts) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          "too-many-watches",
          "at most " + maxAccounts + " accounts per watch request, not " + targets.size());
    }
    return targets;
  }
}
