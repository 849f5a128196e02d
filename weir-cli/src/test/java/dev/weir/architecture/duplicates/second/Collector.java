package dev.weir.architecture.duplicates.second;

/** The other public class named Collector: the fixture that shows the name rule can fail. */
public final class Collector {
}
