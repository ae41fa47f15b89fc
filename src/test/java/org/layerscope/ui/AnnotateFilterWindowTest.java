package org.layerscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.layerscope.analysis.ConnectionSummary;
import org.layerscope.render.TimelineRenderer;
import org.layerscope.session.PacketTable;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 7's window checks (a comment added, saved, reopened and found; a typed filter shrinks the list;
 * nothing unsaved is lost) and issue 6's Connections panel, driven through the real controls on Monocle.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS) // a hung window or toolkit fails the test instead of the build
class AnnotateFilterWindowTest {
    @TempDir
    static Path autosave;

    @TempDir
    Path tmp;

    private LayerScopeApp app;

    @BeforeAll
    static void toolkit() {
        FxTestSupport.requireToolkit();
        System.setProperty("layerscope.autosave", autosave.toString());
    }

    @Start
    void start(Stage stage) {
        app = FxTestSupport.englishWindow(stage);
    }

    @AfterEach
    void forget() {
        // no dialog on the next test's window
        FxTestSupport.fx(() -> app.viewModel().annotations().dirtyProperty().set(false));
    }

    private MainViewModel vm() {
        return app.viewModel();
    }

    private Path copyOf(String sample) throws Exception {
        Path p = tmp.resolve(sample);
        Files.copy(Samples.require(sample), p);
        Path keys = Samples.require(sample).resolveSibling(sample.replace(".pcapng", ".keylog"));
        if (Files.exists(keys)) {
            Files.copy(keys, tmp.resolve(keys.getFileName()));
        }
        return p;
    }

    private void open(Path p) {
        FxTestSupport.fx(() -> vm().document().open(p));
        FxTestSupport.waitUntil(() -> !vm().document().loadingProperty().get() && vm().packets().rowsProperty().get() > 0, "the capture to load");
    }

    /** The dialog pane showing now (a dialog opened by the code under test), or null. */
    private static DialogPane dialog(FxRobot robot) {
        return robot.lookup(".dialog-pane").tryQueryAs(DialogPane.class).orElse(null);
    }

    private static void press(DialogPane pane, ButtonType type) {
        FxTestSupport.fx(() -> ((Button) pane.lookupButton(type)).fire());
    }

