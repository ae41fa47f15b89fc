import java.nio.file.Path;
import org.layerscope.session.CaptureLoader;
import org.layerscope.session.PacketTable;

/**
 * The live heap a loaded capture keeps (the window's packet table: columns, Info texts, frame offsets), without the
 * window: the load as the window does it, then three full collections. Repeatable to the megabyte, unlike the window's
 * peak RSS (which follows G1's sizing of the heap during the load).
 * Usage: {@code java -Xmx2g -cp target/layerscope.jar bench/HeapAfterLoad.java CAPTURE}
 */
public class HeapAfterLoad {
    public static void main(String[] a) throws Exception {
        PacketTable t = new CaptureLoader(Path.of(a[0])).runAndGet();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        System.out.println("rows " + t.size() + ", live heap " + (rt.totalMemory() - rt.freeMemory()) / (1 << 20)
                + " MB, of which the table's own estimate " + t.memoryBytes() / (1 << 20) + " MB");
    }
}
