package dev.weir.api;

/** The job a function runs in ({@code getRuntimeContext().getJobInfo()}). */
public interface JobInfo {

    /** The job's name: given to {@code execute(name)}, or by default the simple name of the class that built it. */
    String getJobName();
}
