package dev.weir.checkpoint;

import dev.weir.api.CheckpointConfig;
import dev.weir.api.spi.JobSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Which checkpoint a job starts from, by its restore settings: none, this job's latest, or one
 * given by path; and the refusals that keep an operator's mistake from losing or doubling output
 * (a start without restore over this job's checkpoints; {@code latest} where the job never ran).
 */
public final class CheckpointToRestore {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CheckpointToRestore.class);

    private CheckpointToRestore() {
    }

    /**
     * @param storage the job's checkpoint directory, or null when none is configured
     * @return the checkpoint to restore, or null to start fresh
     */
    public static CompletedCheckpoint choose(String jobName, JobSpec.RestoreSettings restore, CheckpointStorage storage,
                                             Path baseDirectory) {
        String from = restore.from();
        if (from == null) {
            List<Long> earlier = storage == null || restore.startFresh() ? List.of()
                    : storage.completedCheckpointIdsOfLineage();
            if (!earlier.isEmpty()) {
                throw new IllegalStateException("checkpoint directory " + storage.jobDirectory() + " already holds "
                        + earlier.size() + " completed checkpoint(s) of job '" + jobName + "' (newest: chk-"
                        + earlier.get(earlier.size() - 1) + "). Starting without a restore would write all output "
                        + "a second time: resume with --restore latest (restoreFrom(\"latest\")), or start over on "
                        + "purpose with --fresh (setStartFresh(true))");
            }
            return null;
        }
        if (restore.startFresh()) {
            throw new IllegalArgumentException("options restore ('" + from + "') and fresh exclude each other: "
                    + "choose one");
        }
        if (!from.equals("latest")) {
            try {
                return CheckpointStorage.loadVerified(CheckpointConfig.parseDirectory(from));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot restore from checkpoint " + from + ": " + e.getMessage()
                        + ". Put the damaged or missing file back if you can, or restore another checkpoint with "
                        + "--restore <path> (restoreFrom(path)); an older one writes the output committed after it "
                        + "a second time", e);
            }
        }
        if (storage == null) {
            throw new IllegalArgumentException("restore 'latest' needs option checkpoint directory");
        }
        if (!storage.hasTrace()) {
            List<String> jobs = CheckpointStorage.jobsIn(baseDirectory);
            throw new IllegalStateException("cannot restore the latest checkpoint of job '" + jobName + "': "
                    + baseDirectory + " holds no trace of it ("
                    + (jobs.isEmpty() ? "no job has run there" : "it holds job(s) " + String.join(", ", jobs))
                    + "). Check the job name and the checkpoint directory, or start fresh without --restore");
        }
        CompletedCheckpoint latest = storage.latestCompleted();
        long newestOnDisk = latest == null ? 0 : latest.checkpointId();
        long lastCompleted = storage.lastCompletedCheckpointOfLineage();
        if (lastCompleted > newestOnDisk) {
            throw new UnreadableCheckpointException("checkpoint " + lastCompleted + " of job '" + jobName + "' completed (the job's "
                    + "trace in " + storage.jobDirectory() + " says so) but its directory "
                    + storage.checkpointDirectory(lastCompleted) + " is gone"
                    + (latest == null ? ", and no older completed checkpoint is left"
                    : "; the newest left is " + latest.checkpointDirectory())
                    + ". Its sinks may have committed its output: restoring an older checkpoint would write the "
                    + "output committed after it a second time. Put the directory back if you can; "
                    + (latest == null ? "to start over and write all output again, start with --fresh "
                    + "(setStartFresh(true))" : "to accept the repeated output, restore it explicitly with --restore "
                    + latest.checkpointDirectory() + " (restoreFrom(path))"));
        }
        if (latest == null) {
            LOG.info("job '{}' ran in {} before but completed no checkpoint: it starts fresh", jobName,
                    storage.jobDirectory());
        } else {
            LOG.info("job '{}' restores checkpoint {} from {}", jobName, latest.checkpointId(),
                    latest.checkpointDirectory());
        }
        return latest;
    }
}
