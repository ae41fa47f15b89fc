package org.layerscope.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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

    @Test
    void onlyCaptureUsesPcap4j() {
        // dissect.other parses the frames that are not TCP with pcap4j's packet classes (never its capture API)
        noClasses().that().resideOutsideOfPackages("org.layerscope.capture..", "org.layerscope.dissect.other..")
                .should().dependOnClassesThat().resideInAPackage("org.pcap4j..")
                .allowEmptyShould(true)
                .check(CLASSES);
        noClasses().that().resideInAPackage("org.layerscope.dissect.other..")
                .should().dependOnClassesThat().resideInAPackage("org.pcap4j.core..")
                .check(CLASSES);
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
