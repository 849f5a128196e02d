package dev.weir.runtime;

import dev.weir.api.testing.FaultInjector;
import dev.weir.api.CheckpointingMode;
import dev.weir.api.connector.SourceReader.InputStatus;
import dev.weir.checkpoint.BarrierAlignment;
import dev.weir.checkpoint.CheckpointCoordinator;
import dev.weir.checkpoint.TaskAcknowledgement;
import dev.weir.api.spi.AsyncSnapshotWork;
import dev.weir.runtime.operators.OperatorSnapshot;
import dev.weir.runtime.operators.SourceOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One parallel subtask of a job vertex, on its own thread: reads its input (a source reader or its
 * input channels), drives the operator chain, and between batches runs the actions posted to its
 * {@link Mailbox} (checkpoint triggers, notifications, timers).
 *
 * <p><b>Two inputs.</b> A task whose head is a two-input operator reads the channels of both inputs
 * through one {@link InputGate}: records go to the head's first or second input by the channel they
 * came on; each input's watermarks and idle statuses are combined by a {@link WatermarkValve} of its
 * own, and the two results by a third (the minimum, an idle input left out); barriers are aligned over
 * all channels of both inputs by the one {@link BarrierAlignment}; the input ends when every channel
 * of both inputs has ended.
 *
 * <p><b>Output.</b> Partly filled output batches are handed over when the task is about to wait,
 * and while it is busy at least every buffer timeout: the {@link OutputFlusher} is checked after
 * every input record (and every emitted one), not only between batches.
 *
 * <p><b>Checkpoints.</b> A source task snapshots when the coordinator's trigger reaches its
 * mailbox; other tasks when barrier alignment says so. The snapshot's synchronous part runs here,
 * then the barrier is forwarded on every output, then the state files are written by the snapshot
 * executor, which acknowledges (or declines) to the coordinator.
 *
 * <p><b>End.</b> When the input has ended the chain flushes, end-of-input goes out on every channel,
 * the task's final state is handed to the coordinator for later checkpoints, and the chain closes.
 * Only a task that got that far {@link #reachedEnd() reached its end}; the job is finished only
 * when every task did.
 *
 * <p><b>Failures.</b> Any {@code Throwable} on the task thread fails the job; an {@code Error} in
 * the asynchronous part of a snapshot (the snapshot writer) fails the job too, while an exception
 * there only fails that checkpoint (counted against the tolerated checkpoint failures).
 */
final class Task implements Runnable {
    private final int index;
    private final String name;
    private final TaskWakeup wakeup;
    private final Mailbox mailbox;
    private final OperatorChain chain;
    private final InputGate inputGate; // null for source tasks
    private final List<RecordWriter> writers;
    private final OutputFlusher flusher;
    private final LocalJobRun job;
    private final Checkpointing checkpointing; // null when checkpointing is off

    /** What a task needs to take part in checkpoints. */
    record Checkpointing(CheckpointCoordinator coordinator, SnapshotWriter writer, Executor asyncExecutor,
                         CheckpointingMode mode, FaultInjector faults, int attempt, long firstCheckpointId) {
    }

    private BarrierAlignment alignment = BarrierAlignment.start();
    private long lastSnapshotId;
    private long lastCompletedId;
    private boolean finalStateHandedOver; // later checkpoints get the final state from the coordinator
    /** The stop-with-savepoint this task stops with (0: none): a source emits nothing after its barrier. */
    private long stopSavepointId;
    /** A source asked to end its input now (stop with drain). */
    private boolean drainRequested;
    /** Set last on the task thread: input ended, final checkpoint committed, chain closed without error. */
    private volatile boolean reachedEnd;

    Task(int index, String name, TaskWakeup wakeup, Mailbox mailbox, OperatorChain chain, InputGate inputGate,
         List<RecordWriter> writers, OutputFlusher flusher, LocalJobRun job, Checkpointing checkpointing) {
        this.index = index;
        this.name = name;
        this.wakeup = wakeup;
        this.mailbox = mailbox;
        this.chain = chain;
        this.inputGate = inputGate;
        this.writers = writers;
        this.flusher = flusher;
        this.job = job;
        this.checkpointing = checkpointing;
        // Ids of this run start above every id used before, so the final state's id never repeats one.
        this.lastSnapshotId = checkpointing == null ? 0 : checkpointing.firstCheckpointId() - 1;
    }

    String name() {
        return name;
    }

    OperatorChain chain() {
        return chain;
    }

    TaskWakeup wakeup() {
        return wakeup;
    }

    OutputFlusher flusher() {
        return flusher;
    }

    Mailbox mailbox() {
        return mailbox;
    }

    boolean isSource() {
        return inputGate == null;
    }

    @Override
    public void run() {
        wakeup.bindToCurrentThread();
        boolean closed = false;
        try {
            chain.open();
            if (inputGate == null) {
                readSource((SourceOperator<?, ?>) (Object) chain.head().operator());
            } else {
                readChannels();
            }
            if (stopSavepointId > 0) {
                stopWithSavepoint();
                closed = true;
                Throwable closeFailure = chain.close();
                if (closeFailure != null) {
                    throw closeFailure;
                }
                reachedEnd = true;
                return;
            }
            chain.endInput();
            for (RecordWriter writer : writers) {
                writer.broadcastEvent(ControlEvent.EndOfInput.INSTANCE);
            }
            handOverFinalState();
            awaitFinalCheckpoint();
            closed = true;
            Throwable closeFailure = chain.close();
            if (closeFailure != null) {
                throw closeFailure;
            }
            reachedEnd = true;
        } catch (Throwable failure) {
            job.taskFailed(this, failure);
        } finally {
            if (!closed) {
                chain.close(); // best effort after a failure; the first failure is already reported
            }
        }
    }

    private void readSource(SourceOperator<?, ?> source) throws Exception {
        while (true) {
            checkCancelled();
            if (mailbox.hasMail()) {
                mailbox.runAll();
            }
            if (drainRequested) {
                return; // stop with drain: the input ends here, as at the end of a bounded source
            }
            if (stopSavepointId > 0) { // stopping: nothing is emitted after the savepoint's barrier
                if (lastCompletedId >= stopSavepointId) {
                    return;
                }
                flushOutputs();
                wakeup.await(Long.MAX_VALUE, () -> mailbox.hasMail() || job.isCancelled());
                continue;
            }
            if (!outputsHaveSpace()) {
                // Wait here, not inside the reader, so triggers and notifications still run.
                wakeup.awaitOutputSpace(Long.MAX_VALUE, () -> mailbox.hasMail() || job.isCancelled() || outputsHaveSpace());
                continue;
            }
            InputStatus status;
            try {
                status = source.pollNext();
            } catch (Exception e) {
                if (e instanceof OperatorFailure || e instanceof TaskCancelledException) {
                    throw e;
                }
                throw OperatorFailure.during(chain.head().info(), "reading the source", e);
            }
            switch (status) {
                case MORE_AVAILABLE -> flusher.flushIfDue();
                case NOTHING_AVAILABLE -> {
                    flushOutputs();
                    wakeup.await(source.nanosUntilAvailable(), () -> mailbox.hasMail() || job.isCancelled());
                }
                case END_OF_INPUT -> {
                    return;
                }
            }
        }
    }

    private boolean outputsHaveSpace() {
        for (RecordWriter writer : writers) {
            if (!writer.hasSpaceOrWakeWhenFree()) {
                return false;
            }
        }
        return true;
    }

    private void readChannels() throws Exception {
        var head = chain.headInput();
        OperatorChain.BatchInput first = chain.firstBatchInput();
        OperatorChain.BatchInput second = chain.secondBatchInput();
        RecordTimestamp timestamp = chain.timestamp();
        boolean twoInputs = inputGate.hasTwoInputs();
        if (twoInputs && second == null) {
            throw new IllegalStateException(name + " reads two inputs but its head operator takes one");
        }
        // One valve per input; a two-input task combines the two in a third (see WatermarkValve.perInput).
        WatermarkValve[] valves = twoInputs
                ? WatermarkValve.perInput(head, inputGate.channelCount(0), inputGate.channelCount(1))
                : WatermarkValve.perInput(head, inputGate.channelCount());
        boolean timedOutputs = flusher.isTimed();
        while (!inputGate.allEnded()) {
            checkCancelled();
            if (mailbox.hasMail()) {
                mailbox.runAll();
            }
            Object element = inputGate.poll();
            if (element == null) {
                flushOutputs();
                wakeup.await(Long.MAX_VALUE,
                        () -> mailbox.hasMail() || inputGate.hasData() || job.isCancelled());
            } else if (element instanceof RecordBatch batch) {
                int channel = inputGate.lastChannel();
                int input = inputGate.inputOf(channel);
                valves[input].record(inputGate.indexInInput(channel));
                (input == 0 ? first : second).process(batch, timedOutputs ? flusher : null);
                inputGate.recycle(channel, batch); // nothing keeps a batch once its records were processed
            } else if (element instanceof ControlEvent.Watermark watermark) {
                timestamp.set(RecordTimestamp.NO_TIMESTAMP);
                int channel = inputGate.lastChannel();
                valves[inputGate.inputOf(channel)].watermark(inputGate.indexInInput(channel), watermark.timestamp());
            } else if (element instanceof ControlEvent.WatermarkStatus status) {
                int channel = inputGate.lastChannel();
                valves[inputGate.inputOf(channel)].status(inputGate.indexInInput(channel),
                        status == ControlEvent.WatermarkStatus.IDLE);
            } else if (element instanceof ControlEvent.Barrier barrier) {
                onBarrier(inputGate.lastChannel(), barrier);
            } else if (element instanceof ControlEvent.Stopped stoppedWith) {
                // The upstream stopped with a savepoint: no final watermark (the valve keeps the channel's last one).
                stopSavepointId = stoppedWith.savepointId();
                inputGate.markEnded(inputGate.lastChannel());
                if (checkpointing != null) {
                    apply(BarrierAlignment.onEndOfInput(alignment, inputGate.endedChannels(),
                            inputGate.channelCount(), checkpointing.mode()), 0);
                }
            } else if (element == ControlEvent.EndOfInput.INSTANCE) {
                timestamp.set(RecordTimestamp.NO_TIMESTAMP);
                int channel = inputGate.lastChannel();
                valves[inputGate.inputOf(channel)].ended(inputGate.indexInInput(channel));
                inputGate.markEnded(inputGate.lastChannel());
                if (checkpointing != null) {
                    apply(BarrierAlignment.onEndOfInput(alignment, inputGate.endedChannels(),
                            inputGate.channelCount(), checkpointing.mode()), 0);
                }
            } else {
                throw new IllegalStateException("unknown element in channel: " + element);
            }
        }
    }

    // ---- checkpoints ----

    /** Mailbox action on source tasks: the coordinator triggers checkpoint {@code checkpointId}. */
    void triggerCheckpoint(long checkpointId, long timestamp) {
        performCheckpoint(checkpointId, timestamp, 0);
    }

    /**
     * Mailbox action on source tasks: take savepoint {@code checkpointId} and stop emitting; the task
     * ends once it completed (see {@link #stopWithSavepoint}), or goes on if it is aborted.
     */
    void triggerStopSavepoint(long checkpointId, long timestamp) {
        if (finalStateHandedOver) {
            return; // ended already: the coordinator writes its final state into the savepoint
        }
        performCheckpoint(checkpointId, timestamp, 0);
        stopSavepointId = checkpointId;
    }

    /** Mailbox action on source tasks: end the input now (stop with drain). */
    void drain() {
        drainRequested = true;
    }

    /**
     * The end of a task stopped with a savepoint: tells the tasks downstream, then waits for the
     * savepoint's completion (its notification commits the sinks' transactions); no {@code endInput},
     * no final watermark, no final state: the savepoint holds the state as it was at its barrier.
     */
    private void stopWithSavepoint() throws Exception {
        flushOutputs();
        for (RecordWriter writer : writers) {
            writer.broadcastEvent(new ControlEvent.Stopped(stopSavepointId));
        }
        while (lastCompletedId < stopSavepointId) {
            checkCancelled();
            if (mailbox.hasMail()) {
                mailbox.runAll();
            } else {
                wakeup.await(Long.MAX_VALUE, () -> mailbox.hasMail() || job.isCancelled());
            }
        }
    }

    private void onBarrier(int channel, ControlEvent.Barrier barrier) {
        if (checkpointing == null) {
            return;
        }
        apply(BarrierAlignment.onBarrier(alignment, channel, barrier.checkpointId(), inputGate.endedChannels(),
                inputGate.channelCount(), checkpointing.mode(), System.nanoTime()), barrier.timestamp());
    }

    private void apply(BarrierAlignment.Step step, long barrierTimestamp) {
        alignment = step.next();
        act(step.action(), barrierTimestamp);
    }

    private void act(BarrierAlignment.Action action, long barrierTimestamp) {
        if (action instanceof BarrierAlignment.Action.Block block) {
            inputGate.block(block.channel());
        } else if (action instanceof BarrierAlignment.Action.Snapshot snapshot) {
            inputGate.unblockAll();
            performCheckpoint(snapshot.checkpointId(), barrierTimestamp,
                    System.nanoTime() - snapshot.alignmentStartNanos());
        } else if (action instanceof BarrierAlignment.Action.Cancel cancel) {
            inputGate.unblockAll();
            act(cancel.then(), barrierTimestamp);
        }
    }

    private void performCheckpoint(long checkpointId, long timestamp, long alignmentNanos) {
        if (checkpointing == null || checkpointId <= lastSnapshotId || finalStateHandedOver) {
            return; // after the hand-over the coordinator writes this checkpoint from the final state
        }
        long syncStart = System.nanoTime();
        List<OperatorSnapshot> snapshots = chain.snapshotState(checkpointId, timestamp);
        long syncNanos = System.nanoTime() - syncStart; // the pause for the state; forwarding may wait on backpressure
        for (RecordWriter writer : writers) {
            writer.broadcastEvent(new ControlEvent.Barrier(checkpointId, timestamp));
        }
        lastSnapshotId = checkpointId;
        List<SnapshotWriter.MemberImage> images = images(snapshots);
        checkpointing.asyncExecutor().execute(() -> writeAsync(checkpointId, images, syncNanos, alignmentNanos));
    }

    private void writeAsync(long checkpointId, List<SnapshotWriter.MemberImage> images, long syncNanos,
                            long alignmentNanos) {
        try {
            checkpointing.faults().at(FaultInjector.Point.ASYNC_SNAPSHOT, chain.head().info(), checkpointId,
                    checkpointing.attempt());
            TaskAcknowledgement ack = checkpointing.writer().write(checkpointId, index, images, syncNanos,
                    alignmentNanos);
            checkpointing.coordinator().acknowledge(ack);
        } catch (FaultInjector.InjectedFault | AsyncSnapshotWork.ActionFailedException fault) {
            checkpointing.coordinator().decline(checkpointId, index, fault);
            mailbox.post(() -> {
                throw fault; // fails the task: as a crash of its writer would, or a lost fsync must
            });
        } catch (Error e) {
            job.failJob(e); // first: the decline below allocates, which may fail again when the heap is full
            checkpointing.coordinator().decline(checkpointId, index, e);
        } catch (Throwable e) {
            checkpointing.coordinator().decline(checkpointId, index, e);
        } finally {
            mailbox.post(chain::releaseSnapshots);
        }
    }

    private List<SnapshotWriter.MemberImage> images(List<OperatorSnapshot> snapshots) {
        List<SnapshotWriter.MemberImage> images = new ArrayList<>(snapshots.size());
        for (int i = 0; i < snapshots.size(); i++) {
            OperatorChain.Member member = chain.members().get(i);
            images.add(new SnapshotWriter.MemberImage(job.uidOf(member.transformation()), member.info().operatorName(),
                    member.info().subtaskIndex(), member.info().parallelism(), snapshots.get(i)));
        }
        return images;
    }

    /**
     * After end of input: the state is final. Checkpoints this task will not see a barrier of get
     * it from the coordinator, written from this image.
     */
    private void handOverFinalState() {
        if (checkpointing == null) {
            return;
        }
        List<OperatorSnapshot> snapshots = new ArrayList<>();
        for (OperatorSnapshot snapshot : chain.snapshotState(lastSnapshotId + 1, System.currentTimeMillis())) {
            snapshots.add(snapshot.reusable());
        }
        List<SnapshotWriter.MemberImage> images = images(snapshots);
        finalStateHandedOver = true;
        checkpointing.coordinator().taskFinished(index, lastSnapshotId,
                checkpointId -> checkpointing.writer().write(checkpointId, index, images, 0, 0));
    }

    /**
     * Keeps serving the mailbox until a checkpoint holding the final state has completed (and its
     * notification has run), so that what exactly-once sinks wrote last is committed.
     */
    private void awaitFinalCheckpoint() throws Exception {
        if (checkpointing == null) {
            return;
        }
        while (lastCompletedId <= lastSnapshotId) {
            checkCancelled();
            if (mailbox.hasMail()) {
                mailbox.runAll();
            } else {
                wakeup.await(Long.MAX_VALUE, () -> mailbox.hasMail() || job.isCancelled());
            }
        }
    }

    /** Mailbox action: checkpoint {@code checkpointId} is complete. */
    void notifyCheckpointComplete(long checkpointId) {
        lastCompletedId = Math.max(lastCompletedId, checkpointId);
        chain.notifyCheckpointComplete(checkpointId);
    }

    /** Mailbox action: checkpoint {@code checkpointId} was aborted. */
    void notifyCheckpointAborted(long checkpointId) {
        if (inputGate == null && checkpointId == stopSavepointId) {
            stopSavepointId = 0; // the stop failed: the job goes on
        }
        if (inputGate != null && checkpointing != null) {
            BarrierAlignment.Step step = BarrierAlignment.onAbort(alignment, checkpointId);
            alignment = step.next();
            act(step.action(), 0);
        }
        chain.notifyCheckpointAborted(checkpointId);
    }

    private void flushOutputs() {
        for (RecordWriter writer : writers) {
            writer.flush();
        }
    }

    private void checkCancelled() {
        if (job.isCancelled()) {
            throw new TaskCancelledException();
        }
    }

    /**
     * Whether this task reached its end: its input ended (a source read to its end), a checkpoint
     * holding its final state completed and was committed by its sinks, and its chain closed
     * without error. Read after the task thread ended.
     */
    boolean reachedEnd() {
        return reachedEnd;
    }

    int index() {
        return index;
    }
}
