package org.layerscope.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the package arrows of the design true. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.layerscope");

    @Test
    void onlyUiAndAppUseJavaFx() {
        noClasses().that().resideOutsideOfPackages("org.layerscope.ui..", "org.layerscope.app..")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    /**
     * The packages that may use pcap4j's packet classes ({@code org.pcap4j.packet..}); a dissector built on them
     * is added here. Capturing ({@code org.pcap4j.core}, libpcap) stays in {@code capture} alone.
     */
    private static final String[] PCAP4J_USERS = {"org.layerscope.capture..",
            "org.layerscope.dissect.other.." /* frames that are not TCP, through pcap4j's packet factory */};

    @Test
    void onlyCaptureUsesPcap4jToCapture() {
        noClasses().that().resideOutsideOfPackage("org.layerscope.capture..")
                .should().dependOnClassesThat().resideInAPackage("org.pcap4j.core..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void pcap4jOnlyWhereAllowed() {
        noClasses().that().resideOutsideOfPackages(PCAP4J_USERS)
                .should().dependOnClassesThat().resideInAPackage("org.pcap4j..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void onlyRunAndCaptureUsesTheMqttClientAndBroker() {
        noClasses().that().resideOutsideOfPackage("org.layerscope.demo..")
                .should().dependOnClassesThat().resideInAnyPackage("com.hivemq..", "io.moquette..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void commandLineDoesNotUseTheWindow() {
        noClasses().that().resideInAPackage("org.layerscope.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("org.layerscope.ui..", "javafx..")
                .check(CLASSES);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("org.layerscope.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void noCyclesBetweenSubpackages() {
        slices().matching("org.layerscope.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void analysisCoreDoesNotDependOnFrontEnds() {
        noClasses().that().resideInAnyPackage("org.layerscope.model..", "org.layerscope.pcapio..",
                        "org.layerscope.dissect..", "org.layerscope.analysis..")
                .should().dependOnClassesThat().resideInAnyPackage("org.layerscope.cli..", "org.layerscope.ui..",
                        "org.layerscope.app..", "picocli..")
                .check(CLASSES);
    }

    @Test
    void commandLineAndSessionDoNotUseTheWindow() {
        noClasses().that().resideInAnyPackage("org.layerscope.cli..", "org.layerscope.session..",
                        "org.layerscope.render..")
                .should().dependOnClassesThat().resideInAPackage("org.layerscope.ui..")
                .check(CLASSES);
    }

    @Test
    void modelDependsOnNothingElse() {
        noClasses().that().resideInAPackage("org.layerscope.model..")
                .should().dependOnClassesThat().resideInAnyPackage("org.layerscope.pcapio..",
                        "org.layerscope.dissect..", "org.layerscope.analysis..")
                .check(CLASSES);
    }
}
