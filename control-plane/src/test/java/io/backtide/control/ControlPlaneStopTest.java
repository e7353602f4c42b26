package io.backtide.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.control.testing.Http;
import io.backtide.control.testing.RecordingLauncher;
import io.backtide.control.testing.RunningControlPlane;
import java.io.UncheckedIOException;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The address the control plane reports: the bound one while it serves, none once it is stopped (a
 * SIGTERM during start-up used to print a URL with port -2, the stopped server's).
 */
class ControlPlaneStopTest {

  @Test
  void aServingControlPlaneReportsTheAddressItAnswersOn() {
    try (var cp = RunningControlPlane.builder().launcher(s -> new RecordingLauncher()).start()) {
      URI listening = cp.controlPlane().listening().orElseThrow();

      assertThat(listening.getPort()).isPositive().isEqualTo(cp.controlPlane().port());
      assertThat(cp.http().get("/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aControlPlaneClosedBeforeItStartsReportsNoAddressAndServesNothing() {
    try (var cp = RunningControlPlane.builder().launcher(s -> new RecordingLauncher()).start()) {
      URI was = cp.controlPlane().listening().orElseThrow();
      ControlPlane plane = cp.controlPlane();
      plane.close();

      assertThat(plane.listening()).isEmpty();
      assertThat(plane.start().listening()).as("start after close").isEmpty();
      assertThatThrownBy(() -> new Http(was).get("/health"))
          .isInstanceOf(UncheckedIOException.class);
    }
  }
}
