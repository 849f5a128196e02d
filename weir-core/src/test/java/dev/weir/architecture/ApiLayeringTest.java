package dev.weir.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The public API is kept apart from the engine: what users touch ({@code dev.weir.api..} and the
 * connectors of {@code dev.weir.connector..}) reaches the runtime only through the SPI
 * ({@code dev.weir.api.spi}), never through the runtime's, the planner's, the checkpoint
 * machinery's or the state backends' own classes. So the same job can be handed to another engine
 * (a runner for Apache Flink), and the engine can change without breaking a user's build.
 */
class ApiLayeringTest {
    private static final String[] INTERNALS = {
        "dev.weir.runtime..", "dev.weir.graph..", "dev.weir.checkpoint..", "dev.weir.state..", "dev.weir.testing.."};

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.weir");
    }

    @Test
    void theApiDoesNotDependOnTheEnginesInternals() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.weir.api..")
                .should().dependOnClassesThat().resideInAnyPackage(INTERNALS)
                .because("the API reaches the engine only through dev.weir.api.spi");
        rule.check(production);
    }

    @Test
    void theConnectorsUsersTouchDoNotDependOnTheEnginesInternals() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.weir.connector..")
                .should().dependOnClassesThat().resideInAnyPackage(INTERNALS)
                .because("connectors are public: they are built on the API and its SPI only");
        rule.check(production);
    }

    @Test
    void theRuleCanFail_anInternalClassDependsOnTheEngine() {
        ArchRule inverted = noClasses().that().resideInAPackage("dev.weir.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.weir.checkpoint..");
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> inverted.check(production),
                "the runtime does use the checkpoint package: a rule that never fails checks nothing");
    }
}
