package dev.weir.runtime;

import dev.weir.api.connector.SourceReader.InputStatus;
import dev.weir.runtime.operators.SourceOperator;
import java.util.List;

/**
 * One parallel subtask of a job vertex, on its own thread: reads its input (a source reader or
 * its input channels), drives the operator chain, and between batches runs the actions posted to
 * its {@link Mailbox}. When the input has ended it lets the chain flush, sends end-of-input on
 * every outgoing channel and closes the chain.
 */
final class Task implements Runnable {
    private final String name;
    private final TaskWakeup wakeup;
    private final Mailbox mailbox;
    private final OperatorChain chain;
    private final InputGate inputGate; // null for source tasks
    private final List<RecordWriter> writers;
    private final LocalJobRun job;

    Task(String name, TaskWakeup wakeup, Mailbox mailbox, OperatorChain chain, InputGate inputGate,
         List<RecordWriter> writers, LocalJobRun job) {
        this.name = name;
        this.wakeup = wakeup;
        this.mailbox = mailbox;
        this.chain = chain;
        this.inputGate = inputGate;
        this.writers = writers;
        this.job = job;
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

    @Override
    public void run() {
        wakeup.bindToCurrentThread();
        boolean closed = false;
        try {
            chain.open();
            if (inputGate == null) {
                readSource((SourceOperator<?>) (Object) chain.head().operator());
            } else {
                readChannels();
            }
            chain.endInput();
            for (RecordWriter writer : writers) {
                writer.broadcastEvent(ControlEvent.EndOfInput.INSTANCE);
            }
            closed = true;
            Throwable closeFailure = chain.close();
            if (closeFailure != null) {
                throw closeFailure;
            }
        } catch (Throwable failure) {
            job.taskFailed(this, failure);
        } finally {
            if (!closed) {
                chain.close(); // best effort after a failure; the first failure is already reported
            }
        }
    }

    private void readSource(SourceOperator<?> source) throws Exception {
        while (true) {
            checkCancelled();
            if (mailbox.hasMail()) {
                mailbox.runAll();
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
                case MORE_AVAILABLE -> { }
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

    private void readChannels() throws Exception {
        var head = chain.headInput();
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
                Object[] records = batch.records;
                for (int i = 0, n = batch.size; i < n; i++) {
                    head.collect(records[i]);
                }
            } else if (element == ControlEvent.EndOfInput.INSTANCE) {
                inputGate.markEnded(inputGate.lastChannel());
            } else {
                throw new IllegalStateException("unknown element in channel: " + element);
            }
        }
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
}
