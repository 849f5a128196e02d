package dev.weir.flink.translate.bridge;

import dev.weir.api.metrics.Counter;
import dev.weir.api.metrics.Gauge;
import dev.weir.api.metrics.SimpleCounter;
import dev.weir.api.metrics.groups.OperatorMetricGroup;

/**
 * Weir's operator metric group over Flink's: a Weir counter or gauge is registered with Flink under the same
 * name, read through a small Flink adapter, so it shows in Flink's metrics (web UI, reporters).
 */
final class WeirMetricGroup implements OperatorMetricGroup {

    private final org.apache.flink.metrics.MetricGroup flink;

    WeirMetricGroup(org.apache.flink.metrics.MetricGroup flink) {
        this.flink = flink;
    }

    @Override
    public Counter counter(String name) {
        return counter(name, new SimpleCounter());
    }

    @Override
    public <C extends Counter> C counter(String name, C counter) {
        flink.counter(name, new org.apache.flink.metrics.Counter() {
            @Override
            public void inc() {
                counter.inc();
            }

            @Override
            public void inc(long n) {
                counter.inc(n);
            }

            @Override
            public void dec() {
                counter.dec();
            }

            @Override
            public void dec(long n) {
                counter.dec(n);
            }

            @Override
            public long getCount() {
                return counter.getCount();
            }
        });
        return counter;
    }

    @Override
    public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
        flink.gauge(name, (org.apache.flink.metrics.Gauge<T>) gauge::getValue);
        return gauge;
    }
}
