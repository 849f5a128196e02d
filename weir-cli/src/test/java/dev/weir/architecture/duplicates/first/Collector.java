package dev.weir.architecture.duplicates.first;

/** One of two public classes with the same simple name: the fixture that shows the name rule can fail. */
public interface Collector {
}
