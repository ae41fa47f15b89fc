package org.layerscope.cli;

/** Output formats of the command line. */
public enum OutputFormat { tsv, json, text }
