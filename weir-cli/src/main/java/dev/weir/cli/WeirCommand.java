package dev.weir.cli;

public final class WeirCommand {
    public static void main(String[] args) {
    }
}
