package org.layerscope.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.Test;

class FontChoiceTest {
    @Test
    void fixedWidthTextGetsAFixedWidthJapaneseFamilyElseTheProportionalOne() {
        Set<String> linux = Set.of("DejaVu Sans Mono", "Noto Sans CJK JP", "Noto Sans Mono CJK JP");
        assertEquals("Noto Sans Mono CJK JP", FontChoice.chooseMono("Linux", linux));
        assertEquals("Noto Sans CJK JP", FontChoice.chooseMono("Linux", Set.of("DejaVu Sans Mono", "Noto Sans CJK JP")),
                "Japanese not aligned rather than empty boxes");
        assertEquals("MS Gothic", FontChoice.chooseMono("Windows 11", Set.of("Meiryo", "MS Gothic", "Consolas")));
        assertEquals("Hiragino Sans", FontChoice.chooseMono("Mac OS X", Set.of("Hiragino Sans", "Menlo")));
        assertNull(FontChoice.chooseMono("Linux", Set.of("DejaVu Sans Mono")), "no Japanese family at all");
    }
}
