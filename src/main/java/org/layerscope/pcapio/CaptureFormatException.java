package org.layerscope.pcapio;

import java.io.IOException;

/** The file is not a capture LayerScope can read, or it is corrupt; the message says which, for people. */
public class CaptureFormatException extends IOException {
    public CaptureFormatException(String message) {
        super(message);
    }
}
