package io.backtide.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.backtide.control.testing.RecordingLauncher;
import io.backtide.control.testing.RunningControlPlane;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code HOST} decides which interfaces the HTTP server listens on. */
class BindAddressTest {

  @Test
  void hostLoopbackServesLoopbackAndRefusesTheMachinesOtherAddresses() throws Exception {
    Optional<InetAddress> external = nonLoopbackAddress();
    try (RunningControlPlane cp =
        RunningControlPlane.builder()
            .env("HOST", "127.0.0.1")
            .launcher(s -> new RecordingLauncher())
            .start()) {
      int port = cp.uri().getPort();

      assertThat(cp.uri().getHost()).isEqualTo("127.0.0.1");
      assertThat(cp.http().get("/health").statusCode()).isEqualTo(200);
      assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address");
      assertThatThrownBy(() -> connect(external.get(), port))
          .as("nothing listens on %s:%d", external.get().getHostAddress(), port)
          .isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void defaultHostServesThisMachineOnly() throws Exception {
    Optional<InetAddress> external = nonLoopbackAddress();
    try (RunningControlPlane cp =
        RunningControlPlane.builder().launcher(s -> new RecordingLauncher()).start()) {
      assertThat(cp.config().host()).isEqualTo("127.0.0.1");
      assertThat(cp.http().get("/health").statusCode()).isEqualTo(200);
      assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address");
      assertThatThrownBy(() -> connect(external.get(), cp.uri().getPort()))
          .as("nothing listens on %s by default", external.get().getHostAddress())
          .isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void everyInterfaceWithAKeyServesTheMachinesOtherAddresses() throws Exception {
    Optional<InetAddress> external = nonLoopbackAddress();
    try (RunningControlPlane cp =
        RunningControlPlane.builder()
            .env("HOST", "0.0.0.0")
            .apiKey("k")
            .launcher(s -> new RecordingLauncher())
            .start()) {
      assertThat(cp.config().host()).isEqualTo("0.0.0.0");
      assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address");
      connect(external.get(), cp.uri().getPort());
    }
  }

  private static void connect(InetAddress address, int port) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2000);
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
          return Optional.of(address);
        }
      }
    }
    return Optional.empty();
  }
}
