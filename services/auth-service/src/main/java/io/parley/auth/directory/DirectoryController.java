package io.parley.auth.directory;

import io.parley.security.AuthenticatedDevice;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "directory", description = "Contact discovery")
class DirectoryController {

  record LookupRequest(@NotNull @Size(min = 1, max = 1000) List<@NotNull String> phoneNumbers) {}

  record LookupResponse(List<DirectoryService.Match> registered) {}

  private final DirectoryService directory;

  DirectoryController(DirectoryService directory) {
    this.directory = directory;
  }

  @Operation(
      summary = "Which of these numbers have Parley accounts",
      description =
          "At most 1000 numbers per call; each costs one token of the caller's rate limit."
              + " Unregistered numbers are simply absent.",
      security = @SecurityRequirement(name = "bearer"))
  @PostMapping("/v1/directory/lookup")
  LookupResponse lookup(
      @AuthenticationPrincipal AuthenticatedDevice device,
      @Valid @RequestBody LookupRequest request) {
    return new LookupResponse(directory.lookup(device.accountId(), request.phoneNumbers()));
  }
}
