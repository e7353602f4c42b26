package io.backtide.control.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FreshValueTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void eachCallAloneRunsItsOwnComputation() {
    AtomicInteger runs = new AtomicInteger();
    FreshValue<Integer> value = new FreshValue<>(runs::incrementAndGet);

    assertThat(value.get()).isEqualTo(1);
    assertThat(value.get()).isEqualTo(2);
    assertThat(value.get()).isEqualTo(3);
  }

  @Test
  void callersArrivingDuringAComputationShareTheNextOneNeverTheRunningOne() throws Exception {
    Gate gate = new Gate();
    FreshValue<Integer> value = new FreshValue<>(gate);
    CompletableFuture<Integer> first = CompletableFuture.supplyAsync(value::get, pool);
    gate.awaitRunning(1);

    List<CompletableFuture<Integer>> later = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      later.add(CompletableFuture.supplyAsync(value::get, pool));
    }
    awaitWaiting(later.size());
    gate.release(1);
    gate.awaitRunning(2);
    gate.release(2);

    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    for (CompletableFuture<Integer> f : later) {
      assertThat(f.get(10, TimeUnit.SECONDS))
          .as("the computation that started after the call, shared by all twenty")
          .isEqualTo(2);
    }
    assertThat(gate.runs.get()).isEqualTo(2);
  }

  @Test
  void aFailureReachesOnlyItsRunnerAndTheWaitersRunAgain() throws Exception {
    Gate gate = new Gate();
    gate.failOn = 1;
    FreshValue<Integer> value = new FreshValue<>(gate);
    CompletableFuture<Integer> first = CompletableFuture.supplyAsync(value::get, pool);
    gate.awaitRunning(1);
    CompletableFuture<Integer> waiter = CompletableFuture.supplyAsync(value::get, pool);
    awaitWaiting(1);
    gate.release(1);
    gate.awaitRunning(2);
    gate.release(2);

    assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS))
        .hasRootCauseInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("run 1 failed");
    assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo(2);
  }

  /** Waits until {@code n} threads of the pool block inside {@code get} (waiting on its lock). */
  private static void awaitWaiting(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (waitingThreads() < n) {
      assertThat(System.nanoTime()).as("%d callers waiting", n).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private static long waitingThreads() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> e.getKey().getState() == Thread.State.WAITING)
        .filter(
            e ->
                List.of(e.getValue()).stream()
                    .anyMatch(f -> f.getMethodName().equals("awaitChange")))
        .count();
  }

  /** A computation that numbers its runs and holds each until the test releases it. */
  private static final class Gate implements Supplier<Integer> {
    final AtomicInteger runs = new AtomicInteger();
    final List<CountDownLatch> started = List.of(latch(), latch(), latch());
    final List<CountDownLatch> released = List.of(latch(), latch(), latch());
    volatile int failOn;

    @Override
    public Integer get() {
      int run = runs.incrementAndGet();
      started.get(run - 1).countDown();
      try {
        released.get(run - 1).await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      if (run == failOn) {
        throw new IllegalStateException("run " + run + " failed");
      }
      return run;
    }

    void awaitRunning(int run) throws InterruptedException {
      assertThat(started.get(run - 1).await(30, TimeUnit.SECONDS))
          .as("run %d started", run)
          .isTrue();
    }

    void release(int run) {
      released.get(run - 1).countDown();
    }

    private static CountDownLatch latch() {
      return new CountDownLatch(1);
    }
  }
}
