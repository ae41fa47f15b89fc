package org.layerscope.capture;

import java.nio.file.Path;

/**
 * What a finished capture saw.
 *
 * @param frames          frames captured and written
 * @param kernelDropped   packets the kernel dropped because LayerScope did not read them fast enough (libpcap's
 *                        {@code ps_drop}), or -1 when unknown
 * @param interfaceDropped packets the interface or driver dropped ({@code ps_ifdrop}), or -1 when unknown
 * @param queueDropped    frames LayerScope itself dropped because the analysis fell too far behind
 * @param file            the pcapng file written
 * @param error           the error that ended the capture early, or null
 */
public record CaptureStats(long frames, long kernelDropped, long interfaceDropped, long queueDropped, Path file,
                           CaptureException error) {
}
