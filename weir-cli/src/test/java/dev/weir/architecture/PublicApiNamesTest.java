package dev.weir.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.weir.cli.port.PublicApi;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Simple names are unique across Weir's public API (every module's public packages, as
 * {@link PublicApi} defines them: {@code weir port} maps Flink's imports by simple name, so two public
 * classes of one name would make the port guess), and names meant to be nested (a function's
 * {@code Context}) are nested, as Flink nests them. Lives in weir-cli because weir-cli's classpath
 * holds every module with public packages (weir-core, weir-kafka, weir-rocksdb).
 */
class PublicApiNamesTest {
    /** Names Flink only ever uses for nested classes; top level they would be ambiguous. */
    private static final Set<String> NESTED_ONLY = Set.of("Context", "OnTimerContext", "ReadOnlyContext", "Builder");

    /**
     * Packages under dev.weir that are not public API: the engine and the programs (the Nexmark jobs too), and the
     * Flink runner (an engine chosen by option execution.target; Flink programs never import it).
     */
    private static final List<String> INTERNAL_PACKAGES = List.of("dev.weir.runtime", "dev.weir.graph",
            "dev.weir.checkpoint", "dev.weir.state", "dev.weir.testing", "dev.weir.examples", "dev.weir.cli",
            "dev.weir.nexmark", "dev.weir.flink");

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.weir");
    }

    @Test
    void publicTopLevelClassesOfThePublicApiHaveUniqueSimpleNames() {
        ArchRule rule = classes().that(arePublicApi()).and().areTopLevelClasses()
                .should(haveASimpleNameNoOtherOfThemHas())
                .because("weir port maps Flink's imports by simple name, and Flink's own names are unique this way");
        rule.check(production);
    }

    @Test
    void namesFlinkNestsAreNestedInWeirToo() {
        ArchRule rule = classes().that(arePublicApi()).and().areTopLevelClasses()
                .should(haveASimpleNameThatIsNotNestedOnly())
                .because("Flink nests them (KeyedProcessFunction.Context), so two of them never meet at top level");
        rule.check(production);
    }

    @Test
    void everyPackageOfWeirIsEitherPublicApiOrListedAsInternal() {
        Set<String> unclassified = production.stream().map(JavaClass::getPackageName)
                .filter(p -> !PublicApi.isPublicPackage(p) && !isInternal(p))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), unclassified, "a new package must be classified: public API (PublicApi.PACKAGES) or "
                + "internal (INTERNAL_PACKAGES here, or a subpackage named one of PublicApi.INTERNAL_SUBPACKAGES)");
    }

    @Test
    void thePublicApiTheCommandScansIsTheOneTheseRulesCheck() {
        Set<String> archUnit = production.stream().filter(arePublicApi()::test)
                .map(c -> c.getName().replace('$', '.')).collect(Collectors.toCollection(TreeSet::new));
        Set<String> scanned = PublicApi.scan().classesByName().values().stream().flatMap(Collection::stream)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(archUnit, scanned);
        for (String module : List.of("dev.weir.api.", "dev.weir.connector.", "dev.weir.kafka.", "dev.weir.rocksdb.")) {
            assertTrue(scanned.stream().anyMatch(c -> c.startsWith(module)), "no public class in " + module + "*");
        }
    }

    @Test
    void theRulesCanFail_twoPublicClassesShareASimpleName_andAContextIsTopLevel() {
        JavaClasses fixtures = new ClassFileImporter().importPackages("dev.weir.architecture.duplicates");
        ArchRule unique = classes().that().arePublic().and().areTopLevelClasses()
                .should(haveASimpleNameNoOtherOfThemHas());
        AssertionError duplicate = assertThrows(AssertionError.class, () -> unique.check(fixtures));
        assertTrue(duplicate.getMessage().contains("dev.weir.architecture.duplicates.first.Collector shares its "
                + "simple name with dev.weir.architecture.duplicates.second.Collector"), duplicate.getMessage());

        ArchRule nested = classes().that().arePublic().and().areTopLevelClasses()
                .should(haveASimpleNameThatIsNotNestedOnly());
        AssertionError context = assertThrows(AssertionError.class, () -> nested.check(fixtures));
        assertTrue(context.getMessage().contains("dev.weir.architecture.duplicates.second.Context"),
                context.getMessage());
    }

    private static boolean isInternal(String packageName) {
        return INTERNAL_PACKAGES.stream().anyMatch(p -> packageName.equals(p) || packageName.startsWith(p + "."))
                || PublicApi.NOT_API_PACKAGES.stream()
                        .anyMatch(p -> packageName.equals(p) || packageName.startsWith(p + "."))
                || List.of(packageName.split("\\.")).stream().anyMatch(PublicApi.INTERNAL_SUBPACKAGES::contains);
    }

    /** Public, in a public API package, and (when nested) nested in public classes only: what users see. */
    private static DescribedPredicate<JavaClass> arePublicApi() {
        return DescribedPredicate.describe("are in Weir's public API", c -> PublicApi.isPublicPackage(c.getPackageName())
                && isPublicAllTheWayOut(c) && !c.isAnonymousClass() && !c.isLocalClass());
    }

    private static boolean isPublicAllTheWayOut(JavaClass type) {
        for (JavaClass c = type; c != null; c = c.getEnclosingClass().orElse(null)) {
            if (!c.getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
        }
        return true;
    }

    private static ArchCondition<JavaClass> haveASimpleNameNoOtherOfThemHas() {
        return new ArchCondition<>("have a simple name no other of them has") {
            private Map<String, List<String>> byName = Map.of();

            @Override
            public void init(Collection<JavaClass> all) {
                byName = all.stream().collect(Collectors.groupingBy(JavaClass::getSimpleName,
                        Collectors.mapping(JavaClass::getName, Collectors.toList())));
            }

            @Override
            public void check(JavaClass type, ConditionEvents events) {
                List<String> others = byName.getOrDefault(type.getSimpleName(), List.of()).stream()
                        .filter(name -> !name.equals(type.getName())).sorted().toList();
                boolean unique = others.isEmpty();
                events.add(new SimpleConditionEvent(type, unique, type.getName() + " shares its simple name with "
                        + String.join(", ", others) + ": rename one (Flink's name for the concept) or nest it"));
            }
        };
    }

    private static ArchCondition<JavaClass> haveASimpleNameThatIsNotNestedOnly() {
        return new ArchCondition<>("have a simple name that Flink does not only nest") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                boolean fine = !NESTED_ONLY.contains(type.getSimpleName());
                events.add(new SimpleConditionEvent(type, fine, type.getName() + " is top level, but Flink only nests "
                        + type.getSimpleName() + " in the class it serves (e.g. KeyedProcessFunction.Context): nest it"));
            }
        };
    }
}
