package org.layerscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;
import org.layerscope.ui.WindowPlacement.Placement;

/** Where the first and later windows go (pure geometry; the Xvfb screenshots in docs/ show the real window). */
class WindowPlacementTest {
    private static final Rectangle2D P720 = new Rectangle2D(0, 0, 1280, 720);
    private static final Rectangle2D P768 = new Rectangle2D(0, 0, 1024, 768);

    @Test
    void theFirstWindowFitsTheVisibleAreaOfSmallScreens() {
        for (Rectangle2D screen : new Rectangle2D[] {P720, P768, new Rectangle2D(0, 27, 1280, 693)}) {
            Placement p = WindowPlacement.fit(screen, null);
            assertTrue(p.x() >= screen.getMinX() && p.y() >= screen.getMinY(), "top-left on screen: " + p);
            assertTrue(p.x() + p.width() <= screen.getMaxX() && p.y() + p.height() <= screen.getMaxY(), "fits: " + p);
        }
        Placement big = WindowPlacement.fit(new Rectangle2D(0, 0, 2560, 1440), null);
        assertEquals(1500, big.width());
        assertEquals(940, big.height());
        assertEquals((2560 - 1500) / 2.0, big.x(), "centred");
    }

    @Test
    void aRememberedPlacementComesBackAndIsPulledOntoTheScreen() {
        Placement saved = new Placement(100, 50, 900, 600, false);
        assertEquals(saved, WindowPlacement.fit(P720, saved));
        Placement tooBig = WindowPlacement.fit(P768, new Placement(-110, -73, 1500, 940, true));
        assertEquals(new Placement(0, 0, 1024, 768, true), tooBig);
        Placement elsewhere = WindowPlacement.fit(P720, new Placement(3000, 100, 800, 600, false));
        assertEquals(WindowPlacement.fit(P720, null), elsewhere, "off this screen: the first-time fit");
    }

    @Test
    void placementsAreStoredPerScreenAndDamagedOnesIgnored() {
        Placement p = new Placement(10, 20, 1000, 700, true);
        assertEquals(p, Placement.decode(p.encode()));
        assertNull(Placement.decode("garbage"));
        assertTrue(!WindowPlacement.screenKey(P720, 1).equals(WindowPlacement.screenKey(P720, 2)), "HiDPI scale is part of the key");
        assertTrue(!WindowPlacement.screenKey(P720, 1).equals(WindowPlacement.screenKey(P768, 1)));
    }
}