    @Test
    void aCommentAddedInTheWindowIsSavedAndFoundAgainAfterReopening(FxRobot robot) throws Exception {
        Path file = copyOf(Samples.TLS12);
        open(file);
        int row = 4;
        long frame = vm().packets().table().number(row);
        FxTestSupport.fx(() -> vm().selection().select(row));
        // Edit ▸ Add a packet comment (Ctrl+Alt+C): the dialog opens on the selected packet
        WaitForAsyncUtils.asyncFx(() -> CommentDialogs.add(vm(), robot.window(0), row));
        FxTestSupport.waitUntil(() -> dialog(robot) != null, "the comment dialog");
        DialogPane pane = dialog(robot);
        TextArea text = (TextArea) pane.lookup("#comment-text");
        assertNotNull(text);
        FxTestSupport.fx(() -> text.setText("Here the broker checks the client certificate"));
        press(pane, ButtonType.OK);
        FxTestSupport.waitUntil(() -> vm().packets().table().hasComments(row), "the comment to be added");
        assertTrue(vm().annotations().dirtyProperty().get(), "unsaved changes are tracked");
        // the annotations panel lists it; clicking it jumps to the packet
        AnnotationsView.Entry entry = app.view().annotations().list().getItems().get(0);
        assertEquals(frame, entry.frame());
        FxTestSupport.fx(() -> vm().selection().select(0));
        FxTestSupport.fx(() -> app.view().annotations().list().getSelectionModel().select(0));
        assertEquals(row, vm().selection().selectedRowProperty().get());
        // the list marks the row
        assertEquals("\u270e", app.view().list().table().getColumns().get(1).getCellData(row));
        // an autosave copy appears, readable by the owner only
        Path copy = AnnotationsViewModel.autosavePath(file);
        FxTestSupport.waitUntil(() -> Files.exists(copy), "the autosave copy");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));

        // Save (the toolbar button) writes the pcapng file in place
        assertTrue(vm().document().canSaveInPlace());
        FxTestSupport.fx(() -> robot.lookup("#save").queryButton().fire());
        FxTestSupport.waitUntil(() -> !vm().annotations().dirtyProperty().get(), "the save");
        FxTestSupport.waitUntil(() -> !Files.exists(copy), "the autosave copy to go once saved");

        // reopen: the comment is read back from the file, on the same frame
        open(file);
        PacketTable t = vm().packets().table();
        int again = t.rowOfFrame(frame);
        assertEquals(List.of("Here the broker checks the client certificate"), t.comments(again));
        assertEquals(1, app.view().annotations().list().getItems().size());
        assertFalse(vm().annotations().dirtyProperty().get());
    }

    @Test
    void typingAFilterShrinksTheListAndClearingItBringsEveryPacketBack(FxRobot robot) throws Exception {
        open(Samples.require(Samples.TLS12));
        TableView<Integer> list = app.view().list().table();
        int all = list.getItems().size();
        assertEquals(vm().packets().table().size(), all);
        Node editor = robot.lookup("#display-filter .text-field").query();
        robot.clickOn(editor);
        robot.write("tls.handshake.ty");
        // completion offers the field name
        FxTestSupport.waitUntil(() -> robot.lookup((Node n) -> n instanceof javafx.scene.control.Label
                && ((javafx.scene.control.Label) n).getText().startsWith("tls.handshake.type")).tryQuery().isPresent(),
                "completion to offer tls.handshake.type (the editor holds '"
                        + ((javafx.scene.control.TextField) editor).getText() + "')");
        robot.type(KeyCode.TAB);
        robot.write(" == 1");
        robot.type(KeyCode.ENTER);
        FxTestSupport.waitUntil(() -> list.getItems().size() < all && !vm().filter().filteringProperty().get(), "the list to shrink (editor '"
                + ((javafx.scene.control.TextField) editor).getText() + "', filter '" + vm().filter().filterProperty().get() + "', error "
                + vm().filter().filterErrorProperty().get() + ")");
        assertEquals(1, list.getItems().size(), "one Client Hello in the TLS 1.2 sample");
        int shown = list.getItems().get(0);
        assertTrue(vm().packets().table().label(shown).contains("Client Hello"), vm().packets().table().label(shown));
        assertEquals("tls.handshake.type == 1", vm().filter().filterProperty().get());
        assertEquals("tls.handshake.type == 1", vm().filter().filterHistory().get(0), "the history keeps it");
        // the timeline draws only the matching packets; phases and connections stay
        assertEquals(vm().packets().table().connectionCount(), app.view().timeline().renderer().bandCount());
        // a bad expression says where it is wrong and leaves the list as it was
        javafx.scene.control.TextField field = (javafx.scene.control.TextField) editor;
        FxTestSupport.fx(() -> field.setText("tcp.port == 8883 and and"));
        robot.clickOn(editor);
        robot.type(KeyCode.ENTER);
        FxTestSupport.waitUntil(() -> vm().filter().filterErrorProperty().get() != null, "the error");
        assertTrue(vm().filter().filterErrorProperty().get().contains("at 21"), vm().filter().filterErrorProperty().get());
        assertEquals("and", field.getSelectedText(), "the offending word is selected");
        assertTrue(robot.lookup("#filter-state").queryLabeled().getText().contains("at 21"));
        assertEquals(1, list.getItems().size(), "the list keeps the last good filter");
        // Clear shows every packet again
        FxTestSupport.fx(() -> robot.lookup("#filter-clear").queryButton().fire());
        FxTestSupport.waitUntil(() -> list.getItems().size() == all, "every packet back");
        assertNull(vm().filter().rowFilterProperty().get());
    }

    @Test
    void closingWithUnsavedCommentsAsksAndDiscardingDeletesTheAutosaveCopy(FxRobot robot) throws Exception {
        Path file = copyOf(Samples.PLAIN);
        open(file);
        FxTestSupport.fx(() -> vm().annotations().addComment(2, "CONNECT"));
        Path copy = AnnotationsViewModel.autosavePath(file);
        FxTestSupport.waitUntil(() -> Files.exists(copy), "the autosave copy");
        AtomicReference<Boolean> answer = new AtomicReference<>();
        WaitForAsyncUtils.asyncFx(() -> answer.set(app.view().confirmDiscard()));
        FxTestSupport.waitUntil(() -> dialog(robot) != null, "the question");
        DialogPane pane = dialog(robot);
        assertEquals("unsaved-dialog", pane.getId());
        Button discard = pane.getButtonTypes().stream().filter(b -> b.getButtonData() == javafx.scene.control.ButtonBar.ButtonData.NO)
                .map(b -> (Button) pane.lookupButton(b)).findFirst().orElseThrow();
        FxTestSupport.fx(discard::fire);
        FxTestSupport.waitUntil(() -> answer.get() != null, "the answer");
        assertTrue(answer.get());
        FxTestSupport.waitUntil(() -> !Files.exists(copy), "the autosave copy to be deleted");
    }

    @Test
    void anAutosaveCopyLeftByACrashIsOfferedAndRecovered(FxRobot robot) throws Exception {
        Path file = copyOf(Samples.PLAIN);
        open(file);
        long frame = vm().packets().table().number(3);
        FxTestSupport.fx(() -> vm().annotations().addComment(3, "recovered note"));
        Path copy = AnnotationsViewModel.autosavePath(file);
        FxTestSupport.waitUntil(() -> Files.exists(copy), "the autosave copy");
        // as after a crash: the file is opened again while its autosave copy exists
        FxTestSupport.fx(() -> vm().annotations().dirtyProperty().set(false));
        FxTestSupport.fx(() -> vm().document().open(file));
        FxTestSupport.waitUntil(() -> dialog(robot) != null, "the recovery question");
        DialogPane pane = dialog(robot);
        Button recover = pane.getButtonTypes().stream().filter(b -> b.getButtonData() == javafx.scene.control.ButtonBar.ButtonData.YES)
                .map(b -> (Button) pane.lookupButton(b)).findFirst().orElseThrow();
        FxTestSupport.fx(recover::fire);
        FxTestSupport.waitUntil(() -> !vm().document().loadingProperty().get() && vm().packets().table().commentedRows().length == 1, "the copy to load");
        assertEquals(file, vm().document().fileProperty().get(), "Save goes to the original");
        assertTrue(vm().annotations().dirtyProperty().get());
        assertEquals(List.of("recovered note"), vm().packets().table().comments(vm().packets().table().rowOfFrame(frame)));
        FxTestSupport.fx(() -> vm().annotations().discardChanges());
    }

    @Test
    void theConnectionsPanelShowsTheVerdictAndTheDecidingPacketIsFlagged(FxRobot robot) throws Exception {
        open(Samples.require("mqtt-tls12-unknown-ca.pcapng"));
        TableView<ConnectionSummary> conns = app.view().connections().table();
        FxTestSupport.waitUntil(() -> conns.getItems().size() == 1, "the connection summary");
        ConnectionSummary c = conns.getItems().get(0);
        assertEquals("tls-alert-by-server:unknown_ca", c.verdict());
        assertEquals(9, c.verdictFrame());
        FxTestSupport.fx(() -> vm().selection().select(0));
        FxTestSupport.fx(() -> conns.getSelectionModel().clearSelection());
        FxTestSupport.fx(() -> conns.getSelectionModel().select(0));
        int deciding = vm().packets().table().decidingRow(0);
        assertEquals(9, vm().packets().table().number(deciding));
        assertEquals(deciding, vm().selection().selectedRowProperty().get(), "selecting the connection selects its deciding packet");
        String details = app.view().connections().describe(c);
        assertTrue(details.contains("unknown_ca") && details.contains("Timings"), details);
        // the panel follows the selected packet once its tab is shown (while hidden, it does no work for it)
        FxTestSupport.fx(() -> app.view().showTab("explanation"));
        FxTestSupport.fx(() -> conns.getSelectionModel().clearSelection());
        FxTestSupport.fx(() -> vm().selection().select(0));
        assertEquals(null, conns.getSelectionModel().getSelectedItem(), "hidden: not followed yet");
        FxTestSupport.fx(() -> app.view().showTab("connections"));
        assertEquals(c, conns.getSelectionModel().getSelectedItem(), "shown: the selected packet's connection");
        // the timeline flags it: a vertical line in the verdict's colour across the band
        FxTestSupport.fx(() -> vm().selection().select(0));
        FxTestSupport.fx(() -> app.view().timeline().fit());
        AtomicReference<WritableImage> img = new AtomicReference<>();
        FxTestSupport.fx(() -> img.set(app.view().timeline().canvas().snapshot(null, null)));
        TimelineRenderer r = app.view().timeline().renderer();
        double x = TimelineRenderer.GUTTER + app.view().timeline().viewport().x(vm().packets().table().time(deciding));
        double y0 = r.bandY(app.view().timeline().viewport(), 0) + TimelineRenderer.CAPTION_H;
        int colour = TimelineRenderer.verdictColour(vm().palette(), c.verdict()) & 0xffffff;
        int hits = 0;
        for (int dx = -1; dx <= 1; dx++) {
            for (int y = (int) y0; y < y0 + 2 * TimelineRenderer.LANE_H; y++) {
                int argb = img.get().getPixelReader().getArgb((int) Math.round(x) + dx, y);
                if (close(argb & 0xffffff, colour)) {
                    hits++;
                }
            }
        }
        assertTrue(hits >= TimelineRenderer.LANE_H, "the deciding packet's flag line is drawn (" + hits + " pixels)");
    }

    private static boolean close(int a, int b) {
        for (int s = 0; s < 24; s += 8) {
            if (Math.abs(((a >> s) & 0xff) - ((b >> s) & 0xff)) > 40) {
                return false;
            }
        }
        return true;
    }

    private static String cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.PrintStream old = System.out;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            int status = org.layerscope.cli.LayerScopeCommand.run(new java.io.PrintWriter(out, true),
                    new java.io.PrintWriter(new java.io.StringWriter(), true), args);
            assertEquals(0, status, String.join(" ", args));
        } finally {
            System.setOut(old);
        }
        return buf.toString(java.nio.charset.StandardCharsets.UTF_8) + out;
    }

    private static void assertSameText(String expected, String actual) {
        if (!expected.equals(actual)) {
            int i = 0;
            while (i < Math.min(expected.length(), actual.length()) && expected.charAt(i) == actual.charAt(i)) {
                i++;
            }
            org.junit.jupiter.api.Assertions.fail("differ at " + i + " of " + expected.length() + "/" + actual.length()
                    + ": expected ..." + expected.substring(Math.max(0, i - 60), Math.min(expected.length(), i + 60))
                    + "... but got ..." + actual.substring(Math.max(0, i - 60), Math.min(actual.length(), i + 60)) + "...");
        }
    }

    private void exportAndWait(java.util.function.Consumer<java.util.function.Consumer<String>> export) {
        AtomicReference<String> done = new AtomicReference<>();
        FxTestSupport.fx(() -> export.accept(done::set));
        FxTestSupport.waitUntil(() -> done.get() != null, "the export");
        assertTrue(done.get().startsWith("Wrote"), done.get());
    }

    @Test
    void theWindowsExportsAreTheCommandLinesAndTheFilteredOnesKeepToTheFilter() throws Exception {
        Path file = copyOf(Samples.TLS13);
        Files.delete(tmp.resolve("mqtt-tls13-mutual.keylog")); // both sides without keys
        open(file);
        Path csv = tmp.resolve("p.csv");
        Path json = tmp.resolve("p.json");
        Path md = tmp.resolve("c.md");
        exportAndWait(d -> vm().exports().exportCsv(csv, false, d));
        exportAndWait(d -> vm().exports().exportJson(json, false, d));
        exportAndWait(d -> vm().exports().exportReport(md, false, d));
        assertSameText(cli("analyze", file.toString(), "--format", "csv", "--lang", "en"), Files.readString(csv));
        assertSameText(cli("analyze", file.toString(), "--format", "json", "--lang", "en"), Files.readString(json));
        assertSameText(cli("diagnose", file.toString(), "--format", "markdown", "--lang", "en"), Files.readString(md));
        // with a filter on, "filtered only" keeps to the matching packets, like --filter
        FxTestSupport.fx(() -> vm().filter().applyFilter("tcp.flags.syn == 1"));
        FxTestSupport.waitUntil(() -> vm().filter().rowFilterProperty().get() != null, "the filter");
        exportAndWait(d -> vm().exports().exportCsv(csv, true, d));
        exportAndWait(d -> vm().exports().exportJson(json, true, d));
        assertSameText(cli("analyze", file.toString(), "--format", "csv", "--lang", "en", "--filter", "tcp.flags.syn == 1"),
                Files.readString(csv));
        assertSameText(cli("analyze", file.toString(), "--format", "json", "--lang", "en", "--filter", "tcp.flags.syn == 1"),
                Files.readString(json));
        assertEquals(3, Files.readString(csv).split("\r\n").length, "header and the two SYNs");
        // the timeline of the filtered view
        Path png = tmp.resolve("t.png");
        exportAndWait(d -> vm().exports().exportTimeline(png, d));
        assertEquals(org.layerscope.render.TimelineExporter.DEFAULT_WIDTH, javax.imageio.ImageIO.read(png.toFile()).getWidth());
    }

    @Test
    void aFieldReadInsideTlsIsHighlightedInTheDecryptedBytes() throws Exception {
        open(copyOf(Samples.TLS12)); // with its key log beside it
        int row = vm().packets().table().rowOfFrame(12);
        FxTestSupport.fx(() -> vm().selection().select(row));
        FxTestSupport.waitUntil(() -> vm().selection().selectedProperty().get() != null, "the details of frame 12");
        org.layerscope.analysis.PacketResult r = vm().selection().selectedProperty().get();
        org.layerscope.model.Field topic = r.tree().find("mqtt.topic");
        assertNotNull(topic);
        assertTrue(org.layerscope.model.Field.inDecrypted(topic.offset()));
        HexView hex = app.view().hex();
        FxTestSupport.fx(() -> vm().selection().selectedFieldProperty().set(topic));
        assertTrue(hex.showingDecrypted(), "the bytes view switches to the decrypted TLS data");
        assertEquals(4, hex.highlightStartProperty().get());
        assertEquals("sdk/test/python".length(), hex.highlightLengthProperty().get());
        assertEquals("sdk/test/python", new String(hex.data(), 4, 15, java.nio.charset.StandardCharsets.US_ASCII));
        org.layerscope.model.Field ip = r.tree().find("ip.src");
        FxTestSupport.fx(() -> vm().selection().selectedFieldProperty().set(ip));
        assertFalse(hex.showingDecrypted(), "a field of the captured bytes switches back");
        assertEquals(ip.offset(), hex.highlightStartProperty().get());
    }

    @Test
    void saveAsPcapWarnsThatCommentsCannotBeKept(FxRobot robot) throws Exception {
        open(Samples.require(Samples.PLAIN));
        FxTestSupport.fx(() -> vm().annotations().addComment(0, "a note"));
        Path out = tmp.resolve("plain.pcap");
        AtomicReference<Boolean> ok = new AtomicReference<>();
        AtomicReference<String> msg = new AtomicReference<>();
        FxTestSupport.fx(() -> vm().document().saveAs(out, false, (java.util.function.BiConsumer<Boolean, String>) (a, b) -> {
            msg.set(b);
            ok.set(a);
        }));
        FxTestSupport.waitUntil(() -> ok.get() != null, "the save");
        assertFalse(ok.get(), "comments were left out, so not everything was saved");
        assertTrue(msg.get().contains("without comments"), msg.get());
        assertTrue(vm().annotations().dirtyProperty().get(), "the comments still need a pcapng");
        FxTestSupport.fx(() -> vm().annotations().discardChanges());
    }
}
