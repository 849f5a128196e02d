package dev.weir.flink.translate.io;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * A Weir source split as Flink sees it: the Weir split value (which carries its reader's position) under an id
 * that is unique within the job, so Flink can track where it is assigned.
 *
 * @param <S> the Weir split type
 */
record WeirSplit<S>(String id, S split) implements SourceSplit {

    @Override
    public String splitId() {
        return id;
    }
}
