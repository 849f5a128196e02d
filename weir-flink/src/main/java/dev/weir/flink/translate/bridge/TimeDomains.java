package dev.weir.flink.translate.bridge;

import dev.weir.api.TimeDomain;

/** Weir's time domain of Flink's. */
public final class TimeDomains {

    private TimeDomains() {
    }

    public static TimeDomain of(org.apache.flink.streaming.api.TimeDomain flink) {
        return flink == org.apache.flink.streaming.api.TimeDomain.EVENT_TIME ? TimeDomain.EVENT_TIME
                : TimeDomain.PROCESSING_TIME;
    }
}
