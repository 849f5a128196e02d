package dev.weir.architecture.duplicates.second;

/** A top-level class named like a nested one: the fixture that shows the nesting rule can fail. */
public interface Context {
}
