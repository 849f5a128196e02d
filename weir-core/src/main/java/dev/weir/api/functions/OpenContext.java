package dev.weir.api.functions;

/**
 * What {@link RichFunction#open} receives. Empty for now, as in Flink: subtask information and
 * state come from {@link RichFunction#getRuntimeContext()}, which is set before {@code open}.
 */
public interface OpenContext {
}
