package org.layerscope.app;

import org.layerscope.cli.LayerScopeCommand;

/** Entry point of {@code java -jar layerscope.jar}: subcommands run the command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(LayerScopeCommand.run(args));
    }
}
